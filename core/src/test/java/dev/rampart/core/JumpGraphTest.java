package dev.rampart.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class JumpGraphTest {

  @Test
  void acceptsAChainOfJumpsWithoutCycle() {
    Table t = table(chain("A", "B"), chain("B", "C"), chain("C"));
    assertThatCode(() -> new JumpGraph(t).checkAcyclic(TableRef.of(TableName.FILTER)))
        .doesNotThrowAnyException();
  }

  @Test
  void reportsTheCycleStartingAtTheChainThatClosesIt() {
    Table t = table(chain("START", "A"), chain("A", "B"), chain("B", "A"));
    assertThatThrownBy(() -> new JumpGraph(t).checkAcyclic(TableRef.of(TableName.FILTER)))
        .isInstanceOfSatisfying(
            InvalidModelException.class,
            e -> assertThat(e.place()).contains(TableRef.of(TableName.FILTER)))
        .hasMessage("table filter: jump cycle: A -> B -> A");
  }

  @Test
  void findsACycleOnlyReachableFromALaterChain() {
    Table t = table(chain("A"), chain("B", "C"), chain("C", "B"));
    assertThatThrownBy(() -> new JumpGraph(t).checkAcyclic(TableRef.of(TableName.RAW)))
        .hasMessage("table raw: jump cycle: B -> C -> B");
  }

  @Test
  void ignoresEdgesToUndeclaredChains() {
    Table t = table(chain("A", "NOWHERE"));
    assertThatCode(() -> new JumpGraph(t).checkAcyclic(TableRef.of(TableName.FILTER)))
        .doesNotThrowAnyException();
  }

  @Test
  void listsTheBuiltinsReachingAChainInTableOrder() {
    Table t =
        table(chain("OUTPUT", "B"), chain("INPUT", "A"), chain("A", "B"), chain("B"), chain("C"));
    JumpGraph graph = new JumpGraph(t);
    graph.checkAcyclic(TableRef.of(TableName.FILTER));
    assertThat(graph.builtinsReaching("B")).containsExactly("OUTPUT", "INPUT");
    assertThat(graph.builtinsReaching("A")).containsExactly("INPUT");
    assertThat(graph.builtinsReaching("C")).isEmpty();
  }

  /**
   * Three built-ins jump to each of 2,000 user chains, each of which jumps to the next five: a walk
   * per chain (as the validator once did) follows millions of edges; one walk per built-in follows
   * each edge at most once per built-in.
   */
  @Test
  void walksEachEdgeAtMostOncePerBuiltinWhateverTheNumberOfChains() {
    int n = 2_000;
    List<Chain> chains = new ArrayList<>();
    List<String> users = IntStream.range(0, n).mapToObj(i -> "U" + i).toList();
    for (String builtin : List.of("INPUT", "FORWARD", "OUTPUT")) {
      chains.add(chain(builtin, users.toArray(String[]::new)));
    }
    for (int i = 0; i < n; i++) {
      chains.add(
          chain(users.get(i), users.subList(i + 1, Math.min(n, i + 6)).toArray(String[]::new)));
    }
    JumpGraph graph = new JumpGraph(table(chains.toArray(Chain[]::new)));
    long edges = 3L * n + 5L * n;
    graph.checkAcyclic(TableRef.of(TableName.FILTER));
    assertThat(graph.steps()).isLessThanOrEqualTo(edges + chains.size());
    for (String user : users) {
      assertThat(graph.builtinsReaching(user)).containsExactly("INPUT", "FORWARD", "OUTPUT");
    }
    assertThat(graph.steps()).isLessThanOrEqualTo(4 * (edges + chains.size()));
  }

  private static Chain chain(String name, String... jumps) {
    return Chain.builder()
        .name(name)
        .addAllRules(
            java.util.Arrays.stream(jumps).map(j -> Rule.of(List.of(), Jump.to(j))).toList())
        .addRules(Rule.of(List.of(), Verdict.RETURN))
        .build();
  }

  private static Table table(Chain... chains) {
    return Table.of(TableName.FILTER, List.of(chains));
  }
}
