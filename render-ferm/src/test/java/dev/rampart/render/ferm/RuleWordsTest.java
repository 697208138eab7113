package dev.rampart.render.ferm;

import static dev.rampart.render.ferm.Rulesets.cidrs;
import static dev.rampart.render.ferm.Rulesets.dport;
import static dev.rampart.render.ferm.Rulesets.rule;
import static dev.rampart.render.ferm.Rulesets.tcp;
import static dev.rampart.render.ferm.Rulesets.udp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.AddressSet;
import dev.rampart.core.Chain;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.RuleRef;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.UnsupportedFeatureException;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.AddressTypeMatch;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.ConntrackOriginalMatch;
import dev.rampart.core.match.ConntrackStateMatch;
import dev.rampart.core.match.IcmpTypeMatch;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.IpRangeMatch;
import dev.rampart.core.match.LimitMatch;
import dev.rampart.core.match.MacMatch;
import dev.rampart.core.match.MarkMatch;
import dev.rampart.core.match.Match;
import dev.rampart.core.match.OpaqueMatch;
import dev.rampart.core.match.OwnerMatch;
import dev.rampart.core.match.PacketTypeMatch;
import dev.rampart.core.match.PolicyMatch;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.RpFilterMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.match.TcpFlag;
import dev.rampart.core.match.TcpFlagsMatch;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Log;
import dev.rampart.core.target.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleWordsTest {
  private static final RuleRef PLACE = RuleRef.of(TableName.FILTER, "FORWARD", 1);
  private static final List<AddressSet> SETS =
      List.of(
          AddressSet.of("trusted", Family.IPV4, cidrs("10.0.0.0/8", "192.0.2.0/24")),
          AddressSet.of("nested", Family.IPV4, cidrs("10.0.0.0/8", "10.1.0.0/16")),
          AddressSet.of("one", Family.IPV4, cidrs("10.0.0.0/8")));

  private static Ruleset ruleset(Rule rule) {
    return Ruleset.builder()
        .addTables(
            Table.of(
                TableName.FILTER,
                List.of(Chain.of("FORWARD", List.of(rule)), Chain.of("X", List.of()))))
        .addAllSets(SETS)
        .build();
  }

  private static ImmutableList<String> words(Rule rule, boolean inline) {
    Ruleset rs = ruleset(rule);
    return RuleWords.of(rs, Definitions.of(rs, inline), inline, rule, PLACE);
  }

  private static String text(Rule rule) {
    return String.join(" ", words(rule, false));
  }

  @Test
  void putsInterfacesProtocolAndAddressesFirstAndTheRestInModelOrder() {
    Rule r =
        rule(
            Verdict.ACCEPT,
            ConntrackStateMatch.of(List.of(ConnState.NEW)),
            dport(22),
            AddressMatch.source(cidrs("192.0.2.1")),
            tcp(),
            InterfaceMatch.out("eth1"),
            InterfaceMatch.in("eth0"));
    assertThat(words(r, false))
        .containsExactly(
            "interface eth0",
            "outerface eth1",
            "proto tcp",
            "saddr 192.0.2.1",
            "mod conntrack ctstate NEW",
            "dport 22",
            "ACCEPT");
  }

  @Test
  void writesProtocolsByNameOrNumberAndNegated() {
    assertThat(text(rule(Verdict.ACCEPT, ProtocolMatch.of(Protocol.ICMPV6))))
        .isEqualTo("proto ipv6-icmp ACCEPT");
    assertThat(text(rule(Verdict.ACCEPT, ProtocolMatch.of(Protocol.of(47)))))
        .isEqualTo("proto 47 ACCEPT");
    assertThat(text(rule(Verdict.ACCEPT, ProtocolMatch.not(Protocol.UDP))))
        .isEqualTo("proto ! udp ACCEPT");
  }

  @Test
  void writesAddressListsAndNegatedPrefixes() {
    assertThat(text(rule(Verdict.DROP, AddressMatch.destination(cidrs("2001:db8::/32", "::1")))))
        .isEqualTo("daddr (2001:db8::/32 ::1) DROP");
    assertThat(text(rule(Verdict.DROP, AddressMatch.source(cidrs("10.0.0.0/8")).negate())))
        .isEqualTo("saddr ! 10.0.0.0/8 DROP");
  }

  @Test
  void writesSinglePortsRangesAndMultiportLists() {
    assertThat(
            text(
                rule(
                    Verdict.ACCEPT,
                    udp(),
                    PortMatch.source(List.of(PortRange.range(1000, 2000))).negate())))
        .isEqualTo("proto udp sport ! 1000:2000 ACCEPT");
    assertThat(
            text(
                rule(
                    Verdict.ACCEPT,
                    tcp(),
                    PortMatch.destination(List.of(PortRange.of(80), PortRange.range(8000, 8080))))))
        .isEqualTo("proto tcp mod multiport destination-ports (80 8000:8080) ACCEPT");
    assertThat(
            text(
                rule(
                    Verdict.ACCEPT,
                    tcp(),
                    PortMatch.source(List.of(PortRange.of(1), PortRange.of(2))).negate())))
        .isEqualTo("proto tcp mod multiport source-ports ! (1 2) ACCEPT");
  }

  @Test
  void writesInterfacesWithWildcardsAndNegation() {
    assertThat(text(rule(Verdict.ACCEPT, InterfaceMatch.in("docker+").negate())))
        .isEqualTo("interface ! docker+ ACCEPT");
  }

  @Test
  void writesConntrackStatesAndOriginalDestination() {
    assertThat(
            text(
                rule(
                    Verdict.ACCEPT,
                    ConntrackStateMatch.not(List.of(ConnState.RELATED, ConnState.NEW)))))
        .isEqualTo("mod conntrack ctstate ! (NEW RELATED) ACCEPT");
    assertThat(
            text(
                rule(
                    Verdict.RETURN,
                    tcp(),
                    ConntrackOriginalMatch.builder()
                        .destination(Cidr.parse("192.0.2.1"))
                        .destinationPort(PortRange.of(8080))
                        .build())))
        .isEqualTo("proto tcp mod conntrack ctorigdst 192.0.2.1 ctorigdstport 8080 RETURN");
  }

  @Test
  void writesIcmpTypesWithCodes() {
    assertThat(
            text(
                rule(
                    Verdict.ACCEPT,
                    ProtocolMatch.of(Protocol.ICMP),
                    IcmpTypeMatch.of(Family.IPV4, 3, 4).negate())))
        .isEqualTo("proto icmp icmp-type ! 3/4 ACCEPT");
    assertThat(
            text(
                rule(Verdict.ACCEPT, ProtocolMatch.of(Protocol.ICMPV6), IcmpTypeMatch.icmpv6(135))))
        .isEqualTo("proto ipv6-icmp icmpv6-type 135 ACCEPT");
  }

  @Test
  void writesLimitPolicyAddressTypeAndMark() {
    assertThat(text(rule(Verdict.ACCEPT, LimitMatch.of(3, LimitMatch.Unit.HOUR, 7))))
        .isEqualTo("mod limit limit 3/hour limit-burst 7 ACCEPT");
    assertThat(
            text(
                rule(
                    Verdict.DROP, PolicyMatch.of(PolicyMatch.Dir.IN, PolicyMatch.Processing.NONE))))
        .isEqualTo("mod policy dir in pol none DROP");
    assertThat(
            text(
                rule(
                    Verdict.ACCEPT,
                    AddressTypeMatch.destination(AddressTypeMatch.Type.LOCAL).negate())))
        .isEqualTo("mod addrtype dst-type ! LOCAL ACCEPT");
    assertThat(text(rule(Verdict.ACCEPT, MarkMatch.of(0xff00, 0xff00).negate())))
        .isEqualTo("mod mark mark ! 0xff00/0xff00 ACCEPT");
    assertThat(text(rule(Verdict.ACCEPT, MarkMatch.of(0x1)))).isEqualTo("mod mark mark 0x1 ACCEPT");
  }

  @Test
  void writesSetsAsMatchSetOrAsInlineVariables() {
    Rule r = rule(Verdict.ACCEPT, SetMatch.source("trusted"));
    assertThat(text(r)).isEqualTo("mod set match-set trusted src ACCEPT");
    assertThat(text(rule(Verdict.ACCEPT, SetMatch.destination("trusted").negate())))
        .isEqualTo("mod set ! match-set trusted dst ACCEPT");
    assertThat(words(r, true)).containsExactly("saddr $SET_trusted", "ACCEPT");
  }

  @Test
  void quotesTheCommentLastBeforeTheTarget() {
    assertThat(text(rule("web; {x} #1", Verdict.ACCEPT, tcp(), dport(80))))
        .isEqualTo("proto tcp dport 80 mod comment comment \"web; {x} #1\" ACCEPT");
  }

  @Test
  void rejectsTwoMatchesOfOneModule() {
    Rule r =
        rule(
            Verdict.ACCEPT,
            LimitMatch.of(1, LimitMatch.Unit.SECOND),
            LimitMatch.of(2, LimitMatch.Unit.SECOND));
    assertThatThrownBy(() -> words(r, false))
        .isInstanceOfSatisfying(
            UnsupportedFeatureException.class, e -> assertThat(e.place()).isEqualTo(PLACE))
        .hasMessage(
            "table filter, chain FORWARD, rule 1: ferm cannot express two matches of one kind in"
                + " one rule (ferm merges them into one match): rate limits");
  }

  @Test
  void rejectsASinglePortAfterAPortList() {
    Rule r =
        rule(Verdict.ACCEPT, tcp(), dport(80, 443), PortMatch.source(List.of(PortRange.of(22))));
    assertThatThrownBy(() -> words(r, false))
        .hasMessage(
            "table filter, chain FORWARD, rule 1: ferm cannot express a single sport after a"
                + " port list (iptables-restore would read it as multiport's --sports); put the"
                + " single port first: 22");
  }

  @Test
  void rejectsAPortListWithSctpWhichFermsMultiportRefuses() {
    Rule r = rule(Verdict.ACCEPT, ProtocolMatch.of(Protocol.SCTP), dport(1, 2));
    assertThatThrownBy(() -> words(r, false))
        .hasMessage(
            "table filter, chain FORWARD, rule 1: ferm cannot express a port list without"
                + " protocol tcp or udp (ferm's multiport): 1,2");
  }

  @Test
  void rejectsAnInlineSetBesideAnAddressOfTheSameDirection() {
    Rule r =
        rule(Verdict.ACCEPT, SetMatch.source("trusted"), AddressMatch.source(cidrs("10.0.0.0/8")));
    assertThatThrownBy(() -> words(r, true))
        .hasMessage(
            "table filter, chain FORWARD, rule 1: ferm cannot express two matches of one kind in"
                + " one rule (ferm merges them into one match): saddr matches");
  }

  @Test
  void rejectsANegatedInlineSet() {
    Rule r = rule(Verdict.DROP, SetMatch.source("trusted").negate());
    assertThatThrownBy(() -> words(r, true))
        .hasMessage(
            "table filter, chain FORWARD, rule 1: ferm cannot express a negated set match with"
                + " inline sets: ! trusted");
  }

  @Test
  void rejectsARateLimitOnAListThatExpands() {
    Rule r =
        rule(
            Verdict.ACCEPT,
            AddressMatch.source(cidrs("10.0.0.0/8", "192.0.2.0/24")),
            LimitMatch.of(1, LimitMatch.Unit.SECOND));
    assertThatThrownBy(() -> words(r, false))
        .hasMessage(
            "table filter, chain FORWARD, rule 1: ferm cannot express a rate limit on an address"
                + " list or inline set (one limit per element): 10.0.0.0/8,192.0.2.0/24");
  }

  @Test
  void rejectsALogOrJumpOnOverlappingElements() {
    Rule log = rule(Log.of(), SetMatch.source("nested"));
    assertThatThrownBy(() -> words(log, true))
        .hasMessage(
            "table filter, chain FORWARD, rule 1: ferm cannot express a LOG or jump on an address"
                + " list or inline set with overlapping elements: 10.0.0.0/8,10.1.0.0/16");
    Rule jump = rule(Jump.to("X"), AddressMatch.source(cidrs("10.0.0.0/8", "10.1.0.0/16")));
    assertThatThrownBy(() -> words(jump, false)).isInstanceOf(UnsupportedFeatureException.class);
  }

  @Test
  void acceptsALogOnDisjointElementsAndAGotoOnOverlappingOnes() {
    assertThat(words(rule(Log.of(), SetMatch.source("trusted")), true))
        .containsExactly("saddr $SET_trusted", "LOG");
    assertThat(words(rule(Jump.goTo("X"), SetMatch.source("nested")), true))
        .containsExactly("saddr $SET_nested", "goto X");
  }

  /** The refusal of {@code m} in a user chain no built-in reaches (so no hook applies). */
  private static void assertRefused(String feature, Match... matches) {
    Rule r = rule(Verdict.ACCEPT, matches);
    Ruleset rs =
        Ruleset.builder()
            .addTables(Table.of(TableName.FILTER, List.of(Chain.of("X", List.of(r)))))
            .build();
    assertThatThrownBy(() -> RuleWords.of(rs, Definitions.of(rs, false), false, r, PLACE))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(PLACE + ": ferm cannot express " + feature);
  }

  @Test
  void writesRpfilterWithFermsOptionKeywords() {
    assertThat(rawText(rule(Verdict.DROP, RpFilterMatch.strict().negate())))
        .isEqualTo("mod rpfilter invert DROP");
    assertThat(
            rawText(rule(Verdict.ACCEPT, RpFilterMatch.loose().withValidMark().withAcceptLocal())))
        .isEqualTo("mod rpfilter loose validmark accept-local ACCEPT");
  }

  /** The words of {@code r} as the one rule of raw PREROUTING. */
  private static String rawText(Rule r) {
    Ruleset rs =
        Ruleset.builder()
            .addTables(Table.of(TableName.RAW, List.of(Chain.of("PREROUTING", List.of(r)))))
            .build();
    return String.join(" ", RuleWords.of(rs, Definitions.of(rs, false), false, r, PLACE));
  }

  @Test
  void refusesAnOpaqueMatchWithItsPlace() {
    assertRefused("an opaque match: u32", OpaqueMatch.of("u32", List.of("--u32", "0x0=0x1")));
  }

  @Test
  void writesTheMatchesOfBusyHostsWithFermsNegation() {
    assertThat(
            text(
                rule(
                    Verdict.ACCEPT,
                    IpRangeMatch.source(Cidr.parse("10.0.0.1"), Cidr.parse("10.0.0.9")).negate(),
                    MacMatch.source("52:54:00:AB:CD:EF"),
                    PacketTypeMatch.of(PacketTypeMatch.Type.MULTICAST).negate())))
        .isEqualTo(
            "mod iprange src-range ! 10.0.0.1-10.0.0.9 mod mac mac-source 52:54:00:ab:cd:ef"
                + " mod pkttype pkt-type ! multicast ACCEPT");
    assertThat(text(rule(Verdict.DROP, tcp(), dport(22), TcpFlagsMatch.syn().negate())))
        .isEqualTo("proto tcp dport 22 tcp-flags ! (FIN SYN RST ACK) SYN DROP");
    assertThat(text(rule(Verdict.DROP, tcp(), TcpFlagsMatch.of(List.of(TcpFlag.SYN), List.of()))))
        .isEqualTo("proto tcp tcp-flags SYN NONE DROP");
  }

  @Test
  void writesOwnerIdsAndRanges() {
    assertRefused(
        "an owner socket-exists match (ferm 2.5 has no keyword for it): --socket-exists",
        OwnerMatch.socketExists());
    Rule r = rule(Verdict.ACCEPT, OwnerMatch.uid(1000, 2000).negate());
    Ruleset rs =
        Ruleset.builder()
            .addTables(Table.of(TableName.FILTER, List.of(Chain.of("OUTPUT", List.of(r)))))
            .build();
    assertThat(RuleWords.of(rs, Definitions.of(rs, false), false, r, PLACE))
        .containsExactly("mod owner uid-owner ! 1000-2000", "ACCEPT");
  }

  @Test
  void refusesTheTcpFlagsIptablesHasNoNameFor() {
    assertRefused(
        "tcp flags ECE or CWR (iptables has no name for them): [ECE]",
        tcp(),
        TcpFlagsMatch.of(List.of(TcpFlag.ECE), List.of()));
  }
}
