package dev.rampart.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.ConntrackOriginalMatch;
import dev.rampart.core.match.IcmpTypeMatch;
import dev.rampart.core.match.Match;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Snat;
import dev.rampart.core.target.Target;
import dev.rampart.core.target.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class RulesetTest {
  private final Ruleset ruleset =
      Ruleset.builder()
          .addSets(AddressSet.of("v6hosts", Family.IPV6, List.of(Cidr.parse("2001:db8::/32"))))
          .addSets(AddressSet.of("v4hosts", Family.IPV4, List.of()))
          .addTables(Table.of(TableName.FILTER, List.of(Chain.of("INPUT", List.of()))))
          .build();

  @Test
  void findsDeclaredTablesAndSetsByName() {
    assertThat(ruleset.table(TableName.FILTER)).isPresent();
    assertThat(ruleset.table(TableName.NAT)).isEmpty();
    assertThat(ruleset.set("v6hosts").map(AddressSet::family)).contains(Family.IPV6);
    assertThat(ruleset.set("nope")).isEmpty();
  }

  @Test
  void looksSetsUpInAnIndexBuiltOnce() {
    assertThat(ruleset.setsByName()).isSameAs(ruleset.setsByName());
    assertThat(ruleset.setsByName().keySet()).containsExactlyInAnyOrder("v6hosts", "v4hosts");
  }

  @Test
  void rendersARuleWithoutFamilyEvidenceForBothFamilies() {
    assertThat(ruleset.familiesOf(rule(Verdict.ACCEPT, ProtocolMatch.of(Protocol.TCP))))
        .containsExactly(Family.IPV4, Family.IPV6);
  }

  @Test
  void usesTheExplicitFamilyOfARule() {
    Rule r = Rule.builder().family(Family.IPV6).target(Verdict.ACCEPT).build();
    assertThat(ruleset.familiesOf(r)).containsExactly(Family.IPV6);
  }

  @Test
  void infersIpv4FromAnAddress() {
    assertThat(ruleset.familiesOf(rule(Verdict.DROP, source("10.0.0.0/8"))))
        .containsExactly(Family.IPV4);
  }

  @Test
  void infersTheFamilyFromANegatedAddressToo() {
    assertThat(ruleset.familiesOf(rule(Verdict.DROP, AddressMatch.source(cidrs("::1")).negate())))
        .containsExactly(Family.IPV6);
  }

  @Test
  void infersIpv6FromASet() {
    assertThat(ruleset.familiesOf(rule(Verdict.ACCEPT, SetMatch.source("v6hosts"))))
        .containsExactly(Family.IPV6);
  }

  @Test
  void infersIpv4FromAnEmptyIpv4Set() {
    assertThat(ruleset.familiesOf(rule(Verdict.ACCEPT, SetMatch.destination("v4hosts"))))
        .containsExactly(Family.IPV4);
  }

  @Test
  void infersNothingFromAnUndeclaredSet() {
    assertThat(ruleset.familiesOf(rule(Verdict.ACCEPT, SetMatch.source("elsewhere"))))
        .containsExactly(Family.IPV4, Family.IPV6);
  }

  @Test
  void infersIpv4FromIcmpAndIpv6FromIcmpv6() {
    assertThat(
            ruleset.familiesOf(
                rule(Verdict.ACCEPT, ProtocolMatch.of(Protocol.ICMP), IcmpTypeMatch.icmp(8))))
        .containsExactly(Family.IPV4);
    assertThat(ruleset.familiesOf(rule(Verdict.ACCEPT, ProtocolMatch.of(Protocol.ICMPV6))))
        .containsExactly(Family.IPV6);
  }

  @Test
  void infersNothingFromANegatedIcmpProtocol() {
    assertThat(ruleset.familiesOf(rule(Verdict.ACCEPT, ProtocolMatch.not(Protocol.ICMP))))
        .containsExactly(Family.IPV4, Family.IPV6);
  }

  @Test
  void infersTheFamilyFromAFamilySpecificRejectError() {
    assertThat(ruleset.familiesOf(rule(Reject.with(Reject.With.ICMP6_NO_ROUTE))))
        .containsExactly(Family.IPV6);
    assertThat(ruleset.familiesOf(rule(Reject.with(Reject.With.ICMP_NET_UNREACHABLE))))
        .containsExactly(Family.IPV4);
  }

  @Test
  void infersNothingFromTcpResetOrTheDefaultReject() {
    assertThat(ruleset.familiesOf(rule(Reject.with(Reject.With.TCP_RESET))))
        .containsExactly(Family.IPV4, Family.IPV6);
    assertThat(ruleset.familiesOf(rule(Reject.of()))).containsExactly(Family.IPV4, Family.IPV6);
  }

  @Test
  void infersTheFamilyFromANatAddress() {
    assertThat(ruleset.familiesOf(rule(Dnat.to(Cidr.parse("172.18.0.2")))))
        .containsExactly(Family.IPV4);
    assertThat(ruleset.familiesOf(rule(Snat.to(Cidr.parse("2001:db8::1")))))
        .containsExactly(Family.IPV6);
  }

  @Test
  void infersTheFamilyFromAnOriginalDestination() {
    assertThat(
            ruleset.familiesOf(
                rule(Verdict.RETURN, ConntrackOriginalMatch.destination(Cidr.parse("192.0.2.1")))))
        .containsExactly(Family.IPV4);
  }

  @Test
  void buildsAnEmptyRuleset() {
    Ruleset empty = Ruleset.builder().build();
    assertThat(empty.tables()).isEmpty();
    assertThat(empty.sets()).isEmpty();
  }

  private static Rule rule(Target target, Match... matches) {
    return Rule.of(List.of(matches), target);
  }

  private static AddressMatch source(String cidr) {
    return AddressMatch.source(cidrs(cidr));
  }

  private static List<Cidr> cidrs(String... texts) {
    return java.util.Arrays.stream(texts).map(Cidr::parse).toList();
  }
}
