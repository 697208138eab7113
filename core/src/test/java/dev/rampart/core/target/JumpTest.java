package dev.rampart.core.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JumpTest {

  @Test
  void jumpsOrGoesToAChain() {
    Jump j = Jump.to("FILTERS");
    assertThat(j.isGoto()).isFalse();
    assertThat(j.chain()).contains("FILTERS");
    assertThat(j.terminating()).isTrue();
    assertThat(j.natOnly()).isFalse();
    assertThat(Jump.goTo("FILTERS").isGoto()).isTrue();
    assertThat(Jump.goTo("FILTERS").chain()).contains("FILTERS");
  }

  @Test
  void checksTheChainName() {
    assertThatThrownBy(() -> Jump.to("X".repeat(29)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chain name longer than 28 characters: " + "X".repeat(29));
    assertThatThrownBy(() -> Jump.to("ACCEPT")).hasMessage("chain name is a target's name: ACCEPT");
    assertThatThrownBy(() -> Jump.goTo("A\nB")).hasMessageEndingWith(": A\\nB");
  }

  @Test
  void comesBackToTheNextRuleOnlyAsAJump() {
    assertThat(Jump.to("FILTERS").mayContinue()).isTrue();
    assertThat(Jump.goTo("FILTERS").mayContinue()).isFalse();
  }
}
