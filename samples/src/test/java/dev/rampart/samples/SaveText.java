package dev.rampart.samples;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableListMultimap;
import com.google.common.collect.ImmutableSortedSet;
import java.util.Set;

/** The parts of iptables-restore / iptables-save text that tests compare. */
final class SaveText {
  private SaveText() {}

  /**
   * The {@code -A} lines of {@code text} per "table chain", in order, for the chains in {@code
   * chains} (all chains when empty).
   */
  static ImmutableListMultimap<String, String> rules(String text, Set<String> chains) {
    ImmutableListMultimap.Builder<String, String> out = ImmutableListMultimap.builder();
    String table = "";
    for (String line : text.lines().toList()) {
      if (line.startsWith("*")) {
        table = line.substring(1);
      } else if (line.startsWith("-A ")) {
        String chain = line.split(" ", 3)[1];
        if (chains.isEmpty() || chains.contains(chain)) {
          out.put(table + " " + chain, line);
        }
      }
    }
    return out.build();
  }

  /** The chain declarations ({@code :NAME POLICY}) of {@code text}, counters dropped. */
  static ImmutableSortedSet<String> chains(String text) {
    ImmutableSortedSet.Builder<String> out = ImmutableSortedSet.naturalOrder();
    String table = "";
    for (String line : text.lines().toList()) {
      if (line.startsWith("*")) {
        table = line.substring(1);
      } else if (line.startsWith(":")) {
        out.add(table + " " + line.replaceAll(" \\[\\d+:\\d+\\]$", ""));
      }
    }
    return out.build();
  }

  /** The lines of {@code text} that are neither comments nor empty. */
  static ImmutableList<String> significant(String text) {
    return text.lines()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .collect(ImmutableList.toImmutableList());
  }
}
