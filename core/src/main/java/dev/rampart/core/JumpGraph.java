package dev.rampart.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The jump/goto edges between the chains of one table. */
final class JumpGraph {
  private final Map<String, List<String>> edges = new LinkedHashMap<>();
  private final TableName table;

  JumpGraph(Table table) {
    this.table = table.name();
    for (Chain chain : table.chains()) {
      edges.put(
          chain.name(),
          chain.rules().stream()
              .flatMap(r -> r.target().chain().stream())
              .distinct()
              .collect(Collectors.toList()));
    }
  }

  /** Throws naming the first cycle found, e.g. {@code table filter: jump cycle: A -> B -> A}. */
  void checkAcyclic(TableRef place) {
    Set<String> done = new HashSet<>();
    for (String start : edges.keySet()) {
      Deque<String> path = new ArrayDeque<>();
      visit(start, path, done, place);
    }
  }

  private void visit(String chain, Deque<String> path, Set<String> done, TableRef place) {
    if (done.contains(chain)) {
      return;
    }
    if (path.contains(chain)) {
      StringBuilder cycle = new StringBuilder();
      boolean in = false;
      for (var it = path.descendingIterator(); it.hasNext(); ) {
        String c = it.next();
        in |= c.equals(chain);
        if (in) {
          cycle.append(c).append(" -> ");
        }
      }
      throw InvalidModelException.of(place, "jump cycle", cycle + chain);
    }
    path.push(chain);
    for (String next : edges.getOrDefault(chain, List.of())) {
      visit(next, path, done, place);
    }
    path.pop();
    done.add(chain);
  }

  /**
   * The built-in chains of the table from which {@code chain} is reached through jumps and gotos,
   * in the table's order. Call after {@link #checkAcyclic}.
   */
  List<String> builtinsReaching(String chain) {
    List<String> out = new ArrayList<>();
    for (String start : edges.keySet()) {
      if (table.hasBuiltin(start) && reaches(start, chain, new HashSet<>())) {
        out.add(start);
      }
    }
    return out;
  }

  private boolean reaches(String from, String to, Set<String> seen) {
    if (!seen.add(from)) {
      return false;
    }
    for (String next : edges.getOrDefault(from, List.of())) {
      if (next.equals(to) || reaches(next, to, seen)) {
        return true;
      }
    }
    return false;
  }
}
