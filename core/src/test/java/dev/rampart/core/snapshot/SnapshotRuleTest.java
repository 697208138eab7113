package dev.rampart.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Rule;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.target.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotRuleTest {
  private static final Rule LOOPBACK = Rule.of(List.of(InterfaceMatch.in("lo")), Verdict.ACCEPT);

  @Test
  void ofHoldsTheRuleWithoutCountersOrOrigin() {
    SnapshotRule r = SnapshotRule.of(LOOPBACK);
    assertThat(r.rule()).isEqualTo(LOOPBACK);
    assertThat(r.counters()).isEmpty();
    assertThat(r.origin()).isEmpty();
  }

  @Test
  void builderHoldsCountersAndOrigin() {
    SnapshotRule r =
        SnapshotRule.builder()
            .rule(LOOPBACK)
            .counters(Counters.of(3, 180))
            .origin(Origin.of(9, "[3:180] -A INPUT -i lo -j ACCEPT"))
            .build();
    assertThat(r.counters()).contains(Counters.of(3, 180));
    assertThat(r.origin().map(Origin::line)).contains(9);
  }

  @Test
  void holdsACommentAPolicyWouldRefuse() {
    Rule quoted =
        Rule.builder().target(Verdict.ACCEPT).comment("admin's \"temporary\" rule").build();
    assertThat(SnapshotRule.of(quoted).rule().comment()).contains("admin's \"temporary\" rule");
  }
}
