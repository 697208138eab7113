package dev.rampart.core.target;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NotrackTest {

  @Test
  void isOneNonTerminatingValue() {
    assertThat(Notrack.of()).isSameAs(Notrack.INSTANCE);
    assertThat(Notrack.INSTANCE.terminating()).isFalse();
    assertThat(Notrack.INSTANCE.natOnly()).isFalse();
  }
}
