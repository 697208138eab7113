package dev.rampart.analysis;

import static dev.rampart.core.ChainPolicy.ACCEPT;
import static dev.rampart.core.ChainPolicy.DROP;
import static dev.rampart.core.match.ConnState.ESTABLISHED;
import static dev.rampart.dsl.Rampart.FORWARD;
import static dev.rampart.dsl.Rampart.INPUT;
import static dev.rampart.dsl.Rampart.PREROUTING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Family;
import dev.rampart.core.Ruleset;
import dev.rampart.core.eval.Host;
import dev.rampart.core.match.LimitMatch;
import dev.rampart.dsl.Rampart;
import dev.rampart.dsl.TableBuilder;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class DeadRulesTest {
  private static final Host HOST = Host.parse("eth0=198.51.100.1/24,default=eth0");
  private static final String IN4 = "ipv4 table filter, chain INPUT";

  private static Ruleset filter(Consumer<TableBuilder> body) {
    return Rampart.ruleset().allowLockout().filter(body).build();
  }

  /** Each finding as its kind, its line, then its related places. */
  private static List<String> lines(Ruleset policy) {
    return DeadRules.of(policy, HOST).findings().stream()
        .map(f -> f.kind() + " " + f + " <- " + f.related())
        .toList();
  }

  @Test
  void reportsARuleShadowedByAnEarlierOneAndRedundantRules() {
    Ruleset policy =
        filter(
            t ->
                t.chain(
                    INPUT,
                    c ->
                        c.policy(DROP)
                            .rule(r -> r.tcp().dport(22).accept())
                            .rule(r -> r.tcp().dport(22).src("10.0.0.0/8").accept())
                            .rule(r -> r.udp().src("10.0.0.0/8").accept())
                            .rule(r -> r.udp().accept())
                            .rule(r -> r.icmp().drop())));

    assertThat(lines(policy))
        .containsExactly(
            "DEAD_RULE "
                + IN4
                + ", rule 2: dead rule, earlier rules take every packet it matches:"
                + " -p tcp --dport 22 -s 10.0.0.0/8 -j ACCEPT <- ["
                + IN4
                + ", rule 1]",
            "REDUNDANT_RULE "
                + IN4
                + ", rule 3: redundant rule, later rules decide its packets the same way:"
                + " -p udp -s 10.0.0.0/8 -j ACCEPT <- ["
                + IN4
                + ", rule 4]",
            "REDUNDANT_RULE "
                + IN4
                + ", rule 5: redundant rule, later rules decide its packets the same way:"
                + " -p icmp -j DROP <- ["
                + IN4
                + "]");
  }

  @Test
  void ofTwoIdenticalRulesTheSecondIsDeadAndTheFirstStays() {
    Ruleset policy =
        filter(
            t ->
                t.chain(
                    INPUT,
                    c ->
                        c.policy(DROP)
                            .rule(r -> r.tcp().dport(80).accept())
                            .rule(r -> r.tcp().dport(80).accept())));

    assertThat(DeadRules.of(policy, HOST).findings())
        .extracting(f -> f.kind() + " " + f.place())
        .containsExactly(
            "DEAD_RULE " + IN4 + ", rule 2", "DEAD_RULE ipv6 table filter, chain INPUT, rule 2");
  }

  @Test
  void aJumpToAChainThatDecidesShadowsTheRulesAfterIt() {
    Ruleset policy =
        filter(
            t ->
                t.chain(
                        INPUT,
                        c ->
                            c.policy(DROP)
                                .rule(r -> r.tcp().jump("svc"))
                                .rule(r -> r.tcp().dport(80).accept()))
                    .chain(
                        "svc", c -> c.rule(r -> r.tcp().dport(22).accept()).rule(r -> r.reject())));

    assertThat(lines(policy))
        .filteredOn(l -> l.contains("ipv4"))
        .containsExactly(
            "DEAD_RULE "
                + IN4
                + ", rule 2: dead rule, earlier rules take every packet it matches:"
                + " -p tcp --dport 80 -j ACCEPT <- ["
                + IN4
                + ", rule 1]");
  }

  @Test
  void packetsReturnedFromAChainReachTheRulesAfterTheJump() {
    Ruleset policy =
        filter(
            t ->
                t.chain(
                        INPUT,
                        c ->
                            c.policy(DROP)
                                .rule(r -> r.tcp().jump("svc"))
                                .rule(r -> r.tcp().src("10.1.0.0/16").dport(22).accept())
                                .rule(r -> r.tcp().src("192.168.0.0/16").accept()))
                    .chain(
                        "svc",
                        c -> c.rule(r -> r.src("10.0.0.0/8").returns()).rule(r -> r.accept())));

    assertThat(lines(policy))
        .containsExactly(
            "DEAD_RULE "
                + IN4
                + ", rule 3: dead rule, earlier rules take every packet it matches:"
                + " -p tcp -s 192.168.0.0/16 -j ACCEPT <- ["
                + IN4
                + ", rule 1]");
  }

  @Test
  void packetsSentWithGotoNeverComeBack() {
    Ruleset policy =
        filter(
            t ->
                t.chain(
                        INPUT,
                        c ->
                            c.policy(ACCEPT)
                                .rule(r -> r.udp().goTo("svc"))
                                .rule(r -> r.udp().dport(53).drop()))
                    .chain("svc", c -> c.rule(r -> r.udp().dport(123).drop())));

    assertThat(DeadRules.of(policy, HOST).findings())
        .extracting(f -> f.kind() + " " + f.place())
        .containsExactly(
            "DEAD_RULE " + IN4 + ", rule 2", "DEAD_RULE ipv6 table filter, chain INPUT, rule 2");
  }

  @Test
  void aChainWithTwoCallersIsDeadOnlyWhereNoCallerBringsPackets() {
    Ruleset policy =
        filter(
            t ->
                t.chain(INPUT, c -> c.policy(DROP).rule(r -> r.tcp().jump("shared")))
                    .chain(FORWARD, c -> c.policy(DROP).rule(r -> r.udp().jump("shared")))
                    .chain(
                        "shared",
                        c ->
                            c.rule(r -> r.tcp().dport(22).accept())
                                .rule(r -> r.udp().dport(53).accept())
                                .rule(r -> r.icmp().accept())));

    assertThat(lines(policy))
        .containsExactly(
            "DEAD_RULE ipv4 table filter, chain shared, rule 3: dead rule, earlier rules take"
                + " every packet it matches: -p icmp -j ACCEPT <- [ipv4 table filter, chain INPUT,"
                + " rule 1, ipv4 table filter, chain FORWARD, rule 1]");
  }

  @Test
  void aChainNothingJumpsToIsReportedOnce() {
    Ruleset policy =
        filter(
            t ->
                t.chain(INPUT, c -> c.policy(DROP).rule(r -> r.tcp().dport(22).accept()))
                    .chain("unused", c -> c.rule(r -> r.tcp().accept()).rule(r -> r.drop())));

    assertThat(lines(policy))
        .containsExactly(
            "UNREACHABLE_CHAIN ipv4 table filter, chain unused: unreachable chain, no rule jumps"
                + " to it: 2 rules <- []",
            "UNREACHABLE_CHAIN ipv6 table filter, chain unused: unreachable chain, no rule jumps"
                + " to it: 2 rules <- []");
  }

  @Test
  void rulesBehindARateLimitAreNeitherDeadNorRedundant() {
    Ruleset policy =
        filter(
            t ->
                t.chain(
                    INPUT,
                    c ->
                        c.policy(DROP)
                            .rule(r -> r.tcp().dport(22).limit(5, LimitMatch.Unit.MINUTE).accept())
                            .rule(r -> r.tcp().dport(22).drop())
                            .rule(r -> r.tcp().dport(22).accept())));

    assertThat(lines(policy))
        .filteredOn(l -> l.contains("ipv4"))
        .containsExactly(
            "DEAD_RULE "
                + IN4
                + ", rule 3: dead rule, earlier rules take every packet it matches:"
                + " -p tcp --dport 22 -j ACCEPT <- ["
                + IN4
                + ", rule 1, "
                + IN4
                + ", rule 2]");
  }

  @Test
  void aLogIsNeverRedundantButCanBeDead() {
    Ruleset policy =
        filter(
            t ->
                t.chain(
                    INPUT,
                    c ->
                        c.policy(DROP)
                            .rule(r -> r.tcp().log("tcp "))
                            .rule(r -> r.tcp().drop())
                            .rule(r -> r.tcp().dport(22).log("ssh "))));

    assertThat(lines(policy))
        .filteredOn(l -> l.contains("ipv4"))
        .containsExactly(
            "REDUNDANT_RULE "
                + IN4
                + ", rule 2: redundant rule, later rules decide its packets the same way:"
                + " -p tcp -j DROP <- ["
                + IN4
                + "]",
            "DEAD_RULE "
                + IN4
                + ", rule 3: dead rule, earlier rules take every packet it matches:"
                + " -p tcp --dport 22 -j LOG --log-prefix \"ssh \" <- ["
                + IN4
                + ", rule 2]");
  }

  @Test
  void aDropBeforeADropPolicyIsRedundantOnlyInTheFamilyWithThatPolicy() {
    Ruleset policy =
        filter(
            t ->
                t.chain(
                    INPUT,
                    c ->
                        c.policy(Family.IPV4, DROP)
                            .policy(Family.IPV6, ACCEPT)
                            .rule(r -> r.tcp().dport(22).accept())
                            .rule(r -> r.tcp().drop())));

    assertThat(lines(policy))
        .containsExactly(
            "REDUNDANT_RULE "
                + IN4
                + ", rule 2: redundant rule, later rules decide its packets the same way:"
                + " -p tcp -j DROP <- ["
                + IN4
                + "]");
  }

  @Test
  void aRuleNoPacketOfItsHookCanMatchIsDeadWithoutEarlierRules() {
    Ruleset policy =
        Rampart.ruleset()
            .allowLockout()
            .nat(t -> t.chain(PREROUTING, c -> c.rule(r -> r.ctstate(ESTABLISHED).accept())))
            .build();

    assertThat(lines(policy))
        .containsExactly(
            "DEAD_RULE ipv4 table nat, chain PREROUTING, rule 1: dead rule, no packet reaching its"
                + " chain matches it: -m conntrack --ctstate ESTABLISHED -j ACCEPT <- []",
            "DEAD_RULE ipv6 table nat, chain PREROUTING, rule 1: dead rule, no packet reaching its"
                + " chain matches it: -m conntrack --ctstate ESTABLISHED -j ACCEPT <- []");
  }
}
