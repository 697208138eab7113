package dev.rampart.render.ferm;

import dev.rampart.core.AddressSet;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.RuleFacts;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
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
import dev.rampart.core.match.OwnerMatch;
import dev.rampart.core.match.PacketTypeMatch;
import dev.rampart.core.match.PolicyMatch;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.match.TcpFlag;
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
import dev.rampart.core.target.Redirect;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Snat;
import dev.rampart.core.target.Target;
import dev.rampart.core.target.TcpMss;
import dev.rampart.core.target.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Rulesets shared by the unit and kernel tests, built with the core API. */
final class Rulesets {
  private Rulesets() {}

  static Rule rule(Target target, Match... matches) {
    return Rule.builder().addAllMatches(Arrays.asList(matches)).target(target).build();
  }

  static Rule rule(String comment, Target target, Match... matches) {
    return Rule.builder()
        .addAllMatches(Arrays.asList(matches))
        .target(target)
        .comment(comment)
        .build();
  }

  static ProtocolMatch tcp() {
    return ProtocolMatch.of(Protocol.TCP);
  }

  static ProtocolMatch udp() {
    return ProtocolMatch.of(Protocol.UDP);
  }

  static PortMatch dport(int... ports) {
    return PortMatch.destination(Arrays.stream(ports).mapToObj(PortRange::of).toList());
  }

  static List<Cidr> cidrs(String... text) {
    return Arrays.stream(text).map(Cidr::parse).toList();
  }

  static Ruleset filter(Chain... chains) {
    // a fixture of renderings, not a host policy: its INPUT need not let SSH in
    return Ruleset.builder()
        .addTables(Table.of(TableName.FILTER, List.of(chains)))
        .lockoutAllowed(true)
        .build();
  }

  /** A host policy in the FILTERS pattern with DOCKER-USER, as Rampart renders for Swarm nodes. */
  static Ruleset swarmHost() {
    Chain input =
        Chain.builder()
            .name("INPUT")
            .policy(ChainPolicy.DROP)
            .addRules(rule(Jump.to("FILTERS")))
            .build();
    Chain filters =
        Chain.of(
            "FILTERS",
            List.of(
                rule(
                    Verdict.ACCEPT,
                    ConntrackStateMatch.of(List.of(ConnState.ESTABLISHED, ConnState.RELATED))),
                rule(Verdict.ACCEPT, InterfaceMatch.in("lo")),
                rule(Verdict.ACCEPT, ProtocolMatch.of(Protocol.ICMP), IcmpTypeMatch.icmp(3)),
                rule(Verdict.ACCEPT, ProtocolMatch.of(Protocol.ICMPV6), IcmpTypeMatch.icmpv6(1)),
                rule("ssh", Verdict.ACCEPT, tcp(), dport(22)),
                rule(Verdict.ACCEPT, tcp(), dport(2377), SetMatch.source("swarm-nodes")),
                rule(Verdict.ACCEPT, tcp(), dport(7946), SetMatch.source("swarm-nodes")),
                rule(Reject.of())));
    Chain dockerUser =
        Chain.of(
            "DOCKER-USER",
            List.of(
                rule(
                    Verdict.RETURN,
                    ConntrackStateMatch.of(List.of(ConnState.ESTABLISHED, ConnState.RELATED))),
                rule(
                    Verdict.RETURN,
                    tcp(),
                    ConntrackOriginalMatch.destinationPort(PortRange.of(8080))),
                rule(Verdict.DROP, InterfaceMatch.in("eth0")),
                rule(Verdict.RETURN)));
    return Ruleset.builder()
        .addTables(
            Table.of(
                TableName.FILTER, List.of(input, filters, dockerUser, Chain.foreign("DOCKER"))))
        .addSets(AddressSet.of("swarm-nodes", Family.IPV4, cidrs("192.0.2.0/24", "198.51.100.7")))
        .build();
  }

  /** One rule (or more) for every match and target kind of the model, in every table. */
  static Ruleset everyConstruct() {
    return everyConstruct(false);
  }

  /**
   * {@link #everyConstruct()} without the RETURN and the goto of INPUT, which coexist mode refuses
   * in a built-in chain ({@code Coexist.check}).
   */
  static Ruleset everyConstructForCoexist() {
    return everyConstruct(true);
  }

