package dev.rampart.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.target.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainTest {
  private static final Rule ACCEPT_ALL = Rule.of(List.of(), Verdict.ACCEPT);

  @Test
  void isManagedByDefault() {
    Chain c = Chain.of("FILTERS", List.of(ACCEPT_ALL));
    assertThat(c.owner()).isEqualTo(ChainOwner.MANAGED);
    assertThat(c.isManaged()).isTrue();
    assertThat(c.isBuiltin()).isFalse();
    assertThat(c.rules()).containsExactly(ACCEPT_ALL);
  }

  @Test
  void knowsBuiltInChainsOfEveryTable() {
    assertThat(Chain.of("INPUT", List.of()).isBuiltin()).isTrue();
    assertThat(Chain.of("PREROUTING", List.of()).isBuiltin()).isTrue();
    assertThat(Chain.of("input", List.of()).isBuiltin()).isFalse();
  }

  @Test
  void givesEachFamilyItsOwnPolicyOverTheCommonOne() {
    Chain c =
        Chain.builder()
            .name("INPUT")
            .policy(ChainPolicy.DROP)
            .putFamilyPolicy(Family.IPV6, ChainPolicy.ACCEPT)
            .build();
    assertThat(c.policyFor(Family.IPV4)).contains(ChainPolicy.DROP);
    assertThat(c.policyFor(Family.IPV6)).contains(ChainPolicy.ACCEPT);
    assertThat(c.hasPolicy()).isTrue();
  }

  @Test
  void hasNoPolicyInAFamilyWithoutOne() {
    Chain c = Chain.builder().name("INPUT").putFamilyPolicy(Family.IPV4, ChainPolicy.DROP).build();
    assertThat(c.policyFor(Family.IPV4)).contains(ChainPolicy.DROP);
    assertThat(c.policyFor(Family.IPV6)).isEmpty();
    assertThat(Chain.of("INPUT", List.of()).hasPolicy()).isFalse();
  }

  @Test
  void rejectsAFamilyPolicyOnAForeignChain() {
    assertThatThrownBy(
            () ->
                Chain.builder()
                    .name("DOCKER")
                    .owner(ChainOwner.FOREIGN)
                    .putFamilyPolicy(Family.IPV4, ChainPolicy.DROP)
                    .build())
        .hasMessage("a foreign chain gets no policy from us: DOCKER");
  }

  @Test
  void declaresAForeignChain() {
    Chain c = Chain.foreign("DOCKER");
    assertThat(c.owner()).isEqualTo(ChainOwner.FOREIGN);
    assertThat(c.isManaged()).isFalse();
    assertThat(c.rules()).isEmpty();
  }

  @Test
  void rejectsRulesInAForeignChain() {
    assertThatThrownBy(
            () ->
                Chain.builder()
                    .name("DOCKER")
                    .owner(ChainOwner.FOREIGN)
                    .addRules(ACCEPT_ALL)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a foreign chain holds no rules of ours: DOCKER");
  }

  @Test
  void rejectsAPolicyOnAForeignChain() {
    assertThatThrownBy(
            () ->
                Chain.builder()
                    .name("DOCKER")
                    .owner(ChainOwner.FOREIGN)
                    .policy(ChainPolicy.ACCEPT)
                    .build())
        .hasMessage("a foreign chain gets no policy from us: DOCKER");
  }

  @Test
  void checksTheNameOfAUserChain() {
    assertThatThrownBy(() -> Chain.of("X".repeat(29), List.of()))
        .hasMessage("chain name longer than 28 characters: " + "X".repeat(29));
    assertThatThrownBy(() -> Chain.foreign("DOCKER USER")).hasMessageEndingWith(": DOCKER USER");
    assertThatThrownBy(() -> Chain.of("ACCEPT", List.of()))
        .hasMessage("chain name is a target's name: ACCEPT");
  }
}
