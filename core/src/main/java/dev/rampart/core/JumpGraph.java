package dev.rampart.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The jump/goto edges between the chains of one table. */
final class JumpGraph {
  private final Map<String, List<String>> edges = new LinkedHashMap<>();
  private final TableName table;
  private @Nullable Map<String, List<String>> reachedFrom;
  private long steps;

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
      visit(start, path, new HashSet<>(), done, place);
    }
  }

  private void visit(
      String chain, Deque<String> path, Set<String> onPath, Set<String> done, TableRef place) {
    steps++;
    if (done.contains(chain)) {
      return;
    }
    if (onPath.contains(chain)) {
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
    onPath.add(chain);
    for (String next : edges.getOrDefault(chain, List.of())) {
      visit(next, path, onPath, done, place);
    }
    onPath.remove(chain);
    path.pop();
    done.add(chain);
  }

  /**
   * The built-in chains of the table from which {@code chain} is reached through jumps and gotos,
   * in the table's order. Call after {@link #checkAcyclic}. The first call walks the graph once
   * from each built-in chain (a table has at most five); later calls look the answer up.
   */
  List<String> builtinsReaching(String chain) {
    Map<String, List<String>> reached = reachedFrom;
    if (reached == null) {
      reached = reachedFromBuiltins();
      reachedFrom = reached;
    }
    return reached.getOrDefault(chain, List.of());
  }

  private Map<String, List<String>> reachedFromBuiltins() {
    Map<String, List<String>> out = new HashMap<>();
    for (String start : edges.keySet()) {
      if (!table.hasBuiltin(start)) {
        continue;
      }
      Set<String> seen = new HashSet<>();
      Deque<String> todo = new ArrayDeque<>(edges.get(start));
      while (!todo.isEmpty()) {
        String next = todo.pop();
        steps++;
        if (seen.add(next)) {
          out.computeIfAbsent(next, k -> new ArrayList<>()).add(start);
          todo.addAll(edges.getOrDefault(next, List.of()));
        }
      }
    }
    return out;
  }

  /** How many edges the graph walks have followed so far; a bound on the work done. */
  long steps() {
    return steps;
  }
}
