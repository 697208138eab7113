package dev.rampart.dsl.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Rule;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.target.Verdict;
import dev.rampart.dsl.Rampart;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceRulesTest {
  @Test
  void writesOneRulePerFamilyOfTheSetIpv4First() {
    SourceSet admins = SourceSet.parse("admins", "fd00::/8", "10.0.0.0/8");
    List<Rule> rules = SourceRules.from(admins, r -> r.tcp().dport(22), Verdict.ACCEPT);
    assertThat(rules)
        .containsExactly(
            Rampart.rule().tcp().dport(22).srcSet("admins").accept(),
            Rampart.rule().tcp().dport(22).srcSet("admins6").accept());
  }

  @Test
  void writesOneRuleForASetOfOneFamily() {
    SourceSet v6 = SourceSet.parse("v6", "fd00::/8");
    assertThat(SourceRules.from(v6, r -> r.udp().dport(53), Verdict.RETURN))
        .singleElement()
        .satisfies(r -> assertThat(r.matches()).contains(SetMatch.source("v66")));
  }

  @Test
  void writesTheRuleAloneFromAnywhere() {
    assertThat(SourceRules.anywhere(r -> r.tcp().dport(80), Verdict.ACCEPT))
        .containsExactly(Rampart.rule().tcp().dport(80).accept());
  }
}
