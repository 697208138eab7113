package dev.rampart.render.iptables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.TableName;
import dev.rampart.core.UnsupportedFeatureException;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.AddressTypeMatch;
import dev.rampart.core.match.IcmpTypeMatch;
import dev.rampart.core.match.LimitMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.TcpFlag;
import dev.rampart.core.match.TcpFlagsMatch;
import dev.rampart.core.target.Verdict;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RuleArgsTest {
  private static final Ruleset RULESET = Constructs.ruleset();

  static Stream<Constructs.Case> cases() {
    return Constructs.all().stream();
  }

  private static String render(Family family, Constructs.Case c) {
    Place place = new Place(family, c.table(), c.chain(), 1);
    return new FamilyView.RenderedRule(1, RuleArgs.of(place, c.rule(), RULESET::set)).restoreText();
  }

  private static String render(Family family, Rule rule) {
    Place place = new Place(family, TableName.FILTER, "INPUT", 3);
    return new FamilyView.RenderedRule(3, RuleArgs.of(place, rule, n -> Optional.empty()))
        .restoreText();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rendersEachConstructAsIptablesSavePrintsIt(Constructs.Case c) {
    for (Family family : Family.values()) {
      c.expected(family).ifPresent(text -> assertThat(render(family, c)).isEqualTo(text));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachConstructBelongsToTheFamiliesItHasTextFor(Constructs.Case c) {
    assertThat(RULESET.familiesOf(c.rule()))
        .containsExactlyElementsOf(
            Stream.of(Family.values()).filter(f -> c.expected(f).isPresent()).toList());
  }

  private static void assertUnsupported(Family family, Rule rule, String feature) {
    assertThatThrownBy(() -> render(family, rule))
        .isInstanceOfSatisfying(
            UnsupportedFeatureException.class,
            e -> {
              assertThat(e.backend()).isEqualTo(family == Family.IPV4 ? "iptables" : "ip6tables");
              assertThat(e.feature()).isEqualTo(feature);
              assertThat(e.place()).isEqualTo("table filter, chain INPUT, rule 3");
            });
  }

  @Test
  void rejectsAnAddressListOfMoreThanOnePrefix() {
    Rule rule =
        Constructs.rule(
            Verdict.ACCEPT,
            AddressMatch.source(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("192.0.2.0/24"))));
    assertUnsupported(Family.IPV4, rule, "an address list of 2 prefixes (use a named set)");
  }

  @Test
  void rejectsIcmpType255() {
    assertUnsupported(
        Family.IPV4,
        Constructs.rule(Verdict.ACCEPT, Constructs.proto(Protocol.ICMP), IcmpTypeMatch.icmp(255)),
        "icmp type 255 (iptables reads it as any type)");
  }

  @Test
  void rejectsANegatedFullTcpPortRange() {
    assertUnsupported(
        Family.IPV6,
        Constructs.rule(
            Verdict.ACCEPT,
            Constructs.proto(Protocol.TCP),
            Constructs.dports(PortRange.range(0, 65535)).negate()),
        "a negated port range 0-65535 (it matches nothing and iptables-nft loses the negation)");
  }

  @Test
  void rejectsTwoDestinationPortMatches() {
    assertUnsupported(
        Family.IPV4,
        Constructs.rule(
            Verdict.ACCEPT,
            Constructs.proto(Protocol.TCP),
            Constructs.dport(22),
            Constructs.dport(23)),
        "more than one destination port match in one rule");
  }

  @Test
  void rejectsBroadcastInIpv6() {
    assertUnsupported(
        Family.IPV6,
        Constructs.rule(
            Verdict.DROP, AddressTypeMatch.destination(AddressTypeMatch.Type.BROADCAST)),
        "address type BROADCAST in ipv6 (ipv6 has no broadcast)");
  }

  @Test
  void rejectsARateIptablesWouldRound() {
    assertUnsupported(
        Family.IPV4,
        Constructs.rule(Verdict.ACCEPT, LimitMatch.of(9999, LimitMatch.Unit.HOUR)),
        "limit 9999/hour (iptables stores rates in steps of 1/10000 s and would apply a"
            + " different rate)");
  }

  @Test
  void rejectsANegatedAnyAddress() {
    assertUnsupported(
        Family.IPV6,
        Constructs.rule(Verdict.ACCEPT, Constructs.src("::/0").negate()),
        "a negated address ::/0 (it matches nothing and iptables rejects it)");
  }

  @Test
  void rejectsTheTcpFlagsIptablesHasNoNameFor() {
    assertUnsupported(
        Family.IPV4,
        Constructs.rule(
            Verdict.ACCEPT,
            Constructs.proto(Protocol.TCP),
            TcpFlagsMatch.of(List.of(TcpFlag.ECE, TcpFlag.SYN), List.of(TcpFlag.ECE))),
        "tcp flags ECE or CWR (iptables has no name for them): [SYN, ECE]");
  }

  @Test
  void rejectsTwoTcpFlagsMatches() {
    assertUnsupported(
        Family.IPV4,
        Constructs.rule(
            Verdict.ACCEPT,
            Constructs.proto(Protocol.TCP),
            TcpFlagsMatch.syn(),
            TcpFlagsMatch.syn().negate()),
        "more than one tcp flags match in one rule");
  }
}
