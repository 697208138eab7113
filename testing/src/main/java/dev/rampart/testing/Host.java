package dev.rampart.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Facts about the machine the tests run on: are we root, where are the tools. */
final class Host {
  /**
   * Directories searched after {@code $PATH}: root's tools live there but a user's PATH lacks them.
   */
  private static final List<String> SBIN = List.of("/usr/local/sbin", "/usr/sbin", "/sbin");

  private Host() {}

  /** Returns whether this process runs with effective user id 0. */
  static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"), UTF_8)) {
        if (line.startsWith("Uid:")) {
          List<String> ids = Splitter.on('\t').omitEmptyStrings().splitToList(line);
          return ids.size() > 2 && ids.get(2).equals("0");
        }
      }
    } catch (IOException e) {
      // Not Linux, or /proc is hidden: fall through to the weaker check.
    }
    return "root".equals(System.getProperty("user.name"));
  }

  /** Returns the search path for tools: {@code $PATH} then the sbin directories. */
  static String searchPath() {
    Set<String> dirs = new LinkedHashSet<>();
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    Splitter.on(':').omitEmptyStrings().split(path).forEach(dirs::add);
    dirs.addAll(SBIN);
    return String.join(":", dirs);
  }

  /** Returns the tools of {@code tools} not found as executables on {@link #searchPath()}. */
  static ImmutableList<String> missingTools(Iterable<String> tools) {
    List<String> dirs = Splitter.on(':').splitToList(searchPath());
    ImmutableList.Builder<String> missing = ImmutableList.builder();
    for (String tool : tools) {
      boolean found = false;
      if (!tool.contains("/")) {
        for (String dir : dirs) {
          Path candidate = Path.of(dir, tool);
          if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
            found = true;
            break;
          }
        }
      }
      if (!found) {
        missing.add(tool);
      }
    }
    return missing.build();
  }
}
