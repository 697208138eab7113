package dev.rampart.analysis;

import static dev.rampart.core.ChainPolicy.DROP;
import static dev.rampart.dsl.Rampart.INPUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.RuleRef;
import dev.rampart.core.Ruleset;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.Evaluation;
import dev.rampart.core.eval.Evaluator;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.Packet;
import dev.rampart.dsl.Rampart;
import org.junit.jupiter.api.Test;

class RuleOrderTest {
  private static final Host HOST = Host.parse("eth0=198.51.100.1/24,default=eth0");

  private static final Ruleset POLICY =
      Rampart.ruleset()
          .allowLockout()
          .filter(
              t ->
                  t.chain(
                      INPUT,
                      c ->
                          c.policy(DROP)
                              .rule(r -> r.tcp().dport(22).accept())
                              .rule(r -> r.udp().dport(53).accept())
                              .rule(r -> r.src("10.0.0.0/8").drop())
                              .rule(r -> r.tcp().dport(80).accept())))
          .build();

  @Test
  void rulesOnDisjointPacketsCommute() {
    Commutation c =
        RuleOrder.of(POLICY, HOST).commutes(RuleRef.of(TableName.FILTER, INPUT, 1).in(ipv4()));

    assertThat(c.commutes()).isTrue();
    assertThat(c.witness()).isEmpty();
    assertThat(c.toString())
        .isEqualTo("ipv4 table filter, chain INPUT, rule 1: commutes with the next rule");
  }

  @Test
  void aDropAndAnAcceptOfCommonPacketsDoNotCommuteAndTheWitnessShowsIt() {
    RuleRef third = RuleRef.of(TableName.FILTER, INPUT, 3).in(ipv4());

    Commutation c = RuleOrder.of(POLICY, HOST).commutes(third);

    assertThat(c.commutes()).isFalse();
    Packet w = c.witness().orElseThrow();
    assertThat(w.source().orElseThrow().getHostAddress()).startsWith("10.");
    assertThat(Evaluator.of(POLICY, HOST).evaluate(w).decision())
        .isEqualTo(Evaluation.Decision.DROPPED);
  }

  @Test
  void refusesARuleWithNoRuleAfterIt() {
    assertThatThrownBy(
            () -> RuleOrder.of(POLICY, HOST).commutes(RuleRef.of(TableName.FILTER, INPUT, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("table filter, chain INPUT, rule 4: no rule after it in its chain");
  }

  private static dev.rampart.core.Family ipv4() {
    return dev.rampart.core.Family.IPV4;
  }
}
