package dev.rampart.core.snapshot;

import dev.rampart.core.ChainRef;
import dev.rampart.core.Names;
import dev.rampart.core.RuleRef;
import dev.rampart.core.TableName;
import dev.rampart.core.TableRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The checks the kernel (and {@code iptables-restore}) makes on a table, and no others: what a host
 * holds must be representable even where a policy of ours would be refused.
 */
final class KernelChecks {
  private KernelChecks() {}

  /** Throws naming the place of the first thing the kernel would refuse in {@code table}. */
  static void checkTable(SnapshotTable table) {
    TableRef where = table.ref();
    Set<String> names = new HashSet<>();
    Map<String, List<String>> edges = new LinkedHashMap<>();
    for (SnapshotChain chain : table.chains()) {
      checkChain(table, chain, names);
      List<String> targets = new ArrayList<>();
      for (int i = 0; i < chain.rules().size(); i++) {
        RuleRef rule = where.chain(chain.name()).rule(i + 1);
        chain
            .rules()
            .get(i)
            .rule()
            .target()
            .chain()
            .ifPresent(
                to -> {
                  check(table.chain(to).isPresent(), "%s: jump to a missing chain: %s", rule, to);
                  targets.add(to);
                });
      }
      edges.put(chain.name(), targets);
    }
    checkAcyclic(where, edges);
  }

  private static void checkChain(SnapshotTable table, SnapshotChain chain, Set<String> names) {
    TableRef where = table.ref();
    String name = chain.name();
    check(!name.isEmpty(), "%s: chain name is empty", where);
    ChainRef place = where.chain(name);
    check(names.add(name), "%s: chain listed twice: %s", place, name);
    check(
        name.length() <= Names.MAX_CHAIN,
        "%s: chain name longer than %s characters: %s",
        place,
        Names.MAX_CHAIN,
        name);
    boolean builtin = table.name().hasBuiltin(name);
    check(
        builtin || !TableName.isBuiltinAnywhere(name),
        "%s: built-in chain of another table: %s",
        place,
        name);
    check(
        builtin || chain.policy().isEmpty(),
        "%s: policy on a user chain: %s",
        place,
        chain.policy().map(Enum::name).orElse(""));
  }

  /** Throws naming the first cycle, {@code ipv4 table filter: jump cycle: A -> B -> A}. */
  private static void checkAcyclic(TableRef where, Map<String, List<String>> edges) {
    Set<String> done = new HashSet<>();
    for (String start : edges.keySet()) {
      visit(where, edges, start, new ArrayDeque<>(), done);
    }
  }

  private static void visit(
      TableRef where,
      Map<String, List<String>> edges,
      String chain,
      Deque<String> path,
      Set<String> done) {
    if (done.contains(chain)) {
      return;
    }
    if (path.contains(chain)) {
      List<String> cycle = new ArrayList<>();
      boolean in = false;
      for (var it = path.descendingIterator(); it.hasNext(); ) {
        String c = it.next();
        in |= c.equals(chain);
        if (in) {
          cycle.add(c);
        }
      }
      cycle.add(chain);
      throw new IllegalArgumentException(where + ": jump cycle: " + String.join(" -> ", cycle));
    }
    path.push(chain);
    for (String next : edges.getOrDefault(chain, List.of())) {
      visit(where, edges, next, path, done);
    }
    path.pop();
    done.add(chain);
  }

  @com.google.errorprone.annotations.FormatMethod
  static void check(boolean ok, String format, Object... args) {
    if (!ok) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, format, args));
    }
  }
}
