package dev.rampart.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.target.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleTest {

  @Test
  void holdsMatchesTargetCommentAndFamily() {
    Rule r =
        Rule.builder()
            .addMatches(InterfaceMatch.in("lo"))
            .target(Verdict.ACCEPT)
            .comment("loopback")
            .family(Family.IPV4)
            .build();
    assertThat(r.matches()).containsExactly(InterfaceMatch.in("lo"));
    assertThat(r.target()).isEqualTo(Verdict.ACCEPT);
    assertThat(r.comment()).contains("loopback");
    assertThat(r.family()).contains(Family.IPV4);
  }

  @Test
  void ofBuildsARuleWithoutCommentOrFamily() {
    Rule r = Rule.of(List.of(), Verdict.DROP);
    assertThat(r.matches()).isEmpty();
    assertThat(r.comment()).isEmpty();
    assertThat(r.family()).isEmpty();
  }

  @Test
  void refusesWhenItsTargetIsDropOrReject() {
    assertThat(Rule.of(List.of(), Verdict.DROP).refuses()).isTrue();
    assertThat(Rule.of(List.of(), dev.rampart.core.target.Reject.of()).refuses()).isTrue();
    assertThat(Rule.of(List.of(), Verdict.ACCEPT).refuses()).isFalse();
    assertThat(Rule.of(List.of(), Verdict.RETURN).refuses()).isFalse();
    assertThat(Rule.of(List.of(), dev.rampart.core.target.Jump.to("FILTERS")).refuses()).isFalse();
  }

  @Test
  void holdsAnyCommentAHostMayHold() {
    String dumped = "admin's \"temporary\" rule $HOME";
    assertThat(Rule.builder().target(Verdict.ACCEPT).comment(dumped).build().comment())
        .contains(dumped);
  }

  @Test
  void holdsACommentOverTheLimitARulesetRefuses() {
    assertThat(Rule.builder().target(Verdict.ACCEPT).comment("c".repeat(256)).build().comment())
        .contains("c".repeat(256));
  }
}