  private static Ruleset everyConstruct(boolean coexist) {
    List<Cidr> trusted = cidrs("10.0.0.0/8", "192.168.0.0/16");
    Chain input =
        Chain.builder()
            .name("INPUT")
            .policy(ChainPolicy.DROP)
            .addRules(
                rule(
                    Verdict.ACCEPT,
                    ConntrackStateMatch.of(List.of(ConnState.ESTABLISHED, ConnState.RELATED))),
                rule(Verdict.DROP, ConntrackStateMatch.of(List.of(ConnState.INVALID))),
                rule(Verdict.ACCEPT, InterfaceMatch.in("lo")),
                rule(
                    Verdict.ACCEPT,
                    ProtocolMatch.of(Protocol.ICMP),
                    IcmpTypeMatch.icmp(8),
                    LimitMatch.of(5, LimitMatch.Unit.SECOND, 10)),
                rule(
                    Verdict.ACCEPT,
                    ProtocolMatch.of(Protocol.ICMP),
                    IcmpTypeMatch.of(Family.IPV4, 3, 4)),
                rule(
                    Verdict.ACCEPT,
                    ProtocolMatch.of(Protocol.ICMPV6),
                    IcmpTypeMatch.icmpv6(128),
                    LimitMatch.of(2, LimitMatch.Unit.MINUTE)),
                rule(
                    "ssh from trusted",
                    Verdict.ACCEPT,
                    tcp(),
                    dport(22),
                    AddressMatch.source(trusted)),
                rule(
                    Verdict.ACCEPT,
                    tcp(),
                    PortMatch.destination(
                        List.of(PortRange.of(80), PortRange.of(443), PortRange.range(8000, 8080))),
                    AddressMatch.source(trusted)),
                rule(
                    Verdict.ACCEPT,
                    udp(),
                    PortMatch.source(List.of(PortRange.of(53))).negate(),
                    AddressMatch.source(cidrs("203.0.113.0/24")).negate()),
                rule(
                    Verdict.ACCEPT,
                    tcp(),
                    PortMatch.destination(List.of(PortRange.of(25), PortRange.of(587))).negate(),
                    AddressMatch.destination(cidrs("2001:db8::/32"))),
                rule(Verdict.ACCEPT, ProtocolMatch.of(Protocol.ESP)),
                rule(Verdict.ACCEPT, ProtocolMatch.of(Protocol.of(47))),
                rule(
                    Verdict.ACCEPT,
                    udp(),
                    dport(4789),
                    PolicyMatch.of(PolicyMatch.Dir.IN, PolicyMatch.Processing.IPSEC)),
                rule(
                    Verdict.DROP,
                    ProtocolMatch.of(Protocol.SCTP),
                    PortMatch.destination(List.of(PortRange.range(9000, 9100)))),
                rule(Verdict.ACCEPT, SetMatch.source("trusted-v4")),
                rule(
                    Verdict.DROP,
                    SetMatch.source("blocked-v6").negate(),
                    InterfaceMatch.in("wg+").negate()),
                rule(
                    Verdict.ACCEPT,
                    AddressTypeMatch.destination(AddressTypeMatch.Type.LOCAL),
                    MarkMatch.of(0x1, 0xff)),
                rule(
                    Verdict.RETURN,
                    AddressTypeMatch.source(AddressTypeMatch.Type.MULTICAST).negate(),
                    MarkMatch.of(0x2).negate(),
                    ProtocolMatch.not(Protocol.TCP)),
                rule(Log.builder().prefix("rampart drop:").level(4).build()),
                rule("tcp reset", Reject.with(Reject.With.TCP_RESET), tcp()),
                rule(Reject.with(Reject.With.ICMP_HOST_PROHIBITED)),
                rule(Reject.with(Reject.With.ICMP6_ADM_PROHIBITED)),
                rule(Jump.goTo("LOGDROP")))
            .build();
    if (coexist) {
      input =
          Chain.builder()
              .name("INPUT")
              .policy(ChainPolicy.DROP)
              .addAllRules(
                  input.rules().stream()
                      .filter(
                          r ->
                              !r.target().equals(Verdict.RETURN)
                                  && !r.target().equals(Jump.goTo("LOGDROP")))
                      .toList())
              .build();
    }
    Chain logdrop = Chain.of("LOGDROP", List.of(rule(Log.of()), rule(Verdict.DROP)));
    Chain forward =
        Chain.builder()
            .name("FORWARD")
            .policy(ChainPolicy.DROP)
            .addRules(
                rule(Jump.to("DOCKER-USER")),
                rule(
                    Verdict.ACCEPT,
                    InterfaceMatch.out("docker0"),
                    ConntrackStateMatch.not(List.of(ConnState.NEW))),
                rule(
                    Verdict.ACCEPT,
                    tcp(),
                    ConntrackOriginalMatch.builder()
                        .destinationPort(PortRange.range(8080, 8090))
                        .negated(true)
                        .build()),
                rule(
                    Verdict.ACCEPT, ConntrackOriginalMatch.destination(Cidr.parse("198.51.100.1"))),
                rule(Verdict.ACCEPT, AddressMatch.destination(trusted)))
            .build();
    Chain dockerUser = Chain.of("DOCKER-USER", List.of(rule(Verdict.RETURN)));
    Chain prerouting =
        Chain.of(
            "PREROUTING",
            List.of(
                rule(
                    Dnat.to(Cidr.parse("172.18.0.2"), 8080),
                    tcp(),
                    dport(80),
                    AddressTypeMatch.destination(AddressTypeMatch.Type.LOCAL)),
                rule(Dnat.to(Cidr.parse("2001:db8::2"), 8443), tcp(), dport(443)),
                rule(Dnat.to(Cidr.parse("172.18.0.3")), udp(), dport(53))));
    Chain postrouting =
        Chain.of(
            "POSTROUTING",
            List.of(
                rule(
                    Masquerade.of(),
                    AddressMatch.source(cidrs("172.17.0.0/16")),
                    InterfaceMatch.out("docker0").negate()),
                rule(Snat.to(Cidr.parse("192.0.2.1"), 1000), udp(), InterfaceMatch.out("eth1")),
                rule(Snat.to(Cidr.parse("2001:db8::1")), InterfaceMatch.out("eth1"))));
    Chain raw =
        Chain.of(
            "PREROUTING",
            List.of(
                rule(
                    Verdict.DROP,
                    AddressMatch.destination(cidrs("172.18.0.2")),
                    InterfaceMatch.in("docker_gwbridge").negate())));
    return Ruleset.builder()
        .addTables(
            Table.of(TableName.RAW, List.of(raw)),
            Table.of(TableName.NAT, List.of(prerouting, postrouting)),
            Table.of(TableName.FILTER, List.of(input, forward, logdrop, dockerUser)))
        .addSets(
            AddressSet.of("trusted-v4", Family.IPV4, cidrs("10.1.0.0/16", "10.2.0.0/16")),
            AddressSet.of("blocked-v6", Family.IPV6, cidrs("2001:db8:dead::/48")))
        .lockoutAllowed(true) // a catalogue of constructs, among them a REJECT of all tcp
        .build();
  }

