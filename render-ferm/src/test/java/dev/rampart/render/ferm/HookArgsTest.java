package dev.rampart.render.ferm;

import static dev.rampart.render.ferm.Rulesets.cidrs;
import static dev.rampart.render.ferm.Rulesets.dport;
import static dev.rampart.render.ferm.Rulesets.rule;
import static dev.rampart.render.ferm.Rulesets.tcp;
import static dev.rampart.render.ferm.Rulesets.udp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.ConntrackStateMatch;
import dev.rampart.core.match.IcmpTypeMatch;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.IpRangeMatch;
import dev.rampart.core.match.LimitMatch;
import dev.rampart.core.match.MacMatch;
import dev.rampart.core.match.OwnerMatch;
import dev.rampart.core.match.PacketTypeMatch;
import dev.rampart.core.match.PolicyMatch;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.RpFilterMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.match.TcpFlagsMatch;
import dev.rampart.core.target.ConnMark;
import dev.rampart.core.target.Ct;
import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Log;
import dev.rampart.core.target.Mark;
import dev.rampart.core.target.Nflog;
import dev.rampart.core.target.Notrack;
import dev.rampart.core.target.Redirect;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.TcpMss;
import dev.rampart.core.target.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each list is checked in the kernel against ferm's own rule by FermRendererKernelTest. */
class HookArgsTest {
  private static final Ruleset SETS =
      Ruleset.builder()
          .addTables(Table.of(TableName.FILTER, List.of(Chain.of("INPUT", List.of()))))
          .addSets(AddressSet.of("nodes", Family.IPV4, cidrs("192.0.2.0/24", "198.51.100.7")))
          .build();

  private static final RuleRef HERE = RuleRef.of(TableName.FILTER, "INPUT", 1);

