package dev.rampart.testing;

import static com.google.common.base.Preconditions.checkArgument;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The shared fixtures ({@code ../shared/fixtures} of the project, or {@code $RAMPART_FIXTURES}).
 *
 * <pre>{@code
 * String docker = Fixtures.read("docker/swarm-portmap-28-S.txt");
 * }</pre>
 */
public final class Fixtures {
  /** The environment variable naming the fixtures directory; the build sets it. */
  static final String VARIABLE = "RAMPART_FIXTURES";

  private Fixtures() {}

  /**
   * Returns the fixtures directory.
   *
   * @throws IllegalStateException if neither the variable nor the walk up from the working
   *     directory finds it
   */
  public static Path root() {
    Optional<String> variable = Optional.ofNullable(System.getenv(VARIABLE));
    Path start = Path.of("").toAbsolutePath();
    return locate(variable, start)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "fixtures not found: "
                        + VARIABLE
                        + "="
                        + variable.orElse("(unset)")
                        + " and no shared/fixtures above "
                        + start));
  }

  /**
   * Returns the path of a fixture, e.g. {@code path("docker/swarm-portmap-28-S.txt")}.
   *
   * @throws IllegalArgumentException if the path leaves the fixtures directory or does not exist
   */
  public static Path path(String relative) {
    Path root = root();
    Path path = root.resolve(relative).normalize();
    checkArgument(
        !Path.of(relative).isAbsolute() && path.startsWith(root),
        "fixture path leaves the fixtures directory: %s",
        relative);
    checkArgument(Files.isRegularFile(path), "no such fixture: %s (in %s)", relative, root);
    return path;
  }

  /** Returns the text (UTF-8) of a fixture; see {@link #path}. */
  public static String read(String relative) {
    Path path = path(relative);
    try {
      return Files.readString(path, UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fixture " + path, e);
    }
  }

  /**
   * Finds the fixtures directory: {@code variable} if it names a directory, else the first {@code
   * shared/fixtures} in {@code start} or one of its parents.
   */
  static Optional<Path> locate(Optional<String> variable, Path start) {
    if (variable.isPresent() && !variable.get().isEmpty()) {
      Path dir = Path.of(variable.get()).toAbsolutePath().normalize();
      if (Files.isDirectory(dir)) {
        return Optional.of(dir);
      }
    }
    for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("fixtures");
      if (Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
