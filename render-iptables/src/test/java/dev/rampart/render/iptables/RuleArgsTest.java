package dev.rampart.render.iptables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.RuleRef;
import dev.rampart.core.RuleText;
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

  private static final RuleRef PLACE = RuleRef.of(TableName.FILTER, "INPUT", 3);

  private static String render(Family family, Constructs.Case c) {
    RuleRef place = RuleRef.of(c.table(), c.chain(), 1);
    return RuleArgs.restoreText(family, place, c.rule(), RULESET::set);
  }

  private static String render(Family family, Rule rule) {
    return RuleArgs.restoreText(family, PLACE, rule, n -> Optional.empty());
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

  private static void assertUnsupported(Family family, Rule rule, String feature, String value) {
    String backend = family == Family.IPV4 ? "iptables" : "ip6tables";
    assertThatThrownBy(() -> render(family, rule))
        .isInstanceOfSatisfying(
            UnsupportedFeatureException.class,
            e -> {
              assertThat(e.backend()).isEqualTo(backend);
              assertThat(e.feature()).isEqualTo(feature);
              assertThat(e.value()).isEqualTo(value);
              assertThat(e.place()).isEqualTo(PLACE);
            })
        .hasMessage(
            "table filter, chain INPUT, rule 3: "
                + backend
                + " cannot express "
                + feature
                + ": "
                + value);
  }

  @Test
  void rejectsAnAddressListOfMoreThanOnePrefix() {
    Rule rule =
        Constructs.rule(
            Verdict.ACCEPT,
            AddressMatch.source(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("192.0.2.0/24"))));
    assertUnsupported(
        Family.IPV4,
        rule,
        "an address list of more than one prefix (use a named set)",
        "10.0.0.0/8,192.0.2.0/24");
  }

  @Test
  void rejectsIcmpType255() {
    assertUnsupported(
        Family.IPV4,
        Constructs.rule(Verdict.ACCEPT, Constructs.proto(Protocol.ICMP), IcmpTypeMatch.icmp(255)),
        "an icmp type iptables reads as any type",
        "255");
  }

  @Test
  void rejectsANegatedFullTcpPortRange() {
    assertUnsupported(
        Family.IPV6,
        Constructs.rule(
            Verdict.ACCEPT,
            Constructs.proto(Protocol.TCP),
            Constructs.dports(PortRange.range(0, 65535)).negate()),
        "a negated range of every port (it matches nothing and iptables-nft loses the negation)",
        "0-65535");
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
        "more than one destination port match in one rule",
        "23");
  }

  @Test
  void rejectsBroadcastInIpv6() {
    assertUnsupported(
        Family.IPV6,
        Constructs.rule(
            Verdict.DROP, AddressTypeMatch.destination(AddressTypeMatch.Type.BROADCAST)),
        "an address type ipv6 does not have",
        "BROADCAST");
  }

  @Test
  void rejectsARateIptablesWouldRound() {
    assertUnsupported(
        Family.IPV4,
        Constructs.rule(Verdict.ACCEPT, LimitMatch.of(9999, LimitMatch.Unit.HOUR)),
        "a limit iptables would apply at a different rate (it stores rates in steps of 1/10000"
            + " s)",
        "9999/hour");
  }

  @Test
  void rejectsANegatedAnyAddress() {
    assertUnsupported(
        Family.IPV6,
        Constructs.rule(Verdict.ACCEPT, Constructs.src("::/0").negate()),
        "a negated address of length 0 (it matches nothing and iptables rejects it)",
        "::/0");
  }

  @Test
  void rejectsTheTcpFlagsIptablesHasNoNameFor() {
    assertUnsupported(
        Family.IPV4,
        Constructs.rule(
            Verdict.ACCEPT,
            Constructs.proto(Protocol.TCP),
            TcpFlagsMatch.of(List.of(TcpFlag.ECE, TcpFlag.SYN), List.of(TcpFlag.ECE))),
        "tcp flags ECE or CWR (iptables has no name for them)",
        "[SYN, ECE]");
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
        "more than one tcp flags match in one rule",
        RuleText.of(TcpFlagsMatch.syn().negate()));
  }
}
