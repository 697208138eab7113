package dev.rampart.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnsupportedFeatureExceptionTest {

  @Test
  void namesBackendFeatureAndPlace() {
    UnsupportedFeatureException e =
        new UnsupportedFeatureException("ferm", "goto", "table filter, chain INPUT, rule 3");
    assertThat(e).hasMessage("ferm cannot express goto (table filter, chain INPUT, rule 3)");
    assertThat(e.backend()).isEqualTo("ferm");
    assertThat(e.feature()).isEqualTo("goto");
    assertThat(e.place()).isEqualTo("table filter, chain INPUT, rule 3");
  }
}
