package dev.rampart.core.snapshot;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.TableName;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class KernelChecksTest {
  private static SnapshotChain chain(String name, String... jumps) {
    SnapshotChain.Builder b = SnapshotChain.builder().name(name);
    for (String to : jumps) {
      b.addRule(Rule.of(List.of(), Jump.to(to)));
    }
    return b.build();
  }

  private static SnapshotTable filter(SnapshotChain... chains) {
    return SnapshotTable.of(Family.IPV4, TableName.FILTER, List.of(chains));
  }

  @Test
  void rejectsAChainListedTwice() {
    assertThatThrownBy(() -> filter(chain("DOCKER"), chain("DOCKER")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ipv4 table filter, chain DOCKER: chain listed twice: DOCKER");
  }

  @Test
  void rejectsABuiltInChainListedTwice() {
    assertThatThrownBy(() -> filter(chain("INPUT"), chain("INPUT")))
        .hasMessage("ipv4 table filter, chain INPUT: chain listed twice: INPUT");
  }

  @Test
  void rejectsAnEmptyChainName() {
    assertThatThrownBy(() -> filter(chain("")))
        .hasMessage("ipv4 table filter: chain name is empty");
  }

  @Test
  void acceptsAChainNameOf28Characters() {
    assertThatCode(() -> filter(chain("C".repeat(28)))).doesNotThrowAnyException();
  }

  @Test
  void rejectsAChainNameOver28Characters() {
    String name = "C".repeat(29);
    assertThatThrownBy(() -> filter(chain(name)))
        .hasMessage(
            "ipv4 table filter, chain " + name + ": chain name longer than 28 characters: " + name);
  }

  @Test
  void acceptsChainNamesAPolicyWouldRefuse() {
    assertThatCode(() -> filter(chain("ufw-before-input"), chain("KUBE-SVC-NPX46M4PTMTKRN6Y")))
        .doesNotThrowAnyException();
  }

  @Test
  void rejectsABuiltInChainOfAnotherTable() {
    assertThatThrownBy(
            () -> SnapshotTable.of(Family.IPV6, TableName.RAW, List.of(chain("FORWARD"))))
        .hasMessage("ipv6 table raw, chain FORWARD: built-in chain of another table: FORWARD");
  }

  @Test
  void rejectsAPolicyOnAUserChain() {
    SnapshotChain c = SnapshotChain.builder().name("FILTERS").policy(ChainPolicy.DROP).build();
    assertThatThrownBy(() -> filter(c))
        .hasMessage("ipv4 table filter, chain FILTERS: policy on a user chain: DROP");
  }

  @Test
  void rejectsAJumpToAMissingChain() {
    SnapshotChain input =
        SnapshotChain.builder()
            .name("INPUT")
            .addRule(Rule.of(List.of(), Verdict.ACCEPT))
            .addRule(Rule.of(List.of(), Verdict.ACCEPT))
            .addRule(Rule.of(List.of(), Jump.to("FILTERS")))
            .build();
    assertThatThrownBy(() -> filter(input))
        .hasMessage("ipv4 table filter, chain INPUT, rule 3: jump to a missing chain: FILTERS");
  }

  @Test
  void rejectsAGotoToAMissingChain() {
    SnapshotChain c =
        SnapshotChain.builder().name("X").addRule(Rule.of(List.of(), Jump.goTo("Y"))).build();
    assertThatThrownBy(() -> filter(c))
        .hasMessage("ipv4 table filter, chain X, rule 1: jump to a missing chain: Y");
  }

  @Test
  void acceptsAJumpToAChainListedLater() {
    assertThatCode(() -> filter(chain("A", "B"), chain("B"))).doesNotThrowAnyException();
  }

  @Test
  void rejectsAJumpCycle() {
    assertThatThrownBy(() -> filter(chain("A", "B"), chain("B", "C"), chain("C", "A")))
        .hasMessage("ipv4 table filter: jump cycle: A -> B -> C -> A");
  }

  @Test
  void rejectsAChainJumpingToItself() {
    assertThatThrownBy(() -> filter(chain("LOOP", "LOOP")))
        .hasMessage("ipv4 table filter: jump cycle: LOOP -> LOOP");
  }

  @Test
  void rejectsACycleReachedFromABuiltInChain() {
    assertThatThrownBy(() -> filter(chain("INPUT", "A"), chain("A", "B"), chain("B", "A")))
        .hasMessage("ipv4 table filter: jump cycle: A -> B -> A");
  }

  @Test
  void acceptsTwoPathsToTheSameChain() {
    assertThatCode(() -> filter(chain("INPUT", "A", "B"), chain("A", "B"), chain("B")))
        .doesNotThrowAnyException();
  }
}