  /**
   * The ruleset with every address list spelled out as one rule per prefix, in the order ferm
   * unfolds them: what the iptables renderer (which takes one prefix a rule) can compare against.
   */
  static Ruleset expandLists(Ruleset ruleset) {
    Ruleset.Builder out = Ruleset.builder().from(ruleset).tables(List.of());
    for (Table table : ruleset.tables()) {
      List<Chain> chains = new ArrayList<>();
      for (Chain chain : table.chains()) {
        List<Rule> rules = new ArrayList<>();
        chain.rules().forEach(r -> expand(r, 0, rules));
        chains.add(Chain.builder().from(chain).rules(rules).build());
      }
      out.addTables(Table.of(table.name(), chains));
    }
    return out.build();
  }

  private static void expand(Rule rule, int from, List<Rule> out) {
    for (AddressMatch a : RuleFacts.of(rule).addresses()) {
      int i = rule.matches().indexOf(a);
      if (i >= from && !a.negated() && a.addresses().size() > 1) {
        for (Cidr c : a.addresses()) {
          List<Match> matches = new ArrayList<>(rule.matches());
          matches.set(i, AddressMatch.builder().direction(a.direction()).addAddresses(c).build());
          expand(Rule.builder().from(rule).matches(matches).build(), i + 1, out);
        }
        return;
      }
    }
    out.add(rule);
  }

  /** The ruleset with every set match replaced by an address list of the set's elements. */
  static Ruleset setsAsLists(Ruleset ruleset) {
    Ruleset.Builder out = Ruleset.builder().from(ruleset).tables(List.of());
    for (Table table : ruleset.tables()) {
      List<Chain> chains = new ArrayList<>();
      for (Chain chain : table.chains()) {
        List<Rule> rules = new ArrayList<>();
        for (Rule rule : chain.rules()) {
          List<Match> matches = new ArrayList<>(rule.matches());
          for (SetMatch s : RuleFacts.of(rule).sets()) {
            AddressSet set = ruleset.set(s.setName()).orElseThrow();
            matches.set(
                matches.indexOf(s),
                AddressMatch.builder()
                    .direction(s.direction())
                    .addAllAddresses(set.elements())
                    .build());
          }
          rules.add(Rule.builder().from(rule).matches(matches).build());
        }
        chains.add(Chain.builder().from(chain).rules(rules).build());
      }
      out.addTables(Table.of(table.name(), chains));
    }
    return out.build();
  }

