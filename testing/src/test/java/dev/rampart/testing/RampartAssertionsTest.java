package dev.rampart.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RampartAssertionsTest {
  @Test
  void assertThatStartsAVerdictAssertionOnTheRuleset() {
    RampartAssertions.assertThat(VerdictAssertTest.RULESET)
        .on(VerdictAssertTest.HOST)
        .drops(VerdictAssertTest.to(22));
  }

  @Test
  void theRulesetAssertionKeepsAssertJsGeneralChecks() {
    assertThatThrownBy(() -> RampartAssertions.assertThat(VerdictAssertTest.RULESET).isNull())
        .isInstanceOf(AssertionError.class);
  }
}
