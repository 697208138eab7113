package dev.rampart.render.iptables;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import dev.rampart.core.Family;
import dev.rampart.core.TableName;
import dev.rampart.testing.Netns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** What kernel tests read back: iptables-save of one table or chain, and bundle files on disk. */
final class KernelSave {
  private KernelSave() {}

  static String binary(Family family) {
    return family == Family.IPV4 ? "iptables" : "ip6tables";
  }

  /** {@code iptables-save -t TABLE} without its {@code #} lines. */
  static String table(Netns ns, Family family, TableName table) {
    String save = ns.run(binary(family) + "-save", "-t", table.label());
    StringBuilder out = new StringBuilder();
    for (String line : Splitter.on('\n').omitEmptyStrings().split(save)) {
      if (!line.startsWith("#")) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  /** The {@code -A CHAIN} lines of one chain, in order. */
  static ImmutableList<String> rules(Netns ns, Family family, TableName table, String chain) {
    return Splitter.on('\n')
        .splitToStream(table(ns, family, table))
        .filter(l -> l.startsWith("-A " + chain + " "))
        .collect(ImmutableList.toImmutableList());
  }

  /** The section {@code *TABLE ... COMMIT} of a rendering, or empty text. */
  static String section(String rendering, TableName table) {
    int start = rendering.indexOf("*" + table.label() + "\n");
    if (start < 0) {
      return "";
    }
    int end = rendering.indexOf("COMMIT\n", start) + "COMMIT\n".length();
    return rendering.substring(start, end);
  }

  /** Writes the bundle into {@code dir} and returns the path of its apply script. */
  static Path write(Map<String, String> bundle, Path dir) {
    try {
      for (Map.Entry<String, String> file : bundle.entrySet()) {
        Files.writeString(dir.resolve(file.getKey()), file.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir.resolve("apply.sh");
  }
}