  /**
   * {@link #hostConstructs()} for ipv4 only: coexist hooks refuse these modules for ipv6, whose
   * {@code ip6tables-legacy -C} does not compare their options.
   */
  static Ruleset hostConstructsIpv4() {
    Ruleset.Builder out = Ruleset.builder();
    for (Table t : hostConstructs().tables()) {
      List<Chain> chains = new ArrayList<>();
      for (Chain c : t.chains()) {
        List<Rule> rules = new ArrayList<>(c.rules().stream().map(Rulesets::ipv4).toList());
        rules.add(rule(Verdict.ACCEPT, udp(), dport(9))); // both families have rules
        chains.add(Chain.of(c.name(), rules));
      }
      out.addTables(Table.of(t.name(), chains));
    }
    return out.build();
  }

  private static Rule ipv4(Rule rule) {
    return Rule.builder().from(rule).family(Family.IPV4).build();
  }

  /** The matches and targets of busy hosts that ferm can say, in built-in chains of all tables. */
  static Ruleset hostConstructs() {
    Chain input =
        Chain.of(
            "INPUT",
            List.of(
                rule(Verdict.ACCEPT, MacMatch.source("52:54:00:ab:cd:ef")),
                rule(Verdict.ACCEPT, MacMatch.source("52:54:00:ab:cd:01").negate()),
                rule(Verdict.ACCEPT, PacketTypeMatch.of(PacketTypeMatch.Type.MULTICAST).negate()),
                rule(
                    Verdict.ACCEPT,
                    IpRangeMatch.source(Cidr.parse("10.0.0.1"), Cidr.parse("10.0.0.9")).negate()),
                rule(Verdict.ACCEPT, tcp(), dport(22), TcpFlagsMatch.syn()),
                rule(
                    Verdict.DROP,
                    tcp(),
                    TcpFlagsMatch.of(List.of(TcpFlag.SYN, TcpFlag.RST), List.of()).negate()),
                rule(Nflog.builder().group(5).prefix("x y").threshold(3).build()),
                rule(Nflog.builder().prefix("abc").build()),
                rule(Mark.set(0x1, 0xff))));
    Chain forward =
        Chain.of(
            "FORWARD", List.of(rule(TcpMss.clampToPmtu(), tcp(), TcpFlagsMatch.syn(), dport(443))));
    Chain output =
        Chain.of(
            "OUTPUT",
            List.of(
                rule(Verdict.ACCEPT, OwnerMatch.uid(1000)),
                rule(Verdict.ACCEPT, OwnerMatch.uid(1000, 2000).negate()),
                rule(Verdict.ACCEPT, OwnerMatch.gid(5))));
    Chain manglePre =
        Chain.of(
            "PREROUTING",
            List.of(
                rule(Mark.xor(0x3)),
                rule(ConnMark.set(0x5)),
                rule(ConnMark.save()),
                rule(ConnMark.restore(0xff, 0xf))));
    Chain mangleForward =
        Chain.of("FORWARD", List.of(rule(TcpMss.setMss(1400), tcp(), TcpFlagsMatch.syn())));
    Chain rawPre =
        Chain.of("PREROUTING", List.of(rule(Ct.notrack(), udp(), dport(53)), rule(Ct.zone(5))));
    Chain rawOut = Chain.of("OUTPUT", List.of(rule(Notrack.INSTANCE)));
    Chain natPre = Chain.of("PREROUTING", List.of(rule(Redirect.toPort(8080), tcp(), dport(80))));
    Chain natOut =
        Chain.of(
            "OUTPUT",
            List.of(
                rule(Redirect.toPorts(PortRange.range(8080, 8090)), tcp()), rule(Redirect.of())));
    return Ruleset.builder()
        .addTables(
            Table.of(TableName.FILTER, List.of(input, forward, output)),
            Table.of(TableName.MANGLE, List.of(manglePre, mangleForward)),
            Table.of(TableName.RAW, List.of(rawPre, rawOut)),
            Table.of(TableName.NAT, List.of(natPre, natOut)))
        .build();
  }
}
