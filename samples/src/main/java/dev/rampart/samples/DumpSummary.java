package dev.rampart.samples;

import dev.rampart.core.RuleFacts;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.core.snapshot.SnapshotChain;
import dev.rampart.core.snapshot.SnapshotRule;
import dev.rampart.core.snapshot.SnapshotTable;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The one-screen summary {@code check} prints for a parsed dump: per family and table its chains
 * and rules, the sets rules reference, and the opaque matches and targets by name with counts.
 */
final class DumpSummary {
  private DumpSummary() {}

  /** The summary of {@code snapshot}, read from a dump in {@code format}. */
  static String of(String format, Snapshot snapshot) {
    StringBuilder out = new StringBuilder("format: ").append(format).append('\n');
    TreeSet<String> sets = new TreeSet<>();
    Map<String, Integer> opaqueMatches = new TreeMap<>();
    Map<String, Integer> opaqueTargets = new TreeMap<>();
    for (SnapshotTable t : snapshot.tables()) {
      int rules = 0;
      for (SnapshotChain c : t.chains()) {
        for (SnapshotRule r : c.rules()) {
          rules++;
          r.rule().matches().forEach(m -> m.namedSet().ifPresent(sets::add));
          RuleFacts facts = RuleFacts.of(r.rule());
          facts.opaques().forEach(m -> opaqueMatches.merge(m.module(), 1, Integer::sum));
          facts.opaqueTarget().ifPresent(o -> opaqueTargets.merge(o.name(), 1, Integer::sum));
        }
      }
      out.append(t.family().label())
          .append(' ')
          .append(t.name().label())
          .append(": ")
          .append(t.chains().size())
          .append(" chains, ")
          .append(rules)
          .append(" rules\n");
    }
    out.append("sets referenced: ").append(sets.isEmpty() ? "none" : String.join(", ", sets));
    out.append("\nopaque matches: ").append(counts(opaqueMatches));
    out.append("\nopaque targets: ").append(counts(opaqueTargets)).append('\n');
    return out.toString();
  }

  private static String counts(Map<String, Integer> counts) {
    if (counts.isEmpty()) {
      return "none";
    }
    StringBuilder b = new StringBuilder();
    counts.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
    return b.toString();
  }
}
