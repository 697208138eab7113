package dev.rampart.render.iptables;

import dev.rampart.core.Family;
import dev.rampart.core.Policy;
import dev.rampart.core.Rule;
import dev.rampart.core.TableName;
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
    final @Nullable Policy policy;
    final long packets;
    final long bytes;
    final int line;
    final String text;
    final List<RuleLine> rules = new ArrayList<>();

    ChainDump(
        String name, @Nullable Policy policy, long packets, long bytes, int line, String text) {
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
  final Map<String, ChainDump> chains = new LinkedHashMap<>();

  TableDump(@Nullable TableName name, @Nullable Family family, int line) {
    this.name = name;
    this.family = family;
    this.line = line;
  }

  /** The table's name, once known. */
  TableName name() {
    if (name == null) {
      throw new IllegalStateException("table not yet known");
    }
    return name;
  }

  /** Whether {@code chain} is a declared user chain (a jump target). */
  boolean isUserChain(String chain) {
    ChainDump c = chains.get(chain);
    return c != null && c.policy == null;
  }
}
