package dev.rampart.render.iptables;

import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.TableName;
import dev.rampart.core.snapshot.Counters;
import dev.rampart.core.snapshot.Origin;
import dev.rampart.core.snapshot.SnapshotChain;
import dev.rampart.core.snapshot.SnapshotRule;
import dev.rampart.core.snapshot.SnapshotTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One table as a dump declares it, filled line by line; mutable, package-private. */
final class TableDump {
  /** A rule with its counters (-1 when absent) and the line it came from. */
  record RuleLine(Rule rule, long packets, long bytes, int line, String text) {}

  /** A chain with its policy (null for user chains), counters and rules. */
  static final class ChainDump {
    final String name;
    final @Nullable ChainPolicy policy;
    final long packets;
    final long bytes;

    /** The declaring line, 0 for a built-in chain a rule used without declaring it. */
    final int line;

    final String text;
    final List<RuleLine> rules = new ArrayList<>();

    ChainDump(
        String name,
        @Nullable ChainPolicy policy,
        long packets,
        long bytes,
        int line,
        String text) {
      this.name = name;
      this.policy = policy;
      this.packets = packets;
      this.bytes = bytes;
      this.line = line;
      this.text = text;
    }
  }

  @Nullable TableName name;
  @Nullable Family family;

  /** The line the family was decided on, for messages; 0 when the caller or a banner decided. */
  int familyLine;

  final int line;
  final String text;
  final Map<String, ChainDump> chains = new LinkedHashMap<>();

  TableDump(@Nullable TableName name, @Nullable Family family, int line, String text) {
    this.name = name;
    this.family = family;
    this.line = line;
    this.text = text;
  }

  /** The table's name, once known. */
  TableName name() {
    if (name == null) {
      throw new IllegalStateException("table not yet known");
    }
    return name;
  }

  /**
   * The snapshot table: family and name known, chains in declaration order with counters and
   * origins.
   *
   * @throws IllegalArgumentException if the kernel would refuse the table
   */
  SnapshotTable toSnapshot() {
    SnapshotTable.Builder table = SnapshotTable.builder().family(family()).name(name());
    for (ChainDump c : chains.values()) {
      SnapshotChain.Builder chain = SnapshotChain.builder().name(c.name);
      if (c.line > 0) {
        chain.origin(Origin.of(c.line, c.text));
      }
      if (c.policy != null) {
        chain.policy(c.policy);
      }
      if (c.packets >= 0) {
        chain.counters(Counters.of(c.packets, c.bytes));
      }
      for (RuleLine r : c.rules) {
        SnapshotRule.Builder rule =
            SnapshotRule.builder().rule(r.rule()).origin(Origin.of(r.line(), r.text()));
        if (r.packets() >= 0) {
          rule.counters(Counters.of(r.packets(), r.bytes()));
        }
        chain.addRules(rule.build());
      }
      table.addChains(chain.build());
    }
    return table.build();
  }

  private Family family() {
    if (family == null) {
      throw new IllegalStateException("family not yet known");
    }
    return family;
  }

  /** Whether {@code chain} is a declared user chain (a jump target). */
  boolean isUserChain(String chain) {
    return chains.containsKey(chain) && !name().hasBuiltin(chain);
  }
}
