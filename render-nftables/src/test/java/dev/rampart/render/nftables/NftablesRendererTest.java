package dev.rampart.render.nftables;

import static dev.rampart.render.nftables.Policies.dport;
import static dev.rampart.render.nftables.Policies.filter;
import static dev.rampart.render.nftables.Policies.input;
import static dev.rampart.render.nftables.Policies.rule;
import static dev.rampart.render.nftables.Policies.tcp;
import static dev.rampart.render.nftables.Policies.udp;
import static dev.rampart.testing.RendererFixtures.LOCKOUT_REFUSAL;
import static dev.rampart.testing.RendererFixtures.guide;
import static dev.rampart.testing.RendererFixtures.nothing;
import static dev.rampart.testing.RendererFixtures.perFamilyPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.AddressSet;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.ChainRef;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.InvalidModelException;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Renderer;
import dev.rampart.core.Rule;
import dev.rampart.core.RuleRef;
import dev.rampart.core.Ruleset;
import dev.rampart.core.SetRef;
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
import dev.rampart.core.match.TcpFlagsMatch;
import dev.rampart.core.target.ConnMark;
import dev.rampart.core.target.Ct;
import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Log;
import dev.rampart.core.target.Mark;
import dev.rampart.core.target.Masquerade;
import dev.rampart.core.target.Nflog;
import dev.rampart.core.target.Notrack;
import dev.rampart.core.target.OpaqueTarget;
import dev.rampart.core.target.Redirect;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Snat;
import dev.rampart.core.target.Target;
import dev.rampart.core.target.TcpMss;
import dev.rampart.core.target.Verdict;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class NftablesRendererTest {
  @Test
  void writesAPerFamilyPolicyAsAcceptAndALastDropOfTheDroppingFamily() {
    assertThat(NftablesRenderer.of(RenderMode.OWN).render(perFamilyPolicy()))
        .contains(
            """
            \tchain INPUT {
            \t\ttype filter hook input priority 0; policy accept;
            \t\ttcp dport 22 accept
            \t\tmeta nfproto ipv4 drop comment "ipv4 policy DROP"
            \t}
            """);
  }

  @Test
  void refusesAReturnFromABaseChainWithAPerFamilyPolicy() {
    Ruleset rs =
        Ruleset.builder()
            .from(perFamilyPolicy())
            .tables(
                List.of(
                    Table.of(
                        TableName.FILTER,
                        List.of(
                            Chain.builder()
                                .from(perFamilyPolicy().tables().get(0).chains().get(0))
                                .addRules(Rule.of(List.of(), Verdict.RETURN))
                                .build()))))
            .build();
    assertThatThrownBy(() -> NftablesRenderer.of(RenderMode.OWN).render(rs))
        .hasMessageContaining("RETURN or goto in a base chain whose policy differs");
  }

  @Test
  void refusesALockout() {
    assertThatThrownBy(() -> NftablesRenderer.of(RenderMode.OWN).render(guide()))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageStartingWith(LOCKOUT_REFUSAL);
    assertThatThrownBy(() -> NftablesRenderer.of(RenderMode.COEXIST).bundle(guide()))
        .hasMessageStartingWith(LOCKOUT_REFUSAL);
  }

  private static final NftablesRenderer NONE =
      NftablesRenderer.builder().docker(DockerBackend.NONE).build();
  private static final NftablesRenderer SWARM =
      NftablesRenderer.builder().docker(DockerBackend.IPTABLES_NFT).build();

  /** The one rule line of INPUT when {@code rule} is its only rule (profile NONE). */
  static String line(Rule rule) {
    String script = NONE.render(filter(input(rule)));
    String[] lines = script.split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].equals("\t\ttype filter hook input priority 0; policy drop;")) {
        return lines[i + 1].substring(2);
      }
    }
    throw new AssertionError(script);
  }

  static String line(Target target, Match... matches) {
    return line(rule(target, matches));
  }

  /** Every rule line of INPUT when {@code rule} is its only rule (profile NONE). */
  static List<String> lines(Target target, Match... matches) {
    String script = NONE.render(filter(input(rule(target, matches))));
    String body = script.substring(script.indexOf("policy drop;\n") + "policy drop;\n".length());
    return body.substring(0, body.indexOf("\t}")).lines().map(l -> l.substring(2)).toList();
  }

  static Rule only(Family family, Rule rule) {
    return Rule.builder().from(rule).family(family).build();
  }

  static Cidr cidr(String text) {
    return Cidr.parse(text);
  }

  @Test
  void refusesToManageAChainDockerCreatesBesideDocker() {
    Ruleset rs =
        Ruleset.builder()
            .addTables(
                Table.of(
                    TableName.NAT,
                    List.of(Chain.of("DOCKER-INGRESS", List.of(rule(Verdict.RETURN))))))
            .build();
    for (DockerBackend docker : List.of(DockerBackend.IPTABLES_NFT, DockerBackend.NFTABLES)) {
      assertThatThrownBy(() -> NftablesRenderer.builder().docker(docker).build().render(rs))
          .isInstanceOf(UnsupportedFeatureException.class)
          .hasMessage(
              "table nat, chain DOCKER-INGRESS: nftables cannot express a managed chain Docker creates, in coexist mode"
                  + " (Docker rewrites it; put forwarded-traffic rules into DOCKER-USER, or declare it"
                  + " foreign to jump to it): DOCKER-INGRESS");
    }
    assertThat(NONE.render(rs)).contains("chain DOCKER-INGRESS {");
  }

  @Test
  void rendersTheHostPolicyForASwarmNode() {
    assertThat(SWARM.render(Policies.host(cidr("10.9.0.0/16"))))
        .isEqualTo(
            """
            # Rampart nftables ruleset (Docker profile iptables_nft). Replaces only the tables below.
            table inet rampart
            delete table inet rampart
            table inet rampart-nat
            delete table inet rampart-nat
            table inet rampart-mangle
            delete table inet rampart-mangle
            table inet rampart-raw
            delete table inet rampart-raw
            table inet rampart {
            \tset trusted4 {
            \t\ttype ipv4_addr
            \t\tflags interval
            \t\telements = { 10.9.0.0/16 }
            \t}

            \tchain INPUT {
            \t\ttype filter hook input priority -1; policy drop;
            \t\tiifname "lo" accept
            \t\tct state established,related accept
            \t\ticmp type 8 limit rate 5/second burst 10 packets accept
            \t\ticmpv6 type 128 accept
            \t\ticmpv6 type 135 accept
            \t\ticmpv6 type 136 accept
            \t\ttcp dport 22 accept comment "ssh"
            \t\ttcp dport 8081 ip saddr @trusted4 accept
            \t}

            \tchain DOCKER-USER {
            \t\ttype filter hook forward priority -1; policy accept;
            \t\tmeta l4proto tcp ip saddr != @trusted4 ct original proto-dst 8080 drop
            \t\treturn
            \t}
            }
            """);
  }

  @Test
  void givesBuiltinChainsTheIptablesPrioritiesWithoutDocker() {
    Ruleset rs =
        Ruleset.builder()
            .addTables(
                Table.of(
                    TableName.RAW,
                    List.of(Chain.of("PREROUTING", List.of()), Chain.of("OUTPUT", List.of()))),
                Table.of(
                    TableName.MANGLE,
                    List.of(
                        Chain.of("PREROUTING", List.of()),
                        Chain.of("INPUT", List.of()),
                        Chain.of("FORWARD", List.of()),
                        Chain.of("OUTPUT", List.of()),
                        Chain.of("POSTROUTING", List.of()))),
                Table.of(
                    TableName.NAT,
                    List.of(
                        Chain.of("PREROUTING", List.of()),
                        Chain.of("INPUT", List.of()),
                        Chain.of("OUTPUT", List.of()),
                        Chain.of("POSTROUTING", List.of()))),
                Table.of(
                    TableName.FILTER,
                    List.of(
                        Chain.of("INPUT", List.of()),
                        Chain.of("FORWARD", List.of()),
                        Chain.of("OUTPUT", List.of()),
                        Chain.of("DOCKER-USER", List.of()))))
            .build();
    assertThat(NONE.render(rs).lines().filter(l -> l.contains("chain") || l.contains("type")))
        .containsExactly(
            "\tchain INPUT {",
            "\t\ttype filter hook input priority 0; policy accept;",
            "\tchain FORWARD {",
            "\t\ttype filter hook forward priority 0; policy accept;",
            "\tchain OUTPUT {",
            "\t\ttype filter hook output priority 0; policy accept;",
            "\tchain DOCKER-USER {",
            "\tchain PREROUTING {",
            "\t\ttype nat hook prerouting priority -100; policy accept;",
            "\tchain INPUT {",
            "\t\ttype nat hook input priority 100; policy accept;",
            "\tchain OUTPUT {",
            "\t\ttype nat hook output priority -100; policy accept;",
            "\tchain POSTROUTING {",
            "\t\ttype nat hook postrouting priority 100; policy accept;",
            "\tchain PREROUTING {",
            "\t\ttype filter hook prerouting priority -150; policy accept;",
            "\tchain INPUT {",
            "\t\ttype filter hook input priority -150; policy accept;",
            "\tchain FORWARD {",
            "\t\ttype filter hook forward priority -150; policy accept;",
            "\tchain OUTPUT {",
            "\t\ttype filter hook output priority -150; policy accept;",
            "\tchain POSTROUTING {",
            "\t\ttype filter hook postrouting priority -150; policy accept;",
            "\tchain PREROUTING {",
            "\t\ttype filter hook prerouting priority -300; policy accept;",
            "\tchain OUTPUT {",
            "\t\ttype filter hook output priority -300; policy accept;");
  }

  @Test
  void putsOurForwardChainsBeforeDockersBesideDocker() {
    Ruleset rs =
        filter(
            Chain.of("FORWARD", List.of(rule(Verdict.DROP, InterfaceMatch.in("eth9")))),
            Chain.of("DOCKER-USER", List.of()));
    assertThat(
            NftablesRenderer.builder()
                .docker(DockerBackend.NFTABLES)
                .build()
                .render(rs)
                .lines()
                .filter(l -> l.contains("type")))
        .containsExactly(
            "\t\ttype filter hook forward priority -2; policy accept;",
            "\t\ttype filter hook forward priority -1; policy accept;");
  }

  @Test
  void rendersUserChainsAsRegularChainsWithJumpGotoAndReturn() {
    Ruleset rs =
        filter(
            input(rule(Jump.to("FILTERS")), rule(Jump.goTo("OTHER"))),
            Chain.of("FILTERS", List.of(rule(Verdict.RETURN, udp()))),
            Chain.of("OTHER", List.of()));
    assertThat(NONE.render(rs))
        .endsWith(
            """
            \tchain INPUT {
            \t\ttype filter hook input priority 0; policy drop;
            \t\tjump FILTERS
            \t\tgoto OTHER
            \t}

            \tchain FILTERS {
            \t\tmeta l4proto udp return
            \t}

            \tchain OTHER {
            \t}
            }
            """);
  }

  @Test
  void rendersPortsAndPortLists() {
    assertThat(line(Verdict.ACCEPT, tcp(), dport(22))).isEqualTo("tcp dport 22 accept");
    assertThat(lines(Verdict.ACCEPT, udp(), dport(53, 5353)))
        .containsExactly("udp dport 53 accept", "udp dport 5353 accept");
    assertThat(
            lines(
                Verdict.ACCEPT,
                tcp(),
                PortMatch.destination(
                    List.of(PortRange.of(8080), PortRange.range(30000, 32767), PortRange.of(22)))))
        .containsExactly(
            "tcp dport 22 accept", "tcp dport 8080 accept", "tcp dport 30000-32767 accept");
    assertThat(
            line(Verdict.DROP, tcp(), PortMatch.source(List.of(PortRange.range(1, 1023))).negate()))
        .isEqualTo("tcp sport != 1-1023 drop");
    assertThat(line(Verdict.DROP, tcp(), dport(1, 3).negate()))
        .isEqualTo("tcp dport != 1 tcp dport != 3 drop");
    assertThat(
            lines(
                Verdict.ACCEPT,
                ProtocolMatch.of(Protocol.SCTP),
                PortMatch.destination(List.of(PortRange.of(7), PortRange.range(8, 9)))))
        .containsExactly("sctp dport 7-9 accept");
  }

  @Test
  void rendersProtocolsByNameOrNumber() {
    assertThat(line(Verdict.ACCEPT, ProtocolMatch.of(Protocol.ESP)))
        .isEqualTo("meta l4proto esp accept");
    assertThat(line(Verdict.ACCEPT, ProtocolMatch.of(Protocol.of(47))))
        .isEqualTo("meta l4proto 47 accept");
    assertThat(line(Verdict.DROP, ProtocolMatch.not(Protocol.TCP)))
        .isEqualTo("meta l4proto != tcp drop");
    assertThat(line(Verdict.ACCEPT, ProtocolMatch.of(Protocol.ICMP)))
        .isEqualTo("meta nfproto ipv4 meta l4proto icmp accept");
  }

  @Test
  void rendersConntrackStates() {
    assertThat(
            line(
                Verdict.ACCEPT,
                ConntrackStateMatch.of(
                    List.of(ConnState.NEW, ConnState.RELATED, ConnState.UNTRACKED))))
        .isEqualTo("ct state related,new,untracked accept");
    assertThat(line(Verdict.DROP, ConntrackStateMatch.not(List.of(ConnState.NEW))))
        .isEqualTo("ct state != new drop");
    assertThat(
            line(
                Verdict.DROP,
                ConntrackStateMatch.not(List.of(ConnState.ESTABLISHED, ConnState.RELATED))))
        .isEqualTo("ct state != { established, related } drop");
    assertThat(line(Verdict.ACCEPT, ConntrackStateMatch.of(List.of(ConnState.DNAT))))
        .isEqualTo("ct status dnat accept");
    assertThat(
            line(Verdict.ACCEPT, ConntrackStateMatch.not(List.of(ConnState.SNAT, ConnState.DNAT))))
        .isEqualTo("ct status ! snat,dnat accept");
  }

  @Test
  void rendersConntrackOriginalDestinationAndPort() {
    assertThat(
            line(
                Verdict.ACCEPT,
                tcp(),
                ConntrackOriginalMatch.builder()
                    .destination(cidr("192.0.2.0/24"))
                    .destinationPort(PortRange.range(8080, 8081))
                    .build()))
        .isEqualTo(
            "meta nfproto ipv4 meta l4proto tcp ct original ip daddr 192.0.2.0/24"
                + " ct original proto-dst 8080-8081 accept");
    assertThat(
            line(
                Verdict.ACCEPT,
                udp(),
                dport(53),
                ConntrackOriginalMatch.builder()
                    .destinationPort(PortRange.of(5353))
                    .negated(true)
                    .build()))
        .isEqualTo("udp dport 53 ct original proto-dst != 5353 accept");
    assertThat(line(Verdict.ACCEPT, ConntrackOriginalMatch.destination(cidr("2001:db8::1"))))
        .isEqualTo("meta nfproto ipv6 ct original ip6 daddr 2001:db8::1 accept");
  }

  @Test
  void rendersIcmpTypesAndCodes() {
    assertThat(
            line(
                Verdict.ACCEPT,
                ProtocolMatch.of(Protocol.ICMP),
                IcmpTypeMatch.of(Family.IPV4, 3, 4)))
        .isEqualTo("icmp type 3 icmp code 4 accept");
    assertThat(line(Verdict.DROP, ProtocolMatch.of(Protocol.ICMP), IcmpTypeMatch.icmp(8).negate()))
        .isEqualTo("icmp type != 8 drop");
    assertThat(line(Verdict.ACCEPT, ProtocolMatch.of(Protocol.ICMPV6), IcmpTypeMatch.icmpv6(2)))
        .isEqualTo("icmpv6 type 2 accept");
  }

  @Test
  void rendersAddressesListsAndSets() {
    assertThat(line(Verdict.ACCEPT, AddressMatch.source(List.of(cidr("192.0.2.1")))))
        .isEqualTo("ip saddr 192.0.2.1 accept");
    assertThat(
            line(
                Verdict.DROP,
                AddressMatch.destination(List.of(cidr("2001:db8::/32"))).negate(),
                AddressMatch.source(List.of(cidr("2001:db8:1::/48")))))
        .isEqualTo("ip6 saddr 2001:db8:1::/48 ip6 daddr != 2001:db8::/32 drop");
    assertThat(
            lines(
                Verdict.ACCEPT,
                AddressMatch.source(
                    List.of(
                        cidr("10.0.1.0/24"),
                        cidr("10.0.0.0/24"),
                        cidr("10.0.0.7"),
                        cidr("10.0.2.0/24"),
                        cidr("10.0.9.0/24")))))
        .containsExactly("ip saddr 10.0.0.0-10.0.2.255 accept", "ip saddr 10.0.9.0/24 accept");
    assertThat(
            lines(Verdict.ACCEPT, AddressMatch.source(List.of(cidr("10.0.0.9"), cidr("10.0.0.8")))))
        .containsExactly("ip saddr 10.0.0.8 accept", "ip saddr 10.0.0.9 accept");
  }

  @Test
  void rendersNamedSetsWithIntervalsForNetworks() {
    Ruleset rs =
        Ruleset.builder()
            .addSets(
                AddressSet.of(
                    "nodes6", Family.IPV6, List.of(cidr("2001:db8::/64"), cidr("2001:db8::5"))),
                AddressSet.builder()
                    .name("hosts")
                    .family(Family.IPV4)
                    .kind(AddressSet.Kind.IP)
                    .addElements(cidr("192.0.2.9"), cidr("192.0.2.1"))
                    .build(),
                AddressSet.of("empty", Family.IPV4, List.of()))
            .addTables(
                Table.of(
                    TableName.FILTER,
                    List.of(input(rule(Verdict.ACCEPT, SetMatch.destination("nodes6"))))))
            .lockoutAllowed(true) // the sets' rendering is under test
            .build();
    assertThat(NONE.render(rs))
        .contains(
            """
            table inet rampart {
            \tset nodes6 {
            \t\ttype ipv6_addr
            \t\tflags interval
            \t\telements = { 2001:db8::/64 }
            \t}

            \tset hosts {
            \t\ttype ipv4_addr
            \t\telements = { 192.0.2.1, 192.0.2.9 }
            \t}

            \tset empty {
            \t\ttype ipv4_addr
            \t\tflags interval
            \t}

            \tchain INPUT {
            \t\ttype filter hook input priority 0; policy drop;
            \t\tip6 daddr @nodes6 accept
            \t}
            """);
  }

  @Test
  void rendersInterfacesWithWildcards() {
    Ruleset rs =
        filter(
            Chain.of(
                "FORWARD",
                List.of(
                    rule(
                        Verdict.DROP,
                        InterfaceMatch.out("docker0"),
                        InterfaceMatch.in("docker+").negate()))));
    assertThat(NONE.render(rs)).contains("\t\tiifname != \"docker*\" oifname \"docker0\" drop\n");
  }

  /** nft 1.0.6: "All-wildcard strings are not supported" for {@code iifname "*"}. */
  @Test
  void refusesAnInterfaceThatIsOnlyAWildcard() {
    Ruleset rs = filter(input(rule(Verdict.DROP, InterfaceMatch.in("+"))));
    assertThatThrownBy(() -> NONE.render(rs))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "table filter, chain INPUT, rule 1: nftables cannot express an interface name that is"
                + " only a wildcard (nft refuses it): +");
  }

  /** nft 1.0.6 scans {@code .} alone as its concatenation operator, not as a name. */
  @Test
  void refusesAChainNamedDot() {
    Ruleset rs = filter(input(rule(Jump.to("."))), Chain.of(".", List.of(rule(Verdict.ACCEPT))));
    assertThatThrownBy(() -> NONE.render(rs))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "table filter, chain .: nftables cannot express a name nft reads as its keyword: .");
  }

  @Test
  void rendersLimitsWithoutTheDefaultBurst() {
    assertThat(line(Verdict.ACCEPT, LimitMatch.of(3, LimitMatch.Unit.MINUTE)))
        .isEqualTo("limit rate 3/minute accept");
    assertThat(line(Verdict.ACCEPT, LimitMatch.of(3, LimitMatch.Unit.HOUR, 5)))
        .isEqualTo("limit rate 3/hour accept");
    assertThat(line(Verdict.ACCEPT, LimitMatch.of(1, LimitMatch.Unit.DAY, 2)))
        .isEqualTo("limit rate 1/day burst 2 packets accept");
  }

  @Test
  void rendersIpsecPolicyAsMetaOrRtIpsec() {
    assertThat(
            line(
                Verdict.ACCEPT,
                PolicyMatch.of(PolicyMatch.Dir.IN, PolicyMatch.Processing.IPSEC),
                udp(),
                dport(4789)))
        .isEqualTo("udp dport 4789 meta ipsec exists accept");
    assertThat(line(Verdict.DROP, PolicyMatch.of(PolicyMatch.Dir.IN, PolicyMatch.Processing.NONE)))
        .isEqualTo("meta ipsec missing drop");
    Ruleset out =
        filter(
            Chain.of(
                "OUTPUT",
                List.of(
                    rule(
                        Verdict.ACCEPT,
                        PolicyMatch.of(PolicyMatch.Dir.OUT, PolicyMatch.Processing.IPSEC)))));
    assertThat(NONE.render(out)).contains("\t\trt ipsec exists accept\n");
  }

  @Test
  void rendersAddressTypesAndMarks() {
    assertThat(line(Verdict.ACCEPT, AddressTypeMatch.destination(AddressTypeMatch.Type.LOCAL)))
        .isEqualTo("fib daddr type local accept");
    assertThat(
            line(Verdict.DROP, AddressTypeMatch.source(AddressTypeMatch.Type.MULTICAST).negate()))
        .isEqualTo("fib saddr type != multicast drop");
    assertThat(line(Verdict.ACCEPT, MarkMatch.of(1))).isEqualTo("meta mark 0x00000001 accept");
    assertThat(line(Verdict.ACCEPT, MarkMatch.of(0x10, 0xf0).negate()))
        .isEqualTo("meta mark & 0x000000f0 != 0x00000010 accept");
  }

  @Test
  void rendersLogAndRejectTargets() {
    assertThat(line(Log.of())).isEqualTo("log");
    assertThat(line(Log.builder().prefix("in: ").level(6).build()))
        .isEqualTo("log prefix \"in: \" level info");
    assertThat(line(Log.builder().level(4).build())).isEqualTo("log");
    assertThat(line(Reject.of())).isEqualTo("reject");
    assertThat(line(Reject.with(Reject.With.TCP_RESET), tcp()))
        .isEqualTo("meta l4proto tcp reject with tcp reset");
    assertThat(line(Reject.with(Reject.With.ICMP_HOST_PROHIBITED)))
        .isEqualTo("reject with icmp host-prohibited");
    assertThat(line(Reject.with(Reject.With.ICMP6_ADM_PROHIBITED)))
        .isEqualTo("reject with icmpv6 admin-prohibited");
    assertThat(line(Reject.with(Reject.With.ICMP6_ADDR_UNREACHABLE)))
        .isEqualTo("reject with icmpv6 addr-unreachable");
  }

  @Test
  void rendersFamilyOnlyWhenNothingImpliesIt() {
    assertThat(line(only(Family.IPV6, rule(Verdict.ACCEPT, tcp(), dport(22)))))
        .isEqualTo("meta nfproto ipv6 tcp dport 22 accept");
    assertThat(
            line(
                only(
                    Family.IPV4,
                    rule(Verdict.ACCEPT, AddressMatch.source(List.of(cidr("192.0.2.0/24")))))))
        .isEqualTo("ip saddr 192.0.2.0/24 accept");
  }

  @Test
  void rendersNatStatements() {
    Ruleset rs =
        Ruleset.builder()
            .addTables(
                Table.of(
                    TableName.NAT,
                    List.of(
                        Chain.of(
                            "PREROUTING",
                            List.of(
                                rule(Dnat.to(cidr("172.18.0.2"), 8080), tcp(), dport(80)),
                                rule(Dnat.to(cidr("2001:db8::2"), 80), tcp(), dport(80)),
                                rule(Dnat.to(cidr("172.18.0.3")), udp()))),
                        Chain.of(
                            "POSTROUTING",
                            List.of(
                                rule(
                                    Masquerade.of(),
                                    AddressMatch.source(List.of(cidr("172.18.0.0/16"))),
                                    InterfaceMatch.out("docker_gwbridge").negate()),
                                rule(Snat.to(cidr("2001:db8::1"))))))))
            .build();
    assertThat(NONE.render(rs))
        .endsWith(
            """
            table inet rampart-nat {
            \tchain PREROUTING {
            \t\ttype nat hook prerouting priority -100; policy accept;
            \t\tmeta nfproto ipv4 tcp dport 80 dnat ip to 172.18.0.2:8080
            \t\tmeta nfproto ipv6 tcp dport 80 dnat ip6 to [2001:db8::2]:80
            \t\tmeta nfproto ipv4 meta l4proto udp dnat ip to 172.18.0.3
            \t}

            \tchain POSTROUTING {
            \t\ttype nat hook postrouting priority 100; policy accept;
            \t\tip saddr 172.18.0.0/16 oifname != "docker_gwbridge" masquerade
            \t\tmeta nfproto ipv6 snat ip6 to 2001:db8::1
            \t}
            }
            """);
  }

  @Test
  void usesConfiguredTableNames() {
    NftablesRenderer r =
        NftablesRenderer.builder()
            .docker(DockerBackend.NONE)
            .tableName(TableName.FILTER, "host_fw")
            .build();
    assertThat(r.render(filter(input())))
        .contains("table inet host_fw {\n")
        .contains("delete table inet host_fw\n");
    assertThat(r.tableName(TableName.NAT)).isEqualTo("rampart-nat");
  }

  @Test
  void rejectsTableNamesOfOthers() {
    NftablesRenderer.Builder b = NftablesRenderer.builder();
    assertThatThrownBy(() -> b.tableName(TableName.FILTER, "filter"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "table name belongs to iptables-nft, Docker or the distribution's nftables.conf: filter");
    assertThatThrownBy(() -> b.tableName(TableName.NAT, "docker-bridges"))
        .hasMessage(
            "table name belongs to iptables-nft, Docker or the distribution's nftables.conf:"
                + " docker-bridges");
    assertThatThrownBy(() -> b.tableName(TableName.NAT, "a b\n"))
        .hasMessage(
            "table name must be 1 to 64 letters, digits, '_' or '-' starting with a letter:"
                + " a b\\n");
    assertThatThrownBy(() -> b.tableName(TableName.NAT, "ip"))
        .hasMessage("table name is an nft keyword: ip");
    assertThatThrownBy(() -> NftablesRenderer.builder().tableName(TableName.NAT, "rampart").build())
        .hasMessageStartingWith("each model table needs a table name of its own: ");
  }

  @Test
  void refusesAcceptInDockerUser() {
    Ruleset rs =
        filter(
            Chain.of(
                "DOCKER-USER",
                List.of(
                    rule(Verdict.DROP, InterfaceMatch.in("eth9")),
                    rule(Verdict.ACCEPT, tcp(), dport(80)))));
    assertThatThrownBy(() -> SWARM.render(rs))
        .isInstanceOfSatisfying(
            UnsupportedFeatureException.class,
            e -> {
              assertThat(e.backend()).isEqualTo("nftables");
              assertThat(e.place()).isEqualTo(RuleRef.of(TableName.FILTER, "DOCKER-USER", 2));
              assertThat(e.value()).isEqualTo("DOCKER-USER");
            })
        .hasMessage(
            "table filter, chain DOCKER-USER, rule 2: nftables cannot express ACCEPT in the path"
                + " of a chain where Docker's chains also decide (beside Docker an nftables accept"
                + " only ends our base chain and cannot skip Docker's checks; write RETURN to let"
                + " Docker's chains decide, or DROP to deny): DOCKER-USER");
  }

  @Test
  void refusesAcceptInAChainReachedFromDockerUser() {
    Ruleset rs =
        filter(
            Chain.of("DOCKER-USER", List.of(rule(Jump.to("ALLOW")))),
            Chain.of("ALLOW", List.of(rule(Verdict.ACCEPT, udp()))));
    assertThatThrownBy(
            () -> NftablesRenderer.builder().docker(DockerBackend.NFTABLES).build().render(rs))
        .isInstanceOfSatisfying(
            UnsupportedFeatureException.class,
            e -> assertThat(e.place()).isEqualTo(RuleRef.of(TableName.FILTER, "ALLOW", 1)))
        .hasMessageStartingWith("table filter, chain ALLOW, rule 1: nftables cannot express")
        .hasMessageEndingWith(": DOCKER-USER");
  }

  @Test
  void acceptsAcceptInDockerUserWithoutDocker() {
    Ruleset rs =
        filter(
            input(rule(Jump.to("DOCKER-USER"))),
            Chain.of("DOCKER-USER", List.of(rule(Verdict.ACCEPT))));
    assertThat(NONE.render(rs)).contains("\tchain DOCKER-USER {\n\t\taccept\n\t}\n");
  }

  @Test
  void refusesJumpsIntoForeignChains() {
    Ruleset rs =
        filter(
            Chain.of("DOCKER-USER", List.of(rule(Jump.to("DOCKER-INGRESS")))),
            Chain.foreign("DOCKER-INGRESS"));
    assertThatThrownBy(() -> SWARM.render(rs))
        .hasMessage(
            "table filter, chain DOCKER-USER, rule 1: nftables cannot express a jump to a foreign"
                + " chain (Docker's chains live in Docker's own tables, which an nftables table"
                + " cannot jump into; in DOCKER-USER write RETURN to hand the packet to Docker's"
                + " chains): DOCKER-INGRESS");
  }

  @Test
  void refusesJumpsIntoDockerUserBesideDocker() {
    Ruleset rs =
        filter(
            Chain.of("FORWARD", List.of(rule(Jump.to("DOCKER-USER")))),
            Chain.of("DOCKER-USER", List.of()));
    assertThatThrownBy(() -> SWARM.render(rs))
        .hasMessage(
            "table filter, chain FORWARD, rule 1: nftables cannot express a jump to a chain that"
                + " beside Docker is a forward base chain of its own, running ahead of Docker's"
                + " chains (remove the jump): DOCKER-USER");
  }

  @Test
  void refusesPolicyReturnAndGotoInForwardBesideDocker() {
    Chain user = Chain.of("X", List.of());
    assertThatThrownBy(
            () ->
                SWARM.render(
                    filter(Chain.builder().name("FORWARD").policy(ChainPolicy.DROP).build())))
        .isInstanceOfSatisfying(
            UnsupportedFeatureException.class,
            e -> assertThat(e.place()).isEqualTo(ChainRef.of(TableName.FILTER, "FORWARD")))
        .hasMessage(
            "table filter, chain FORWARD: nftables cannot express a policy where Docker's chains"
                + " also decide (the policy of this hook belongs to Docker; leave it unset and end"
                + " with a DROP rule for what you deny): DROP");
    assertThatThrownBy(
            () -> SWARM.render(filter(Chain.of("FORWARD", List.of(rule(Verdict.RETURN))))))
        .hasMessageStartingWith(
            "table filter, chain FORWARD, rule 1: nftables cannot express RETURN in a built-in"
                + " chain where Docker's chains also decide (")
        .hasMessageEndingWith("): FORWARD");
    assertThatThrownBy(
            () -> SWARM.render(filter(Chain.of("FORWARD", List.of(rule(Jump.goTo("X")))), user)))
        .hasMessageStartingWith(
            "table filter, chain FORWARD, rule 1: nftables cannot express goto from a built-in"
                + " chain where Docker's chains also decide (")
        .hasMessageEndingWith("): FORWARD");
  }

  @Test
  void refusesAcceptInTheNatTableBesideDocker() {
    Ruleset rs =
        Ruleset.builder()
            .addTables(
                Table.of(
                    TableName.NAT, List.of(Chain.of("PREROUTING", List.of(rule(Verdict.ACCEPT))))))
            .build();
    assertThatThrownBy(() -> SWARM.render(rs))
        .hasMessage(
            "table nat, chain PREROUTING, rule 1: nftables cannot express ACCEPT in the nat table"
                + " beside Docker (an nftables accept cannot stop Docker's nat chains from"
                + " translating the packet; leave the rule out, or render for iptables):"
                + " PREROUTING");
  }

  @Test
  void refusesCommentsLongerThanNftAllows() {
    String ok = "c".repeat(128);
    assertThat(line(Rule.builder().target(Verdict.ACCEPT).comment(ok).build()))
        .isEqualTo("accept comment \"" + ok + "\"");
    assertThatThrownBy(() -> line(Rule.builder().target(Verdict.ACCEPT).comment(ok + "c").build()))
        .hasMessage(
            "table filter, chain INPUT, rule 1: nftables cannot express a comment longer than 128"
                + " characters (shorten it): "
                + "c".repeat(129));
  }

  @Test
  void refusesNamesNftReadsAsKeywords() {
    assertThatThrownBy(
            () -> NONE.render(filter(input(rule(Jump.to("tcp"))), Chain.of("tcp", List.of()))))
        .hasMessage(
            "table filter, chain tcp: nftables cannot express a name nft reads as its keyword:"
                + " tcp");
    assertThatThrownBy(
            () ->
                NONE.render(
                    Ruleset.builder()
                        .addSets(AddressSet.of("ip", Family.IPV4, List.of()))
                        .addTables(Table.of(TableName.FILTER, List.of(input())))
                        .build()))
        .isInstanceOfSatisfying(
            UnsupportedFeatureException.class,
            e -> assertThat(e.place()).isEqualTo(SetRef.of("ip")))
        .hasMessage("set ip: nftables cannot express a name nft reads as its keyword: ip");
  }

  @Test
  void refusesWhatNftCannotSayInOneRule() {
    assertThatThrownBy(
            () ->
                line(
                    Verdict.ACCEPT, ConntrackStateMatch.of(List.of(ConnState.NEW, ConnState.DNAT))))
        .hasMessage(
            "table filter, chain INPUT, rule 1: nftables cannot express conntrack states mixed"
                + " with SNAT or DNAT in one match (nft tests them as ct state and ct status; write"
                + " one rule for each): NEW,DNAT");
    assertThatThrownBy(
            () -> line(Verdict.ACCEPT, ConntrackOriginalMatch.destinationPort(PortRange.of(80))))
        .hasMessage(
            "table filter, chain INPUT, rule 1: nftables cannot express a conntrack original port"
                + " without a tcp, udp or sctp protocol match (add one)");
    assertThatThrownBy(
            () ->
                line(
                    Verdict.ACCEPT,
                    ProtocolMatch.of(Protocol.ICMP),
                    IcmpTypeMatch.of(Family.IPV4, 3, 4).negate()))
        .hasMessageStartingWith(
            "table filter, chain INPUT, rule 1: nftables cannot express a negated ICMP type with"
                + " a code (")
        .hasMessageEndingWith("): ! 3/4");
  }

  @Test
  void bundlesTheScriptAnApplyScriptAndTheUnits() {
    Ruleset rs = filter(input());
    assertThat(NONE.bundle(rs).files())
        .containsOnlyKeys(
            "rules.nft",
            "apply.sh",
            "rampart-firewall.service",
            "rampart-firewall-docker.service",
            "MANIFEST")
        .containsEntry("rules.nft", NONE.render(rs));
    assertThat(NONE.bundle(rs).file("apply.sh"))
        .contains(
            """
            # Rampart: applies the nftables bundle of this directory.
            # Applies Rampart's nftables rules: replaces the tables inet rampart, inet rampart-nat,\
             inet rampart-mangle, inet rampart-raw
            # in one transaction and leaves every other table (Docker's, iptables-nft's) alone.
            # Idempotent: applying twice gives the same ruleset, and applying policies one
            # after the other leaves what the last one alone leaves.
            # A failed transaction changes nothing.
            """)
        .contains(
            "rampart_nft_tables='rampart rampart-nat rampart-mangle rampart-raw'\n",
            "(\n  set -e\nnft -f rules.nft || { echo \"apply.sh: nft -f rules.nft failed: no rule changed\" >&2;"
                + " exit 1; }\n)\n");
  }

  @Test
  void providesTheSwarmProfile() {
    assertThat(NftablesRenderer.provider().format()).isEqualTo("nftables");
    assertThat(NftablesRenderer.provider().docker()).isEqualTo(DockerBackend.IPTABLES_NFT);
  }

  @Test
  void rendersEqualRulesetsToIdenticalText() {
    assertThat(SWARM.render(Policies.host(cidr("10.9.0.0/16"))))
        .isEqualTo(SWARM.render(Policies.host(cidr("10.9.0.0/16"))));
  }

  /** The refusal of {@code rule} in user chain X of {@code table}, which no built-in reaches. */
  private static void assertRefused(TableName table, Rule rule, String feature) {
    Ruleset rs =
        Ruleset.builder().addTables(Table.of(table, List.of(Chain.of("X", List.of(rule))))).build();
    assertThatThrownBy(() -> NONE.render(rs))
        .isInstanceOfSatisfying(
            UnsupportedFeatureException.class,
            e -> assertThat(e.place()).isEqualTo(RuleRef.of(table, "X", 1)))
        .hasMessageStartingWith(
            "table "
                + table.label()
                + ", chain X, rule 1: nftables cannot express "
                + feature
                + ": ");
  }

  @Test
  void refusesOpaqueMatchesAndTargetsWithTheirPlace() {
    assertRefused(
        TableName.FILTER,
        rule(Verdict.ACCEPT, OpaqueMatch.of("u32", List.of("--u32", "0x0=0x1"))),
        "an opaque match");
    Ruleset u32 =
        Ruleset.builder()
            .addTables(
                Table.of(
                    TableName.FILTER,
                    List.of(
                        Chain.of(
                            "X",
                            List.of(
                                rule(
                                    Verdict.ACCEPT,
                                    OpaqueMatch.of("u32", List.of("--u32", "0x0=0x1"))))))))
            .build();
    assertThatThrownBy(() -> NONE.render(u32))
        .hasMessage("table filter, chain X, rule 1: nftables cannot express an opaque match: u32");
    assertRefused(
        TableName.MANGLE,
        rule(OpaqueTarget.of("NFQUEUE", List.of("--queue-num", "3"))),
        "an opaque target");
  }

  @Test
  void writesRpfilterAsAFibLookupInARawPreroutingChain() {
    Ruleset rs =
        Ruleset.builder()
            .addTables(
                Table.of(
                    TableName.RAW,
                    List.of(
                        Chain.of(
                            "PREROUTING",
                            List.of(
                                rule(Verdict.DROP, RpFilterMatch.strict().negate()),
                                rule(Verdict.ACCEPT, RpFilterMatch.loose().withValidMark()))))))
            .build();
    String script = NONE.render(rs);
    assertThat(script)
        .contains("type filter hook prerouting priority -300;")
        .contains("\t\tfib saddr . iif oif missing drop\n")
        .contains("\t\tfib saddr . mark oif exists accept\n");
  }

  @Test
  void refusesRpfilterWithAcceptLocal() {
    assertRefused(
        TableName.RAW,
        rule(Verdict.DROP, RpFilterMatch.strict().withAcceptLocal()),
        "an rpfilter match with --accept-local (nft fib has no such option)");
  }

  @Test
  void refusesTheMatchesNotYetWrittenForNftables() {
    TableName f = TableName.FILTER;
    assertRefused(
        f,
        rule(Verdict.ACCEPT, IpRangeMatch.source(cidr("10.0.0.1"), cidr("10.0.0.9"))),
        "an address range match");
    assertRefused(
        f, rule(Verdict.ACCEPT, MacMatch.source("52:54:00:ab:cd:ef")), "a mac address match");
    assertRefused(
        f,
        rule(Verdict.ACCEPT, PacketTypeMatch.of(PacketTypeMatch.Type.MULTICAST)),
        "a packet type match");
    assertRefused(f, rule(Verdict.ACCEPT, OwnerMatch.gid(5)), "a socket owner match");
    assertRefused(f, rule(Verdict.ACCEPT, tcp(), TcpFlagsMatch.syn()), "a tcp flags match");
  }

  @Test
  void refusesTheTargetsNotYetWrittenForNftables() {
    assertRefused(TableName.MANGLE, rule(Mark.set(1)), "MARK");
    assertRefused(TableName.MANGLE, rule(ConnMark.restore()), "CONNMARK");
    assertRefused(TableName.RAW, rule(Ct.zone(5)), "CT");
    assertRefused(TableName.RAW, rule(Notrack.INSTANCE), "NOTRACK");
    assertRefused(TableName.NAT, rule(Redirect.of()), "REDIRECT");
    assertRefused(TableName.FILTER, rule(Nflog.group(5)), "NFLOG");
    assertRefused(
        TableName.MANGLE, rule(TcpMss.setMss(1400), tcp(), TcpFlagsMatch.syn()), "TCPMSS");
  }

  @Test
  void namesTheNullParameter() {
    assertThatThrownBy(() -> NftablesRenderer.of(nothing()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("mode");
    assertThatThrownBy(() -> NftablesRenderer.of(RenderMode.OWN).render(nothing()))
        .hasMessage("ruleset");
    assertThatThrownBy(() -> NftablesRenderer.builder().docker(nothing())).hasMessage("docker");
  }

  @Test
  void isFoundByTheServiceLoader() {
    assertThat(ServiceLoader.load(Renderer.class).stream().map(p -> p.get().format()))
        .contains("nftables");
  }
}