  private static List<String> args(Family family, Rule rule) {
    List<List<String>> all = List.copyOf(HookArgs.of(SETS, false, family, rule, HERE));
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  @Test
  void putsInterfacesProtocolAndAddressesFirstThenTheModulesInModelOrder() {
    Rule r =
        rule(
            "ssh; from lan",
            Verdict.ACCEPT,
            ConntrackStateMatch.not(List.of(ConnState.ESTABLISHED, ConnState.RELATED)),
            tcp(),
            dport(22),
            AddressMatch.source(cidrs("10.0.0.0/8")).negate(),
            InterfaceMatch.out("eth1"),
            InterfaceMatch.in("br+"));
    assertThat(args(Family.IPV4, r))
        .containsExactly(
            "-i",
            "br+",
            "-o",
            "eth1",
            "-p",
            "tcp",
            "!",
            "-s",
            "10.0.0.0/8",
            "-m",
            "conntrack",
            "!",
            "--ctstate",
            "ESTABLISHED,RELATED",
            "--dport",
            "22",
            "-m",
            "comment",
            "--comment",
            "ssh; from lan",
            "-j",
            "ACCEPT");
  }

  @Test
  void spellsPortListsIcmpLimitsPolicySetsAndTargets() {
    assertThat(
            args(
                Family.IPV4,
                rule(
                    Verdict.DROP,
                    udp(),
                    PortMatch.destination(List.of(PortRange.of(53), PortRange.range(6000, 6010)))
                        .negate(),
                    PolicyMatch.of(PolicyMatch.Dir.IN, PolicyMatch.Processing.NONE),
                    SetMatch.source("nodes").negate())))
        .containsExactly(
            "-p",
            "udp",
            "-m",
            "multiport",
            "!",
            "--dports",
            "53,6000:6010",
            "-m",
            "policy",
            "--dir",
            "in",
            "--pol",
            "none",
            "-m",
            "set",
            "!",
            "--match-set",
            "nodes",
            "src",
            "-j",
            "DROP");
    assertThat(
            args(
                Family.IPV6,
                rule(
                    Log.builder().prefix("v6 ping:").level(6).build(),
                    ProtocolMatch.of(Protocol.ICMPV6),
                    IcmpTypeMatch.icmpv6(128),
                    LimitMatch.of(2, LimitMatch.Unit.MINUTE, 4))))
        .containsExactly(
            "-p",
            "ipv6-icmp",
            "-m",
            "icmp6",
            "--icmpv6-type",
            "128",
            "-m",
            "limit",
            "--limit",
            "2/minute",
            "--limit-burst",
            "4",
            "-j",
            "LOG",
            "--log-prefix",
            "v6 ping:",
            "--log-level",
            "6");
    assertThat(args(Family.IPV4, rule(Reject.with(Reject.With.TCP_RESET), tcp())))
        .containsExactly("-p", "tcp", "-j", "REJECT", "--reject-with", "tcp-reset");
    assertThat(args(Family.IPV6, rule(Dnat.to(Cidr.parse("2001:db8::2"), 8443), tcp(), dport(443))))
        .containsExactly(
            "-p", "tcp", "--dport", "443", "-j", "DNAT", "--to-destination", "[2001:db8::2]:8443");
  }

  @Test
  void unfoldsAddressListsAndInlineSetsFirstListOutermostAsFermDoes() {
    Rule r =
        rule(
            Verdict.ACCEPT,
            AddressMatch.source(cidrs("10.0.0.0/8", "172.16.0.0/12")),
            SetMatch.destination("nodes"));
    assertThat(List.<List<String>>copyOf(HookArgs.of(SETS, true, Family.IPV4, r, HERE)))
        .containsExactly(
            List.of("-s", "10.0.0.0/8", "-d", "192.0.2.0/24", "-j", "ACCEPT"),
            List.of("-s", "10.0.0.0/8", "-d", "198.51.100.7", "-j", "ACCEPT"),
            List.of("-s", "172.16.0.0/12", "-d", "192.0.2.0/24", "-j", "ACCEPT"),
            List.of("-s", "172.16.0.0/12", "-d", "198.51.100.7", "-j", "ACCEPT"));
  }

  @Test
  void refusesANegatedAddressList() {
    Rule r = rule(Verdict.DROP, AddressMatch.source(cidrs("10.0.0.0/8", "172.16.0.0/12")).negate());
    assertThatThrownBy(
            () ->
                HookArgs.of(SETS, false, Family.IPV4, r, RuleRef.of(TableName.FILTER, "INPUT", 1)))
        .isInstanceOfSatisfying(
            UnsupportedFeatureException.class,
            e -> assertThat(e.place()).isEqualTo(RuleRef.of(TableName.FILTER, "INPUT", 1)))
        .hasMessage(
            "table filter, chain INPUT, rule 1: ferm cannot express a negated address list (ferm"
                + " cannot negate a list): ! 10.0.0.0/8,172.16.0.0/12");
  }

  @Test
  void spellsTheMatchesAndTargetsOfBusyHostsAsFermPassesThem() {
    assertThat(
            args(
                Family.IPV4,
                rule(
                    Mark.xmark(0x3, 0x1),
                    MacMatch.source("52:54:00:ab:cd:ef").negate(),
                    PacketTypeMatch.of(PacketTypeMatch.Type.BROADCAST),
                    IpRangeMatch.destination(Cidr.parse("10.0.0.1"), Cidr.parse("10.0.0.9")))))
        .containsExactly(
            "-m",
            "mac",
            "!",
            "--mac-source",
            "52:54:00:ab:cd:ef",
            "-m",
            "pkttype",
            "--pkt-type",
            "broadcast",
            "-m",
            "iprange",
            "--dst-range",
            "10.0.0.1-10.0.0.9",
            "-j",
            "MARK",
            "--set-xmark",
            "0x3/0x1");
    assertThat(
            args(
                Family.IPV4,
                rule(
                    TcpMss.clampToPmtu(),
                    ProtocolMatch.of(Protocol.TCP),
                    TcpFlagsMatch.syn().negate(),
                    OwnerMatch.gid(5, 7))))
        .containsExactly(
            "-p",
            "tcp",
            "!",
            "--tcp-flags",
            "FIN,SYN,RST,ACK",
            "SYN",
            "-m",
            "owner",
            "--gid-owner",
            "5-7",
            "-j",
            "TCPMSS",
            "--clamp-mss-to-pmtu");
    assertThat(args(Family.IPV4, rule(ConnMark.restore(0xff, 0xf))))
        .containsExactly("-j", "CONNMARK", "--restore-mark", "--nfmask", "0xff", "--ctmask", "0xf");
    assertThat(args(Family.IPV4, rule(Nflog.builder().group(2).prefix("a b").build())))
        .containsExactly("-j", "NFLOG", "--nflog-group", "2", "--nflog-prefix", "a b");
    assertThat(args(Family.IPV4, rule(Ct.zone(5)))).containsExactly("-j", "CT", "--zone", "5");
    assertThat(args(Family.IPV4, rule(Notrack.INSTANCE))).containsExactly("-j", "NOTRACK");
    assertThat(
            args(
                Family.IPV4,
                rule(Redirect.toPorts(PortRange.range(80, 90)), ProtocolMatch.of(Protocol.TCP))))
        .containsExactly("-p", "tcp", "-j", "REDIRECT", "--to-ports", "80-90");
  }

  @Test
  void spellsRpfilterAsIptablesSavePrintsIt() {
    assertThat(args(Family.IPV4, rule(Verdict.DROP, RpFilterMatch.loose().negate())))
        .containsExactly("-m", "rpfilter", "--loose", "--invert", "-j", "DROP");
  }

  @Test
  void refusesRpfilterForIpv6WhoseCheckIp6tablesGetsWrong() {
    Rule r = rule(Verdict.DROP, RpFilterMatch.strict().negate());
    assertThatThrownBy(() -> HookArgs.of(SETS, false, Family.IPV6, r, HERE))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageEndingWith("the hook could skip the insert): an rpfilter match");
  }

  @Test
  void refusesTheModulesOfBusyHostsForIpv6WhoseCheckIp6tablesGetsWrong() {
    Rule r = rule(Nflog.group(1), MacMatch.source("52:54:00:ab:cd:ef"));
    assertThatThrownBy(() -> HookArgs.of(SETS, false, Family.IPV6, r, HERE))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "table filter, chain INPUT, rule 1: ferm cannot express this match or target in a"
                + " built-in chain for ipv6 (ip6tables-legacy -C does not compare the options of"
                + " such modules, so the hook could skip the insert): a mac match");
    assertThatThrownBy(() -> HookArgs.of(SETS, false, Family.IPV6, rule(Nflog.group(1)), HERE))
        .hasMessageEndingWith(": NFLOG");
  }
}
