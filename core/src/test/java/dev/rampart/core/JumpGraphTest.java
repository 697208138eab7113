package dev.rampart.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Verdict;
import java.util.List;
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
