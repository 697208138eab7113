package dev.rampart.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PolicyMatchTest {

  @Test
  void holdsDirectionAndPolicyAndIsNeverNegated() {
    PolicyMatch m = PolicyMatch.of(PolicyMatch.Dir.IN, PolicyMatch.Processing.NONE);
    assertThat(m.dir()).isEqualTo(PolicyMatch.Dir.IN);
    assertThat(m.processing()).isEqualTo(PolicyMatch.Processing.NONE);
    assertThat(m.negated()).isFalse();
    assertThat(m).isEqualTo(PolicyMatch.of(PolicyMatch.Dir.IN, PolicyMatch.Processing.NONE));
  }
}
