package dev.rampart.analysis;

import static dev.rampart.core.ChainPolicy.DROP;
import static dev.rampart.dsl.Rampart.INPUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.RuleRef;
import dev.rampart.core.Ruleset;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.Evaluation;
import dev.rampart.core.eval.Evaluation.Decision;
import dev.rampart.core.eval.Evaluator;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.Outcome;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.match.PacketTypeMatch;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.dsl.Rampart;
import dev.rampart.render.iptables.IptablesParser;
import java.util.Locale;
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

  private static Snapshot dump(String table, String... rules) {
    StringBuilder b = new StringBuilder("*" + table + "\n");
    for (String chain : TableName.valueOf(table.toUpperCase(Locale.ROOT)).builtinChains()) {
      b.append(':').append(chain).append(" ACCEPT [0:0]\n");
    }
    for (String r : rules) {
      b.append(r).append('\n');
    }
    return IptablesParser.parse(b.append("COMMIT\n").toString());
  }

  private static Commutation firstPair(Snapshot dump, TableName table, String chain) {
    return RuleOrder.of(dump, HOST).commutes(RuleRef.of(table, chain, 1).in(ipv4()));
  }

  @Test
  void twoDnatsOfArrivingPacketsDoNotCommuteAndTheWitnessArrivesOnAnInterface() {
    Snapshot dump =
        dump(
            "nat",
            "-A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80",
            "-A PREROUTING -p tcp -j DNAT --to-destination 172.17.0.3:80");

    Commutation c = firstPair(dump, TableName.NAT, "PREROUTING");

    assertThat(c.commutes()).isFalse();
    Packet w = c.witness().orElseThrow();
    assertThat(w.isLocal()).isFalse();
    assertThat(Evaluator.of(dump, HOST).evaluate(w).destination().orElseThrow().getHostAddress())
        .isEqualTo("172.17.0.2");
  }

  @Test
  void aForwardRuleOnAnInterfaceNothingRoutesToCommutesWithEveryRule() {
    Snapshot dump =
        dump("filter", "-A FORWARD -s 10.0.0.0/8 -j DROP", "-A FORWARD -o ens11 -j ACCEPT");

    assertThat(firstPair(dump, TableName.FILTER, "FORWARD").commutes()).isTrue();
  }

  @Test
  void aForwardRuleOnTheRoutedInterfaceDoesNotCommuteAndTheWitnessIsRoutedThere() {
    Snapshot dump =
        dump("filter", "-A FORWARD -s 10.0.0.0/8 -j DROP", "-A FORWARD -o eth0 -j ACCEPT");

    Commutation c = firstPair(dump, TableName.FILTER, "FORWARD");

    assertThat(c.commutes()).isFalse();
    Packet w = c.witness().orElseThrow();
    assertThat(w.isLocal()).isFalse();
    assertThat(w.source().orElseThrow().getHostAddress()).startsWith("10.");
    assertThat(HOST.route(w.destination().orElseThrow())).contains("eth0");
  }

  @Test
  void anInputRuleForAnotherHostsAddressCommutesWithEveryRule() {
    Snapshot dump = dump("filter", "-A INPUT -d 192.0.2.0/24 -j DROP", "-A INPUT -j ACCEPT");

    assertThat(firstPair(dump, TableName.FILTER, "INPUT").commutes()).isTrue();
  }

  @Test
  void rulesOnlyForPacketsAnEarlierTableOfTheHookDropsCommute() {
    Snapshot dump =
        IptablesParser.parse(
            """
            *raw
            :PREROUTING ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            -A OUTPUT -p icmp -j DROP
            COMMIT
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            -A OUTPUT -p icmp -j REJECT
            -A OUTPUT -p icmp -j ACCEPT
            COMMIT
            """);

    assertThat(firstPair(dump, TableName.FILTER, "OUTPUT").commutes()).isTrue();
  }

  @Test
  void aMarkNoRuleTestsCommutesWithADrop() {
    Snapshot dump =
        dump(
            "filter",
            "-A FORWARD -s 10.0.0.0/8 -j MARK --set-xmark 0x1/0xffffffff",
            "-A FORWARD -s 10.1.0.0/16 -j ACCEPT");

    assertThat(firstPair(dump, TableName.FILTER, "FORWARD").commutes()).isTrue();
  }

  @Test
  void aMarkALaterHookTestsDoesNotCommuteWithAnAccept() {
    Snapshot dump =
        IptablesParser.parse(
            """
            *mangle
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :FORWARD ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            -A POSTROUTING -m mark --mark 0x1 -j DROP
            COMMIT
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            -A FORWARD -s 10.0.0.0/8 -j MARK --set-xmark 0x1/0xffffffff
            -A FORWARD -s 10.1.0.0/16 -j ACCEPT
            COMMIT
            """);

    Commutation c = firstPair(dump, TableName.FILTER, "FORWARD");

    assertThat(c.commutes()).isFalse();
    assertThat(Evaluator.of(dump, HOST).evaluate(c.witness().orElseThrow()).decision())
        .isEqualTo(Evaluation.Decision.DROPPED);
  }

  @Test
  void aMarkBeforeADropThatStillMatchesTheMarkedPacketsCommutes() {
    Snapshot dump =
        dump(
            "filter",
            "-A FORWARD -s 10.0.0.0/8 -j MARK --set-xmark 0x1/0xffffffff",
            "-A FORWARD -s 10.1.0.0/16 -j DROP",
            "-A FORWARD -m mark --mark 0x1 -j ACCEPT");

    assertThat(firstPair(dump, TableName.FILTER, "FORWARD").commutes()).isTrue();
  }

  @Test
  void aMarkMatchWithAPrefixMaskIsExactAndTheWitnessCarriesTheMark() {
    Snapshot dump =
        dump(
            "filter",
            "-A INPUT -m mark --mark 0x10000000/0xf0000000 -j ACCEPT",
            "-A INPUT -j DROP");

    Commutation c = firstPair(dump, TableName.FILTER, "INPUT");

    assertThat(c.commutes()).isFalse();
    assertThat(c.witness().orElseThrow().mark() & 0xf0000000L).isEqualTo(0x10000000L);
  }

  @Test
  void aPacketTypeTheHeaderSpaceDoesNotTrackIsTriedForTheWitness() {
    Snapshot dump =
        dump("filter", "-A INPUT -m pkttype --pkt-type broadcast -j ACCEPT", "-A INPUT -j DROP");

    Commutation c = firstPair(dump, TableName.FILTER, "INPUT");

    assertThat(c.commutes()).isFalse();
    assertThat(c.witness().orElseThrow().packetType()).isEqualTo(PacketTypeMatch.Type.BROADCAST);
  }

  /**
   * Residue shape (a): raw's ACCEPT and DROP send the common packets different ways at the end of
   * raw, but the filter table drops every one raw accepts, so no fate changes.
   */
  @Test
  void aDifferenceALaterTableErasesCommutes() {
    Snapshot dump =
        IptablesParser.parse(
            """
            *raw
            :PREROUTING ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            -A PREROUTING -p tcp -j ACCEPT
            -A PREROUTING -s 10.0.0.0/8 -j DROP
            COMMIT
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            -A INPUT -s 10.0.0.0/8 -p tcp -j DROP
            -A FORWARD -s 10.0.0.0/8 -p tcp -j DROP
            COMMIT
            """);

    Commutation c = firstPair(dump, TableName.RAW, "PREROUTING");

    assertThat(c.answer()).as(c.toString()).isEqualTo(Commutation.Answer.COMMUTES);
    assertThat(c.witness()).isEmpty();
  }

  /**
   * Residue shape (b): a mark set before an ACCEPT, which a later rule tests, but only for packets
   * from other sources: no fate changes.
   */
  @Test
  void aMarkALaterRuleTestsOnlyForOtherPacketsCommutesWithAnAccept() {
    Snapshot dump =
        IptablesParser.parse(
            """
            *mangle
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :FORWARD ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            -A PREROUTING -s 10.0.0.0/8 -j MARK --set-xmark 0x1/0xffffffff
            -A PREROUTING -s 10.0.0.0/8 -j ACCEPT
            COMMIT
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            -A INPUT -s 192.168.0.0/16 -m mark --mark 0x1 -j DROP
            -A FORWARD -s 192.168.0.0/16 -m mark --mark 0x1 -j DROP
            COMMIT
            """);

    Commutation c = firstPair(dump, TableName.MANGLE, "PREROUTING");

    assertThat(c.answer()).as(c.toString()).isEqualTo(Commutation.Answer.COMMUTES);
    assertThat(c.witness()).isEmpty();
  }

  /**
   * Residue shape (c): two rate limits, one accepting and one dropping the same packets: either
   * order can accept or drop a packet, and which one it does hangs on the limits.
   */
  @Test
  void twoRateLimitsThatDisagreeDependOnTheLimits() {
    Snapshot dump =
        dump(
            "filter",
            "-A INPUT -p tcp -m limit --limit 1/sec -j ACCEPT",
            "-A INPUT -p tcp -m limit --limit 5/sec -j DROP");

    Commutation c = firstPair(dump, TableName.FILTER, "INPUT");

    assertThat(c.answer()).as(c.toString()).isEqualTo(Commutation.Answer.DEPENDS);
    assertThat(c.commutes()).isFalse();
    assertThat(c.witness()).isEmpty();
    assertThat(c.dependsOn())
        .contains(
            RuleRef.of(TableName.FILTER, INPUT, 1).in(ipv4()),
            RuleRef.of(TableName.FILTER, INPUT, 2).in(ipv4()));
    assertThat(c.before())
        .extracting(Outcome::decision)
        .contains(Decision.ACCEPTED, Decision.DROPPED);
    assertThat(c.after())
        .extracting(Outcome::decision)
        .contains(Decision.ACCEPTED, Decision.DROPPED);
    assertThat(c.toString()).contains("depending on");
  }

  @Test
  void aMacAddressTheHeaderSpaceDoesNotTrackIsTriedForTheWitness() {
    Snapshot dump =
        dump(
            "filter",
            "-A INPUT -m mac --mac-source 02:00:00:00:00:01 -j ACCEPT",
            "-A INPUT -j DROP");

    Commutation c = firstPair(dump, TableName.FILTER, "INPUT");

    assertThat(c.answer()).as(c.toString()).isEqualTo(Commutation.Answer.DOES_NOT_COMMUTE);
    Packet w = c.witness().orElseThrow();
    assertThat(Swap.fates(Evaluator.of(dump, HOST).evaluate(w)))
        .anyMatch(f -> f.startsWith("ACCEPTED"));
  }

  @Test
  void aMarkMaskWithHolesIsTriedForTheWitness() {
    Snapshot dump = dump("filter", "-A INPUT -m mark --mark 0x1/0x5 -j ACCEPT", "-A INPUT -j DROP");

    Commutation c = firstPair(dump, TableName.FILTER, "INPUT");

    assertThat(c.answer()).as(c.toString()).isEqualTo(Commutation.Answer.DOES_NOT_COMMUTE);
    assertThat(c.witness().orElseThrow().mark() & 0x5).isEqualTo(0x1);
  }

  private static dev.rampart.core.Family ipv4() {
    return dev.rampart.core.Family.IPV4;
  }
}
