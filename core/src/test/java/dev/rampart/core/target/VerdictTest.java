package dev.rampart.core.target;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VerdictTest {

  @Test
  void everyVerdictTerminatesAndWorksInEveryTable() {
    for (Verdict v : Verdict.values()) {
      assertThat(v.terminating()).as(v.name()).isTrue();
      assertThat(v.natOnly()).as(v.name()).isFalse();
      assertThat(v.chain()).as(v.name()).isEmpty();
    }
  }
}
