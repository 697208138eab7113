package dev.rampart.render.iptables;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.AddressSet;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
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
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every construct the renderer knows, each with the exact text {@code iptables-save} prints for it.
 * The unit tests check the renderer against this text; the kernel test loads all of it and checks
 * that the kernel prints the same text back.
 */
final class Constructs {
  /** One rule in one chain and what each family's renderer must write after {@code -A CHAIN}. */
  record Case(
      String name,
      TableName table,
      String chain,
      Rule rule,
      Optional<String> ipv4,
      Optional<String> ipv6) {
    Optional<String> expected(Family family) {
      return family == Family.IPV4 ? ipv4 : ipv6;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** The managed user chain that jump and goto cases target. */
  static final String SUB = "SUB";

  /** A foreign chain in nat (declared, never written). */
  static final String FOREIGN = "DOCKER-INGRESS";

  private static final ImmutableList.Builder<Case> CASES = ImmutableList.builder();

  static {
    filterCases();
    moreFilterCases();
    natCases();
    hostCases();
  }

  private static final ImmutableList<Case> ALL = CASES.build();

  private Constructs() {}

  /** Every case, in chain order. */
  static ImmutableList<Case> all() {
    return ALL;
  }

  /** One ruleset holding every case, its chains, the jump target and the sets. */
  static Ruleset ruleset() {
    Map<TableName, Map<String, Chain.Builder>> tables = new LinkedHashMap<>();
    for (TableName t : TableName.values()) {
      Map<String, Chain.Builder> chains = new LinkedHashMap<>();
      for (String b : t.builtinChains()) {
        chains.put(b, Chain.builder().name(b));
      }
      tables.put(t, chains);
    }
    tables.get(TableName.FILTER).get("INPUT").policy(ChainPolicy.DROP);
    tables.get(TableName.FILTER).put(SUB, Chain.builder().name(SUB).addRules(rule(Verdict.RETURN)));
    for (Case c : ALL) {
      tables.get(c.table()).get(c.chain()).addRules(c.rule());
    }
    // a catalogue of every construct, not a host policy: its INPUT need not let SSH in
    Ruleset.Builder rs = Ruleset.builder().lockoutAllowed(true);
    tables.forEach(
        (name, chains) -> {
          Table.Builder t = Table.builder().name(name);
          chains.values().forEach(c -> t.addChains(c.build()));
          if (name == TableName.NAT) {
            t.addChains(Chain.foreign(FOREIGN));
          }
          rs.addTables(t.build());
        });
    rs.addSets(AddressSet.of("allow4", Family.IPV4, List.of(Cidr.parse("192.0.2.0/24"))));
    rs.addSets(AddressSet.of("allow6", Family.IPV6, List.of(Cidr.parse("2001:db8::/32"))));
    return rs.build();
  }

  static Rule rule(Target target, Match... matches) {
    return Rule.of(List.of(matches), target);
  }

  static Rule commented(String comment, Target target, Match... matches) {
    return Rule.builder().addMatches(matches).target(target).comment(comment).build();
  }

  static ProtocolMatch proto(Protocol p) {
    return ProtocolMatch.of(p);
  }

  static PortMatch dport(int... ports) {
    return PortMatch.destination(ranges(ports));
  }

  static PortMatch sport(int... ports) {
    return PortMatch.source(ranges(ports));
  }

  static PortMatch dports(PortRange... ranges) {
    return PortMatch.destination(List.of(ranges));
  }

  private static List<PortRange> ranges(int... ports) {
    return java.util.Arrays.stream(ports).mapToObj(PortRange::of).toList();
  }

  static AddressMatch src(String cidr) {
    return AddressMatch.source(List.of(Cidr.parse(cidr)));
  }

  static AddressMatch dst(String cidr) {
    return AddressMatch.destination(List.of(Cidr.parse(cidr)));
  }

  private static void both(String name, String chain, Rule rule, String text) {
    CASES.add(new Case(name, TableName.FILTER, chain, rule, Optional.of(text), Optional.of(text)));
  }

  private static void both(String name, String chain, Rule rule, String v4, String v6) {
    CASES.add(new Case(name, TableName.FILTER, chain, rule, Optional.of(v4), Optional.of(v6)));
  }

  private static void v4(String name, TableName table, String chain, Rule rule, String text) {
    CASES.add(new Case(name, table, chain, rule, Optional.of(text), Optional.empty()));
  }

  private static void v6(String name, TableName table, String chain, Rule rule, String text) {
    CASES.add(new Case(name, table, chain, rule, Optional.empty(), Optional.of(text)));
  }

  private static void filterCases() {
    TableName f = TableName.FILTER;
    both("protocol", "INPUT", rule(Verdict.ACCEPT, proto(Protocol.TCP)), "-p tcp -j ACCEPT");
    both(
        "negated protocol",
        "INPUT",
        rule(Verdict.DROP, ProtocolMatch.not(Protocol.UDP)),
        "! -p udp -j DROP");
    both("protocol esp", "INPUT", rule(Verdict.ACCEPT, proto(Protocol.ESP)), "-p esp -j ACCEPT");
    both(
        "protocol number with a name",
        "INPUT",
        rule(Verdict.ACCEPT, proto(Protocol.of(47))),
        "-p gre -j ACCEPT");
    both(
        "protocol number without a name",
        "INPUT",
        rule(Verdict.ACCEPT, proto(Protocol.of(253))),
        "-p 253 -j ACCEPT");
    both(
        "protocol icmpv6 by number in both families",
        "OUTPUT",
        Rule.builder()
            .addMatches(ProtocolMatch.not(Protocol.ICMPV6))
            .target(Verdict.ACCEPT)
            .build(),
        "! -p ipv6-icmp -j ACCEPT");
    v4(
        "source prefix",
        f,
        "INPUT",
        rule(Verdict.ACCEPT, src("10.0.0.0/8")),
        "-s 10.0.0.0/8 -j ACCEPT");
    v4(
        "negated destination host",
        f,
        "INPUT",
        rule(Verdict.DROP, dst("192.0.2.1").negate()),
        "! -d 192.0.2.1/32 -j DROP");
    v4(
        "source /0 is no test",
        f,
        "INPUT",
        rule(Verdict.RETURN, src("0.0.0.0/0"), proto(Protocol.UDP)),
        "-p udp -j RETURN");
    v6(
        "ipv6 source prefix",
        f,
        "INPUT",
        rule(Verdict.ACCEPT, src("2001:db8::/32")),
        "-s 2001:db8::/32 -j ACCEPT");
    v6(
        "ipv6 compatible address as inet_ntop prints it",
        f,
        "INPUT",
        rule(Verdict.ACCEPT, dst("::102:304")),
        "-d ::1.2.3.4/128 -j ACCEPT");
    v6(
        "ipv6 first longest zero run",
        f,
        "INPUT",
        rule(Verdict.ACCEPT, dst("1:0:0:1:0:0:1:0").negate()),
        "! -d 1::1:0:0:1:0/128 -j ACCEPT");
    both(
        "destination port",
        "INPUT",
        rule(Verdict.ACCEPT, proto(Protocol.TCP), dport(22)),
        "-p tcp -m tcp --dport 22 -j ACCEPT");
    both(
        "negated port range",
        "INPUT",
        rule(Verdict.DROP, proto(Protocol.UDP), dports(PortRange.range(1000, 2000)).negate()),
        "-p udp -m udp ! --dport 1000:2000 -j DROP");
    both(
        "source and destination ports share one module, source first",
        "INPUT",
        rule(
            Verdict.ACCEPT,
            proto(Protocol.TCP),
            dport(443),
            PortMatch.source(List.of(PortRange.range(1024, 65535)))),
        "-p tcp -m tcp --sport 1024:65535 --dport 443 -j ACCEPT");
    both(
        "multiport",
        "INPUT",
        rule(
            Verdict.ACCEPT,
            proto(Protocol.TCP),
            dports(PortRange.of(80), PortRange.of(443), PortRange.range(8000, 8080))),
        "-p tcp -m multiport --dports 80,443,8000:8080 -j ACCEPT");
    both(
        "negated multiport source ports",
        "INPUT",
        rule(Verdict.DROP, proto(Protocol.UDP), sport(53, 123).negate()),
        "-p udp -m multiport ! --sports 53,123 -j DROP");
    both(
        "sctp port",
        "INPUT",
        rule(Verdict.ACCEPT, proto(Protocol.SCTP), dport(2905)),
        "-p sctp -m sctp --dport 2905 -j ACCEPT");
    both(
        "negated full sctp range is kept",
        "INPUT",
        rule(Verdict.ACCEPT, proto(Protocol.SCTP), dports(PortRange.range(0, 65535)).negate()),
        "-p sctp -m sctp ! --dport 0:65535 -j ACCEPT");
    both(
        "full tcp range is no test",
        "INPUT",
        rule(Verdict.ACCEPT, proto(Protocol.TCP), dports(PortRange.range(0, 65535))),
        "-p tcp -m tcp -j ACCEPT");
    both(
        "single source port and multiport destinations",
        "INPUT",
        rule(Verdict.ACCEPT, proto(Protocol.TCP), sport(5), dport(22, 23)),
        "-p tcp -m tcp --sport 5 -m multiport --dports 22,23 -j ACCEPT");
    both(
        "interfaces with wildcard and negation",
        "FORWARD",
        rule(Verdict.ACCEPT, InterfaceMatch.in("eth+"), InterfaceMatch.out("docker0").negate()),
        "-i eth+ ! -o docker0 -j ACCEPT");
    both(
        "any interface is no test",
        "FORWARD",
        rule(Verdict.DROP, InterfaceMatch.in("+"), InterfaceMatch.out("lo")),
        "-o lo -j DROP");
    both(
        "conntrack states in conntrack's order",
        "INPUT",
        rule(
            Verdict.ACCEPT,
            ConntrackStateMatch.of(List.of(ConnState.ESTABLISHED, ConnState.RELATED))),
        "-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
    both(
        "every conntrack state",
        "INPUT",
        rule(Verdict.ACCEPT, ConntrackStateMatch.of(EnumSet.allOf(ConnState.class))),
        "-m conntrack --ctstate INVALID,NEW,RELATED,ESTABLISHED,UNTRACKED,SNAT,DNAT -j ACCEPT");
    both(
        "negated conntrack state",
        "INPUT",
        rule(Verdict.DROP, ConntrackStateMatch.not(List.of(ConnState.INVALID))),
        "-m conntrack ! --ctstate INVALID -j DROP");
    both(
        "original destination port",
        "FORWARD",
        rule(Verdict.RETURN, ConntrackOriginalMatch.destinationPort(PortRange.of(8080))),
        "-m conntrack --ctorigdstport 8080 -j RETURN");
    v4(
        "original destination host and port range",
        f,
        "FORWARD",
        rule(
            Verdict.ACCEPT,
            ConntrackOriginalMatch.builder()
                .destination(Cidr.parse("203.0.113.7"))
                .destinationPort(PortRange.range(8000, 8100))
                .build()),
        "-m conntrack --ctorigdst 203.0.113.7 --ctorigdstport 8000:8100 -j ACCEPT");
    v6(
        "negated original destination prefix",
        f,
        "FORWARD",
        rule(
            Verdict.DROP,
            ConntrackOriginalMatch.builder()
                .destination(Cidr.parse("2001:db8::/48"))
                .negated(true)
                .build()),
        "-m conntrack ! --ctorigdst 2001:db8::/48 -j DROP");
  }

  private static void moreFilterCases() {
    TableName f = TableName.FILTER;
    v4(
        "icmp type",
        f,
        "INPUT",
        rule(Verdict.ACCEPT, proto(Protocol.ICMP), IcmpTypeMatch.icmp(8)),
        "-p icmp -m icmp --icmp-type 8 -j ACCEPT");
    v4(
        "icmp type and code",
        f,
        "INPUT",
        rule(Verdict.ACCEPT, proto(Protocol.ICMP), IcmpTypeMatch.of(Family.IPV4, 3, 4)),
        "-p icmp -m icmp --icmp-type 3/4 -j ACCEPT");
    v4(
        "negated icmp type",
        f,
        "INPUT",
        rule(Verdict.DROP, proto(Protocol.ICMP), IcmpTypeMatch.icmp(0).negate()),
        "-p icmp -m icmp ! --icmp-type 0 -j DROP");
    v6(
        "icmpv6 type",
        f,
        "INPUT",
        rule(Verdict.ACCEPT, proto(Protocol.ICMPV6), IcmpTypeMatch.icmpv6(128)),
        "-p ipv6-icmp -m icmp6 --icmpv6-type 128 -j ACCEPT");
    v6(
        "icmpv6 type and code",
        f,
        "INPUT",
        rule(Verdict.ACCEPT, proto(Protocol.ICMPV6), IcmpTypeMatch.of(Family.IPV6, 1, 3)),
        "-p ipv6-icmp -m icmp6 --icmpv6-type 1/3 -j ACCEPT");
    v6(
        "icmpv6 type 255 is a type",
        f,
        "INPUT",
        rule(Verdict.DROP, proto(Protocol.ICMPV6), IcmpTypeMatch.icmpv6(255)),
        "-p ipv6-icmp -m icmp6 --icmpv6-type 255 -j DROP");
    both(
        "limit",
        "INPUT",
        rule(Verdict.ACCEPT, LimitMatch.of(5, LimitMatch.Unit.SECOND)),
        "-m limit --limit 5/sec -j ACCEPT");
    both(
        "limit in another unit with burst",
        "INPUT",
        rule(Verdict.ACCEPT, LimitMatch.of(60, LimitMatch.Unit.MINUTE, 10)),
        "-m limit --limit 1/sec --limit-burst 10 -j ACCEPT");
    both(
        "limit with the default burst",
        "INPUT",
        rule(Verdict.ACCEPT, LimitMatch.of(3, LimitMatch.Unit.HOUR, 5)),
        "-m limit --limit 3/hour -j ACCEPT");
    both(
        "limit per day",
        "INPUT",
        rule(Verdict.ACCEPT, LimitMatch.of(2, LimitMatch.Unit.DAY)),
        "-m limit --limit 2/day -j ACCEPT");
    both(
        "limit per minute that stays per minute",
        "INPUT",
        rule(Verdict.ACCEPT, LimitMatch.of(7, LimitMatch.Unit.MINUTE, 1)),
        "-m limit --limit 7/min --limit-burst 1 -j ACCEPT");
    both(
        "ipsec policy in",
        "INPUT",
        rule(Verdict.ACCEPT, PolicyMatch.of(PolicyMatch.Dir.IN, PolicyMatch.Processing.IPSEC)),
        "-m policy --dir in --pol ipsec -j ACCEPT");
    both(
        "ipsec policy out",
        "OUTPUT",
        rule(Verdict.ACCEPT, PolicyMatch.of(PolicyMatch.Dir.OUT, PolicyMatch.Processing.NONE)),
        "-m policy --dir out --pol none -j ACCEPT");
    both(
        "address type",
        "INPUT",
        rule(Verdict.ACCEPT, AddressTypeMatch.destination(AddressTypeMatch.Type.LOCAL)),
        "-m addrtype --dst-type LOCAL -j ACCEPT");
    both(
        "negated source address type",
        "INPUT",
        rule(Verdict.DROP, AddressTypeMatch.source(AddressTypeMatch.Type.MULTICAST).negate()),
        "-m addrtype ! --src-type MULTICAST -j DROP");
    v4(
        "broadcast address type in ipv4",
        f,
        "INPUT",
        Rule.builder()
            .addMatches(AddressTypeMatch.destination(AddressTypeMatch.Type.BROADCAST))
            .target(Verdict.DROP)
            .family(Family.IPV4)
            .build(),
        "-m addrtype --dst-type BROADCAST -j DROP");
    both("mark", "INPUT", rule(Verdict.ACCEPT, MarkMatch.of(1)), "-m mark --mark 0x1 -j ACCEPT");
    both(
        "negated mark with mask",
        "INPUT",
        rule(Verdict.DROP, MarkMatch.of(0x10, 0xf0).negate()),
        "-m mark ! --mark 0x10/0xf0 -j DROP");
    v4(
        "set",
        f,
        "INPUT",
        rule(Verdict.ACCEPT, SetMatch.source("allow4")),
        "-m set --match-set allow4 src -j ACCEPT");
    v6(
        "negated set",
        f,
        "INPUT",
        rule(Verdict.DROP, SetMatch.destination("allow6").negate()),
        "-m set ! --match-set allow6 dst -j DROP");
    both(
        "plain comment",
        "INPUT",
        commented("ssh", Verdict.ACCEPT, proto(Protocol.TCP), dport(22)),
        "-p tcp -m tcp --dport 22 -m comment --comment ssh -j ACCEPT");
    both(
        "comment with a space",
        "INPUT",
        commented("allow web", Verdict.ACCEPT),
        "-m comment --comment \"allow web\" -j ACCEPT");
    both(
        "comment with shell and iptables syntax",
        "INPUT",
        commented("a.b:c/d;e#f&g|h<i>(j){k}[l]*m?n!o~p^q%r@s=t,u+v", Verdict.ACCEPT),
        "-m comment --comment \"a.b:c/d;e#f&g|h<i>(j){k}[l]*m?n!o~p^q%r@s=t,u+v\" -j ACCEPT");
    both(
        "comment that looks like an option",
        "INPUT",
        commented("-j", Verdict.ACCEPT),
        "-m comment --comment -j -j ACCEPT");
    both(
        "comment that is a negation",
        "INPUT",
        commented("!", Verdict.ACCEPT),
        "-m comment --comment \"!\" -j ACCEPT");
    both(
        "comment that injects a rule",
        "INPUT",
        commented("x -j ACCEPT -A INPUT -j DROP", Verdict.RETURN),
        "-m comment --comment \"x -j ACCEPT -A INPUT -j DROP\" -j RETURN");
    both(
        "reject with the family default",
        "INPUT",
        rule(Reject.of()),
        "-j REJECT --reject-with icmp-port-unreachable",
        "-j REJECT --reject-with icmp6-port-unreachable");
    both(
        "reject with tcp reset",
        "INPUT",
        rule(Reject.with(Reject.With.TCP_RESET), proto(Protocol.TCP)),
        "-p tcp -j REJECT --reject-with tcp-reset");
    for (Reject.With w : Reject.With.values()) {
      if (w.families().size() == 1) {
        Family fam = w.families().iterator().next();
        String text =
            "-j REJECT --reject-with "
                + w.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        CASES.add(
            new Case(
                "reject with " + w,
                f,
                "FORWARD",
                rule(Reject.with(w)),
                fam == Family.IPV4 ? Optional.of(text) : Optional.empty(),
                fam == Family.IPV6 ? Optional.of(text) : Optional.empty()));
      }
    }
    both("log", "INPUT", rule(Log.of()), "-j LOG");
    both(
        "log with prefix and level",
        "INPUT",
        rule(Log.builder().prefix("fw drop:").level(6).build()),
        "-j LOG --log-prefix \"fw drop:\" --log-level 6");
    both(
        "log with the default level",
        "INPUT",
        rule(Log.builder().prefix("INPUT-drop").level(4).build()),
        "-j LOG --log-prefix INPUT-drop");
    both("jump", "INPUT", rule(Jump.to(SUB)), "-j SUB");
    both("goto", "INPUT", rule(Jump.goTo(SUB), proto(Protocol.UDP)), "-p udp -g SUB");
    v4(
        "header options come first, modules keep the model's order",
        f,
        "INPUT",
        commented(
            "ssh",
            Verdict.ACCEPT,
            ConntrackStateMatch.of(List.of(ConnState.NEW)),
            proto(Protocol.TCP),
            src("10.0.0.0/8"),
            LimitMatch.of(10, LimitMatch.Unit.SECOND),
            InterfaceMatch.in("eth0"),
            dport(22)),
        "-s 10.0.0.0/8 -i eth0 -p tcp -m conntrack --ctstate NEW -m limit --limit 10/sec -m tcp"
            + " --dport 22 -m comment --comment ssh -j ACCEPT");
  }

  private static void natCases() {
    TableName n = TableName.NAT;
    v4(
        "dnat with port",
        n,
        "PREROUTING",
        rule(Dnat.to(Cidr.parse("172.18.0.2"), 8080), proto(Protocol.TCP), dport(8080)),
        "-p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.18.0.2:8080");
    v4(
        "dnat without port",
        n,
        "PREROUTING",
        rule(Dnat.to(Cidr.parse("172.18.0.3")), dst("192.0.2.10")),
        "-d 192.0.2.10/32 -j DNAT --to-destination 172.18.0.3");
    v6(
        "ipv6 dnat with port",
        n,
        "PREROUTING",
        rule(Dnat.to(Cidr.parse("2001:db8::2"), 8080), proto(Protocol.TCP), dport(80)),
        "-p tcp -m tcp --dport 80 -j DNAT --to-destination [2001:db8::2]:8080");
    v6(
        "ipv6 dnat without port",
        n,
        "PREROUTING",
        rule(Dnat.to(Cidr.parse("2001:db8::3"))),
        "-j DNAT --to-destination 2001:db8::3");
    v4(
        "snat",
        n,
        "POSTROUTING",
        rule(Snat.to(Cidr.parse("192.0.2.1")), InterfaceMatch.out("eth0")),
        "-o eth0 -j SNAT --to-source 192.0.2.1");
    v4(
        "snat with port",
        n,
        "POSTROUTING",
        rule(Snat.to(Cidr.parse("192.0.2.1"), 1000), proto(Protocol.UDP)),
        "-p udp -j SNAT --to-source 192.0.2.1:1000");
    v6(
        "ipv6 snat with port",
        n,
        "POSTROUTING",
        rule(Snat.to(Cidr.parse("2001:db8::9"), 1000), proto(Protocol.SCTP)),
        "-p sctp -j SNAT --to-source [2001:db8::9]:1000");
    v4(
        "masquerade",
        n,
        "POSTROUTING",
        rule(Masquerade.of(), src("172.17.0.0/16"), InterfaceMatch.out("docker0").negate()),
        "-s 172.17.0.0/16 ! -o docker0 -j MASQUERADE");
    String foreign = "-m addrtype --dst-type LOCAL -j DOCKER-INGRESS";
    CASES.add(
        new Case(
            "jump to a foreign chain",
            n,
            "PREROUTING",
            rule(Jump.to(FOREIGN), AddressTypeMatch.destination(AddressTypeMatch.Type.LOCAL)),
            Optional.of(foreign),
            Optional.of(foreign)));
  }

  private static void in(TableName table, String name, String chain, Rule rule, String text) {
    CASES.add(new Case(name, table, chain, rule, Optional.of(text), Optional.of(text)));
  }

  /** Constructs of busy hosts, with the text iptables-save 1.8.9 (nf_tables) printed for them. */
  private static void hostCases() {
    TableName m = TableName.MANGLE;
    ProtocolMatch tcp = proto(Protocol.TCP);
    in(
        m,
        "mac source and mark set",
        "PREROUTING",
        rule(Mark.set(0x1), MacMatch.source("52:54:00:AB:CD:EF")),
        "-m mac --mac-source 52:54:00:ab:cd:ef -j MARK --set-xmark 0x1/0xffffffff");
    in(
        m,
        "negated one-digit mac and mark or",
        "PREROUTING",
        rule(Mark.or(0x4), MacMatch.source("2:0:0:0:0:1").negate()),
        "-m mac ! --mac-source 02:00:00:00:00:01 -j MARK --set-xmark 0x4/0x4");
    in(m, "mark and", "PREROUTING", rule(Mark.and(0xff)), "-j MARK --set-xmark 0x0/0xffffff00");
    in(m, "mark xor", "PREROUTING", rule(Mark.xor(0x3)), "-j MARK --set-xmark 0x3/0x0");
    in(
        m,
        "mark set under a mask",
        "PREROUTING",
        rule(Mark.set(0x1, 0xff)),
        "-j MARK --set-xmark 0x1/0xff");
    in(
        m,
        "connmark set",
        "PREROUTING",
        rule(ConnMark.set(0x5)),
        "-j CONNMARK --set-xmark 0x5/0xffffffff");
    in(
        m,
        "connmark save",
        "PREROUTING",
        rule(ConnMark.save()),
        "-j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff");
    in(
        m,
        "connmark restore with masks",
        "PREROUTING",
        rule(ConnMark.restore(0xff, 0xf)),
        "-j CONNMARK --restore-mark --nfmask 0xff --ctmask 0xf");
    in(
        m,
        "tcp flags and mss clamp",
        "FORWARD",
        rule(
            TcpMss.clampToPmtu(),
            tcp,
            TcpFlagsMatch.of(List.of(TcpFlag.SYN, TcpFlag.RST), List.of(TcpFlag.SYN))),
        "-p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu");
    in(
        m,
        "syn shares the tcp module with the port and set mss",
        "FORWARD",
        rule(TcpMss.setMss(1400), tcp, TcpFlagsMatch.syn(), dport(22)),
        "-p tcp -m tcp --dport 22 --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --set-mss 1400");
    in(
        m,
        "negated tcp flags over all six",
        "FORWARD",
        rule(
            Verdict.ACCEPT,
            tcp,
            TcpFlagsMatch.of(
                    List.of(
                        TcpFlag.FIN,
                        TcpFlag.SYN,
                        TcpFlag.RST,
                        TcpFlag.PSH,
                        TcpFlag.ACK,
                        TcpFlag.URG),
                    List.of())
                .negate()),
        "-p tcp -m tcp ! --tcp-flags FIN,SYN,RST,PSH,ACK,URG NONE -j ACCEPT");
    in(
        m,
        "strict reverse path, inverted",
        "PREROUTING",
        rule(Verdict.DROP, RpFilterMatch.strict().negate()),
        "-m rpfilter --invert -j DROP");
    in(
        m,
        "loose reverse path with every option",
        "PREROUTING",
        rule(Verdict.ACCEPT, RpFilterMatch.loose().withValidMark().withAcceptLocal()),
        "-m rpfilter --loose --validmark --accept-local -j ACCEPT");
    in(
        m,
        "uid owner",
        "OUTPUT",
        rule(Verdict.ACCEPT, OwnerMatch.uid(1000)),
        "-m owner --uid-owner 1000 -j ACCEPT");
    in(
        m,
        "negated uid owner range",
        "OUTPUT",
        rule(Verdict.ACCEPT, OwnerMatch.uid(1000, 2000).negate()),
        "-m owner ! --uid-owner 1000-2000 -j ACCEPT");
    in(
        m,
        "gid owner",
        "POSTROUTING",
        rule(Verdict.ACCEPT, OwnerMatch.gid(5)),
        "-m owner --gid-owner 5 -j ACCEPT");
    in(
        m,
        "socket exists",
        "OUTPUT",
        rule(Verdict.ACCEPT, OwnerMatch.socketExists()),
        "-m owner --socket-exists -j ACCEPT");
    in(
        m,
        "packet type",
        "INPUT",
        rule(Verdict.ACCEPT, PacketTypeMatch.of(PacketTypeMatch.Type.BROADCAST)),
        "-m pkttype --pkt-type broadcast -j ACCEPT");
    in(
        m,
        "negated packet type",
        "INPUT",
        rule(Verdict.ACCEPT, PacketTypeMatch.of(PacketTypeMatch.Type.MULTICAST).negate()),
        "-m pkttype ! --pkt-type multicast -j ACCEPT");
    v4(
        "source address range",
        m,
        "INPUT",
        rule(Verdict.ACCEPT, IpRangeMatch.source(Cidr.parse("10.0.0.1"), Cidr.parse("10.0.0.9"))),
        "-m iprange --src-range 10.0.0.1-10.0.0.9 -j ACCEPT");
    v6(
        "negated ipv6 destination address range",
        m,
        "INPUT",
        rule(
            Verdict.ACCEPT,
            IpRangeMatch.destination(Cidr.parse("2001:db8::1"), Cidr.parse("2001:db8::9"))
                .negate()),
        "-m iprange ! --dst-range 2001:db8::1-2001:db8::9 -j ACCEPT");
    in(
        m,
        "nflog with every option",
        "OUTPUT",
        rule(Nflog.builder().group(5).prefix("x y").threshold(3).size(100).build()),
        "-j NFLOG --nflog-prefix \"x y\" --nflog-group 5 --nflog-size 100 --nflog-threshold 3");
    in(
        m,
        "nflog with a bare prefix in group 0",
        "OUTPUT",
        rule(Nflog.builder().prefix("abc").build()),
        "-j NFLOG --nflog-prefix abc");
    in(
        m,
        "opaque string with a space and an opaque target",
        "OUTPUT",
        rule(
            OpaqueTarget.of("NFQUEUE", List.of("--queue-num", "3")),
            OpaqueMatch.of("string", List.of("--string", "GET /", "--algo", "bm"))),
        "-m string --string \"GET /\" --algo bm -j NFQUEUE --queue-num 3");
    in(
        m,
        "opaque string with a quote",
        "OUTPUT",
        rule(Verdict.ACCEPT, OpaqueMatch.of("string", List.of("--string", "a\"b", "--algo", "bm"))),
        "-m string --string \"a\\\"b\" --algo bm -j ACCEPT");
    in(
        m,
        "opaque string of one word",
        "OUTPUT",
        rule(Verdict.ACCEPT, OpaqueMatch.of("string", List.of("--string", "GET", "--algo", "bm"))),
        "-m string --string \"GET\" --algo bm -j ACCEPT");
    v4(
        "opaque u32 and recent",
        m,
        "OUTPUT",
        Rule.builder() // the model cannot see that these options are ipv4's: say so
            .family(Family.IPV4)
            .addMatches(
                OpaqueMatch.of("u32", List.of("--u32", "0x0>>0x16&0x3c@0x4>>0x10=0x1")),
                OpaqueMatch.of(
                    "recent",
                    List.of("--set", "--name", "foo", "--mask", "255.255.255.255", "--rsource")))
            .target(Verdict.ACCEPT)
            .build(),
        "-m u32 --u32 \"0x0>>0x16&0x3c@0x4>>0x10=0x1\" -m recent --set --name foo --mask"
            + " 255.255.255.255 --rsource -j ACCEPT");
    TableName r = TableName.RAW;
    in(
        r,
        "ct notrack",
        "PREROUTING",
        rule(Ct.notrack(), proto(Protocol.UDP), dport(53)),
        "-p udp -m udp --dport 53 -j CT --notrack");
    in(r, "ct zone", "PREROUTING", rule(Ct.zone(5)), "-j CT --zone 5");
    in(r, "notrack", "OUTPUT", rule(Notrack.INSTANCE), "-j NOTRACK");
    TableName n = TableName.NAT;
    in(
        n,
        "redirect to a port",
        "PREROUTING",
        rule(Redirect.toPort(8080), tcp, dport(80)),
        "-p tcp -m tcp --dport 80 -j REDIRECT --to-ports 8080");
    in(
        n,
        "redirect to a port range",
        "OUTPUT",
        rule(Redirect.toPorts(PortRange.range(8080, 8090)), tcp),
        "-p tcp -j REDIRECT --to-ports 8080-8090");
    in(n, "redirect keeping the port", "PREROUTING", rule(Redirect.of()), "-j REDIRECT");
    v4(
        "dnat to a port range",
        n,
        "PREROUTING",
        rule(Dnat.to(Cidr.parse("10.0.0.1"), PortRange.range(80, 90)), tcp),
        "-p tcp -j DNAT --to-destination 10.0.0.1:80-90");
    in(
        n,
        "masquerade to a port range",
        "POSTROUTING",
        rule(Masquerade.toPorts(PortRange.range(1000, 2000)), tcp),
        "-p tcp -j MASQUERADE --to-ports 1000-2000");
  }
}
