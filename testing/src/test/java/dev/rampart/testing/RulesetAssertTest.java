package dev.rampart.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.AdminAccess;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.LockoutCheck;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.ConntrackStateMatch;
import dev.rampart.core.target.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class RulesetAssertTest {
  @Test
  void onRoutesOnTheGivenHost() {
    Host router = Host.parse("eth0=198.51.100.2/24,eth1=192.0.2.1/24,default=eth0");

    new RulesetAssert(VerdictAssertTest.RULESET).on(router).forwards(VerdictAssertTest.to(80));
    assertThatThrownBy(
            () ->
                new RulesetAssert(VerdictAssertTest.RULESET)
                    .on(VerdictAssertTest.HOST)
                    .forwards(VerdictAssertTest.to(80)))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void keepsAdminAccessPassesWhenTheAdminPortIsAccepted() {
    new RulesetAssert(VerdictAssertTest.RULESET)
        .keepsAdminAccess(AdminAccess.builder().addPorts(80).build());
  }

  @Test
  void keepsAdminAccessFailsWithTheLockoutCheckMessage() {
    String lockout =
        LockoutCheck.findLockout(VerdictAssertTest.RULESET, List.of(Family.IPV4))
            .orElseThrow()
            .getMessage();

    assertThatThrownBy(() -> new RulesetAssert(VerdictAssertTest.RULESET).keepsAdminAccess())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "expected the ruleset to keep AdminAccess{ports=[22], sources=[], families=[],"
                + " interfaces=[]}\nbut "
                + lockout);
  }

  private static Ruleset input(Rule... rules) {
    return Ruleset.builder()
        .addTables(
            Table.of(
                TableName.FILTER,
                List.of(
                    Chain.builder()
                        .name("INPUT")
                        .policy(ChainPolicy.DROP)
                        .addRules(rules)
                        .build())))
        .build();
  }

  @Test
  void hasNoDeadRulesPassesWhenEveryRuleDecidesSomePacket() {
    new RulesetAssert(
            input(
                Rule.of(
                    List.of(VerdictAssertTest.tcp(), VerdictAssertTest.dport(22)), Verdict.ACCEPT),
                Rule.of(
                    List.of(VerdictAssertTest.tcp(), VerdictAssertTest.dport(80)), Verdict.ACCEPT)))
        .hasNoDeadRules();
  }

  @Test
  void hasNoDeadRulesFailsWithTheShadowedRuleAndTheRuleThatCoversIt() {
    Rule ssh =
        Rule.of(List.of(VerdictAssertTest.tcp(), VerdictAssertTest.dport(22)), Verdict.ACCEPT);

    assertThatThrownBy(() -> new RulesetAssert(input(ssh, ssh)).hasNoDeadRules())
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "expected no dead or redundant rules but found:\n  ipv4 table filter, chain INPUT,"
                + " rule 2: ")
        .hasMessageContaining("covered by: [ipv4 table filter, chain INPUT, rule 1]");
  }

  @Test
  void repliesAcceptedFirstPassesWhenEstablishedPacketsMeetTheSameAccept() {
    // SSH's later packets meet its own accept; the replies to the host's own connections and
    // the related ICMP errors the replies rule after it
    new RulesetAssert(
            input(
                Rule.of(
                    List.of(VerdictAssertTest.tcp(), VerdictAssertTest.dport(22)), Verdict.ACCEPT),
                Rule.of(
                    List.of(
                        ConntrackStateMatch.of(List.of(ConnState.ESTABLISHED, ConnState.RELATED))),
                    Verdict.ACCEPT)))
        .repliesAcceptedFirst();
  }

  @Test
  void repliesAcceptedFirstFailsWhenTheRepliesToTheHostsOwnConnectionsAreDropped() {
    assertThatThrownBy(
            () ->
                new RulesetAssert(
                        input(
                            Rule.of(
                                List.of(VerdictAssertTest.tcp(), VerdictAssertTest.dport(22)),
                                Verdict.ACCEPT)))
                    .repliesAcceptedFirst())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(
            "ipv4 table filter, chain INPUT: replies to connections the host opened are dropped"
                + " here: ")
        .hasMessageContaining("related ICMP errors of connections accepted new are dropped here");
  }

  @Test
  void repliesAcceptedFirstFailsWithTheDropAndItsWitness() {
    Rule newSsh =
        Rule.of(
            List.of(
                ConntrackStateMatch.of(List.of(ConnState.NEW)),
                VerdictAssertTest.tcp(),
                VerdictAssertTest.dport(22)),
            Verdict.ACCEPT);
    Rule dropTcp = Rule.of(List.of(VerdictAssertTest.tcp()), Verdict.DROP);

    assertThatThrownBy(() -> new RulesetAssert(input(newSsh, dropTcp)).repliesAcceptedFirst())
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "expected replies accepted first but found:\n  ipv4 table filter, chain INPUT, rule 2:"
                + " established packets of connections accepted new are dropped here: tcp ")
        .hasMessageContaining(":22 in eth0 state established");
  }
}
