package dev.rampart.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Rule;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotChainTest {
  private static final Rule RETURN = Rule.of(List.of(), Verdict.RETURN);

  @Test
  void holdsNamePolicyCountersRulesAndOrigin() {
    SnapshotChain c =
        SnapshotChain.builder()
            .name("FORWARD")
            .policy(ChainPolicy.DROP)
            .counters(Counters.of(5, 300))
            .addRule(SnapshotRule.of(Rule.of(List.of(), Jump.to("DOCKER-USER"))))
            .origin(Origin.of(3, ":FORWARD DROP [5:300]"))
            .build();
    assertThat(c.name()).isEqualTo("FORWARD");
    assertThat(c.policy()).contains(ChainPolicy.DROP);
    assertThat(c.counters()).contains(Counters.of(5, 300));
    assertThat(c.rules())
        .extracting(r -> r.rule().target())
        .containsExactly(Jump.to("DOCKER-USER"));
    assertThat(c.origin()).contains(Origin.of(3, ":FORWARD DROP [5:300]"));
  }

  @Test
  void aUserChainHasNoPolicyCountersOrOriginByDefault() {
    SnapshotChain c = SnapshotChain.builder().name("DOCKER-USER").build();
    assertThat(c.policy()).isEmpty();
    assertThat(c.counters()).isEmpty();
    assertThat(c.rules()).isEmpty();
    assertThat(c.origin()).isEmpty();
  }

  @Test
  void addRuleTakesAPlainRule() {
    SnapshotChain c = SnapshotChain.builder().name("DOCKER-USER").addRule(RETURN).build();
    assertThat(c.rules()).containsExactly(SnapshotRule.of(RETURN));
  }

  @Test
  void holdsDockersOwnRules() {
    SnapshotChain c =
        SnapshotChain.builder()
            .name("DOCKER-FORWARD")
            .addRule(Rule.of(List.of(), Jump.to("DOCKER-CT")))
            .addRule(Rule.of(List.of(), Jump.to("DOCKER-INTERNAL")))
            .build();
    assertThat(c.rules()).hasSize(2);
  }
}
