package dev.rampart.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.ConntrackOriginalMatch;
import dev.rampart.core.match.IcmpTypeMatch;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.IpRangeMatch;
import dev.rampart.core.match.LimitMatch;
import dev.rampart.core.match.MacMatch;
import dev.rampart.core.match.Match;
import dev.rampart.core.match.OpaqueMatch;
import dev.rampart.core.match.OwnerMatch;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.match.TcpFlagsMatch;
import dev.rampart.core.target.OpaqueTarget;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Snat;
import dev.rampart.core.target.Verdict;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuleFactsTest {
  private static final AddressMatch TEN = AddressMatch.source(List.of(Cidr.parse("10.0.0.0/8")));

  @Test
  void keepsKindAndValueOfEachPieceOfFamilyEvidenceApart() {
    Rule r = Rule.of(List.of(TEN), Reject.with(Reject.With.ICMP_ADMIN_PROHIBITED));
    RuleFacts facts = RuleFacts.of(r);
    assertThat(facts.evidence())
        .containsExactly(
            new RuleFacts.Evidence(Family.IPV4, "address", "10.0.0.0/8"),
            new RuleFacts.Evidence(Family.IPV4, "reject-with", "icmp-admin-prohibited"));
    assertThat(facts.evidence().get(0)).hasToString("ipv4 address 10.0.0.0/8");
  }

  @Test
  void knowsTheRequiredProtocolOnlyForOnePositiveProtocolMatch() {
    assertThat(facts(ProtocolMatch.of(Protocol.UDP)).protocol()).contains(Protocol.UDP);
    assertThat(facts(ProtocolMatch.not(Protocol.UDP)).protocol()).isEmpty();
    assertThat(facts(ProtocolMatch.not(Protocol.UDP)).protocols())
        .containsExactly(ProtocolMatch.not(Protocol.UDP));
    assertThat(facts().protocol()).isEmpty();
  }

  @Test
  void listsTheMatchesOfEachKindInRuleOrder() {
    PortMatch ssh = PortMatch.destination(List.of(PortRange.of(22)));
    PortMatch web = PortMatch.source(List.of(PortRange.of(80)));
    LimitMatch limit = LimitMatch.of(5, LimitMatch.Unit.SECOND);
    RuleFacts facts =
        facts(
            InterfaceMatch.out("eth1"),
            ProtocolMatch.of(Protocol.TCP),
            ssh,
            SetMatch.source("trusted"),
            limit,
            web,
            TEN,
            InterfaceMatch.in("eth0"));
    assertThat(facts.ports()).containsExactly(ssh, web);
    assertThat(facts.interfaces())
        .containsExactly(InterfaceMatch.out("eth1"), InterfaceMatch.in("eth0"));
    assertThat(facts.sets()).containsExactly(SetMatch.source("trusted"));
    assertThat(facts.addresses()).containsExactly(TEN);
    assertThat(facts.limits()).containsExactly(limit);
    assertThat(facts.icmpTypes()).isEmpty();
  }

  @Test
  void takesTheFamilyOfASetFromTheRuleset() {
    AddressSet trusted =
        AddressSet.of("trusted", Family.IPV6, List.of(Cidr.parse("2001:db8::/32")));
    Rule rule = Rule.of(List.of(SetMatch.source("trusted")), Verdict.ACCEPT);
    Ruleset ruleset =
        Ruleset.builder()
            .addSets(trusted)
            .addTables(
                Table.builder()
                    .name(TableName.FILTER)
                    .addChains(Chain.builder().name("INPUT").addRules(rule).build())
                    .build())
            .build();
    assertThat(RuleFacts.of(rule, ruleset).evidence())
        .containsExactly(new RuleFacts.Evidence(Family.IPV6, "set", "trusted"));
    assertThat(RuleFacts.of(rule).evidence()).isEmpty();
  }

  @Test
  void takesTheFamilyOfAnAddressRangeAsEvidence() {
    Rule r =
        Rule.of(
            List.of(IpRangeMatch.source(Cidr.parse("2001:db8::1"), Cidr.parse("2001:db8::9"))),
            Verdict.ACCEPT);
    assertThat(RuleFacts.of(r).evidence())
        .containsExactly(
            new RuleFacts.Evidence(Family.IPV6, "address range", "2001:db8::1-2001:db8::9"));
  }

  @Test
  void collectsMacOwnerAndTcpFlagsMatchesForTheHookAndProtocolChecks() {
    RuleFacts facts =
        facts(MacMatch.source("52:54:00:ab:cd:ef"), OwnerMatch.uid(1), TcpFlagsMatch.syn());
    assertThat(facts.macs()).containsExactly(MacMatch.source("52:54:00:ab:cd:ef"));
    assertThat(facts.owners()).containsExactly(OwnerMatch.uid(1));
    assertThat(facts.tcpFlags()).containsExactly(TcpFlagsMatch.syn());
  }

  @Test
  void includesWhatTheTargetNeeds() {
    RuleFacts reset = RuleFacts.of(Rule.of(List.of(), Reject.with(Reject.With.TCP_RESET)));
    assertThat(reset.target().rejects()).isTrue();
    assertThat(reset.target().rejectWith()).contains(Reject.With.TCP_RESET);
  }

  @Test
  void scansFamiliesAndProtocolAsTheGatheredFactsSay() {
    AddressSet six = AddressSet.of("six", Family.IPV6, List.of(Cidr.parse("2001:db8::/32")));
    Ruleset ruleset =
        Ruleset.builder()
            .addSets(six)
            .addTables(Table.builder().name(TableName.FILTER).build())
            .build();
    AddressMatch v6 = AddressMatch.source(List.of(Cidr.parse("2001:db8::/32")));
    List<Rule> rules =
        List.of(
            Rule.of(List.of(), Verdict.ACCEPT),
            Rule.of(List.of(TEN), Verdict.ACCEPT),
            Rule.of(List.of(InterfaceMatch.in("eth0"), v6, TEN), Verdict.ACCEPT),
            Rule.of(List.of(ProtocolMatch.of(Protocol.ICMP), v6), Verdict.ACCEPT),
            Rule.of(List.of(ProtocolMatch.not(Protocol.ICMP), v6), Verdict.ACCEPT),
            Rule.of(List.of(ProtocolMatch.of(Protocol.ICMPV6)), Verdict.ACCEPT),
            Rule.of(List.of(SetMatch.source("six"), TEN), Verdict.ACCEPT),
            Rule.of(List.of(SetMatch.source("unknown"), TEN), Verdict.ACCEPT),
            Rule.of(List.of(ConntrackOriginalMatch.destination(Cidr.parse("::1"))), Verdict.DROP),
            Rule.of(List.of(IcmpTypeMatch.icmpv6(128), TEN), Verdict.ACCEPT),
            Rule.of(
                List.of(IpRangeMatch.source(Cidr.parse("2001:db8::1"), Cidr.parse("2001:db8::9"))),
                Verdict.ACCEPT),
            Rule.of(List.of(), Reject.with(Reject.With.ICMP_ADMIN_PROHIBITED)),
            Rule.of(List.of(), Reject.with(Reject.With.TCP_RESET)),
            Rule.of(List.of(ProtocolMatch.of(Protocol.TCP)), Snat.to(Cidr.parse("2001:db8::1"))),
            Rule.builder().addMatches(TEN).target(Verdict.ACCEPT).family(Family.IPV6).build(),
            Rule.of(
                List.of(ProtocolMatch.of(Protocol.TCP), ProtocolMatch.of(Protocol.UDP)),
                Verdict.ACCEPT));
    for (Rule rule : rules) {
      RuleFacts facts = RuleFacts.of(rule, ruleset);
      assertThat(ruleset.familiesOf(rule)).as("%s", rule).isEqualTo(facts.families());
      assertThat(RuleFacts.protocolOf(rule)).as("%s", rule).isEqualTo(facts.protocol());
    }
    assertThat(ruleset.familiesOf(rules.get(2))).containsExactly(Family.IPV6);
    assertThat(ruleset.familiesOf(rules.get(4))).containsExactly(Family.IPV6);
    assertThat(ruleset.familiesOf(rules.get(7))).containsExactly(Family.IPV4);
    assertThat(ruleset.familiesOf(rules.get(12))).containsExactly(Family.IPV4, Family.IPV6);
    assertThat(RuleFacts.protocolOf(rules.get(3))).contains(Protocol.ICMP);
    assertThat(RuleFacts.protocolOf(rules.get(4))).isEmpty();
  }

  private static RuleFacts facts(Match... matches) {
    return RuleFacts.of(Rule.of(List.of(matches), Verdict.ACCEPT), n -> Optional.empty());
  }

  @Test
  void listsWhatTheModelDoesNotInterpret() {
    OpaqueMatch string = OpaqueMatch.of("string", List.of("--string", "GET", "--algo", "bm"));
    OpaqueTarget tee = OpaqueTarget.of("NFQUEUE", List.of("--queue-num", "3"));
    RuleFacts facts = RuleFacts.of(Rule.of(List.of(string), tee));
    assertThat(facts.opaques()).containsExactly(string);
    assertThat(facts.opaqueTarget()).contains(tee);
    assertThat(RuleFacts.of(Rule.of(List.of(), Verdict.DROP)).opaqueTarget()).isEmpty();
  }
}
