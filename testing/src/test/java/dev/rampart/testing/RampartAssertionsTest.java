package dev.rampart.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.snapshot.Snapshot;
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

  @Test
  void assertThatStartsAVerdictAssertionOnASnapshot() {
    RampartAssertions.assertThat(Snapshot.of(VerdictAssertTest.RULESET))
        .on(VerdictAssertTest.HOST)
        .drops(VerdictAssertTest.to(22));
  }

  @Test
  void theSnapshotAssertionKeepsAssertJsGeneralChecks() {
    assertThatThrownBy(
            () -> RampartAssertions.assertThat(Snapshot.of(VerdictAssertTest.RULESET)).isNull())
        .isInstanceOf(AssertionError.class);
  }
}
