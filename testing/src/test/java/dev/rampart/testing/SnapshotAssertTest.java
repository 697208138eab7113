package dev.rampart.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.eval.Evaluator;
import dev.rampart.core.snapshot.Snapshot;
import org.junit.jupiter.api.Test;

class SnapshotAssertTest {
  private static final Snapshot SNAPSHOT = Snapshot.of(VerdictAssertTest.RULESET);

  @Test
  void onAssertsTheVerdictsOfTheSnapshotsRulesOnTheGivenHost() {
    new SnapshotAssert(SNAPSHOT)
        .on(VerdictAssertTest.HOST)
        .accepts(VerdictAssertTest.to(80))
        .drops(VerdictAssertTest.to(22))
        .forwards(VerdictAssertTest.to(8080))
        .to("172.18.0.2", 80);
  }

  @Test
  void aFailedAssertionOnASnapshotShowsTheTrace() {
    assertThatThrownBy(
            () ->
                new SnapshotAssert(SNAPSHOT)
                    .on(VerdictAssertTest.HOST)
                    .accepts(VerdictAssertTest.to(22)))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "expected ACCEPTED but was DROPPED by ipv4 table filter, chain INPUT: policy DROP\n")
        .hasMessageEndingWith(
            Evaluator.of(SNAPSHOT, VerdictAssertTest.HOST)
                .evaluate(VerdictAssertTest.to(22))
                .toString());
  }
}
