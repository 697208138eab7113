package dev.rampart.core.eval;

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
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.IpRangeMatch;
import dev.rampart.core.match.LimitMatch;
import dev.rampart.core.match.MarkMatch;
import dev.rampart.core.match.Match;
import dev.rampart.core.match.PacketTypeMatch;
import dev.rampart.core.match.PolicyMatch;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.match.TcpFlagsMatch;
import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Log;
import dev.rampart.core.target.Mark;
import dev.rampart.core.target.Masquerade;
import dev.rampart.core.target.Nflog;
import dev.rampart.core.target.OpaqueTarget;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Target;
import dev.rampart.core.target.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Seeded generators of IPv4 rulesets and packets for the evaluators' tests: Docker-like nat, user
 * chains reached from FORWARD, prefixes, port lists and ranges, conntrack, sets, marks, limits.
 */
final class Generated {
  static final Host HOST =
      Host.parse(
          "eth0=198.51.100.1/24,ens11=10.10.10.1/24,docker_gwbridge=172.18.0.1/16,default=eth0");

  private static final String[] PREFIXES = {
    "203.0.113.0/24",
    "203.0.113.9",
    "10.10.10.0/24",
    "10.0.0.0/8",
    "172.18.0.0/16",
    "198.51.100.0/24",
    "0.0.0.0/0",
    "192.0.2.0/25"
  };
  private static final String[] ADDRESSES = {
    "203.0.113.9", "203.0.113.200", "10.10.10.7", "10.20.0.1", "172.18.0.2", "172.18.0.9",
    "198.51.100.1", "198.51.100.77", "192.0.2.5", "10.10.10.1", "127.0.0.1", "198.51.100.255"
  };
  private static final int[] PORTS = {22, 80, 443, 8080, 53, 2377, 7946, 4789, 30000, 5432};
  private static final String[] IFACES = {"eth0", "ens11", "docker_gwbridge", "eth+", "lo"};
  private static final ConnState[] STATES = {
    ConnState.NEW, ConnState.ESTABLISHED, ConnState.RELATED, ConnState.INVALID, ConnState.UNTRACKED
  };

  private Generated() {}

  /** A ruleset of filter and nat tables; about one in five has a rate limit or unknown set. */
  static Ruleset ruleset(RandomGenerator r) {
    int users = r.nextInt(4);
    boolean unknowns = r.nextInt(5) == 0;
    List<Chain> filter = new ArrayList<>();
    filter.add(builtin(r, "INPUT", users, Hook.INPUT, unknowns));
    filter.add(builtin(r, "FORWARD", users, Hook.FORWARD, unknowns));
    filter.add(builtin(r, "OUTPUT", users, Hook.OUTPUT, unknowns));
    for (int i = 0; i < users; i++) {
      filter.add(
          Chain.of("U" + i, rules(r, r.nextInt(20), i + 1, users, Hook.FORWARD, unknowns, false)));
    }
    List<Chain> nat = new ArrayList<>();
    List<Rule> pre = new ArrayList<>();
    for (int i = 0; i < r.nextInt(4); i++) {
      int port = PORTS[r.nextInt(PORTS.length)];
      List<Match> ms = new ArrayList<>();
      if (r.nextBoolean()) {
        ms.add(AddressTypeMatch.destination(AddressTypeMatch.Type.LOCAL));
      }
      ms.add(ProtocolMatch.of(Protocol.TCP));
      ms.add(PortMatch.destination(List.of(PortRange.of(port))));
      pre.add(
          Rule.of(ms, Dnat.to(Cidr.parse(r.nextBoolean() ? "172.18.0.2" : "198.51.100.1"), port)));
    }
    nat.add(Chain.of("PREROUTING", pre));
    nat.add(
        Chain.of(
            "POSTROUTING",
            List.of(
                Rule.of(
                    List.of(AddressMatch.source(List.of(Cidr.parse("172.18.0.0/16")))),
                    Masquerade.of()))));
    return Ruleset.builder()
        .addSets(
            AddressSet.of(
                "trusted",
                Family.IPV4,
                List.of(Cidr.parse("10.10.10.0/24"), Cidr.parse("203.0.113.9"))))
        .addSets(AddressSet.of("runtime", Family.IPV4, List.of()))
        .addTables(Table.of(TableName.FILTER, filter), Table.of(TableName.NAT, nat))
        .build();
  }

  /** Where a chain is reached from, for the interfaces and ipsec directions it may match. */
  enum Hook {
    INPUT,
    FORWARD,
    OUTPUT
  }

  private static Chain builtin(
      RandomGenerator r, String name, int users, Hook hook, boolean unknowns) {
    int n = r.nextInt(4) == 0 ? 12 + r.nextInt(30) : r.nextInt(8);
    return Chain.builder()
        .name(name)
        .policy(r.nextBoolean() ? ChainPolicy.ACCEPT : ChainPolicy.DROP)
        .addAllRules(rules(r, n, 0, hook == Hook.FORWARD ? users : 0, hook, unknowns, true))
        .build();
  }

  private static List<Rule> rules(
      RandomGenerator r,
      int n,
      int firstUser,
      int users,
      Hook hook,
      boolean unknowns,
      boolean top) {
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rules.add(Rule.of(matches(r, hook, unknowns), target(r, firstUser, users)));
    }
    return rules;
  }

  private static Target target(RandomGenerator r, int firstUser, int users) {
    int k = r.nextInt(10);
    if (k < 2 && firstUser < users) {
      String to = "U" + (firstUser + r.nextInt(users - firstUser));
      return r.nextInt(3) == 0 ? Jump.goTo(to) : Jump.to(to);
    }
    return switch (k) {
      case 2, 3 -> Verdict.ACCEPT;
      case 4, 5 -> Verdict.DROP;
      case 6 -> Verdict.RETURN;
      case 7 -> Log.of();
      case 8 -> Reject.of();
      default ->
          switch (r.nextInt(6)) {
            case 0 -> Mark.set(r.nextInt(3));
            case 1 -> Nflog.group(1);
            case 2 -> OpaqueTarget.of("SOMETHING", List.of());
            default -> r.nextBoolean() ? Verdict.ACCEPT : Verdict.DROP;
          };
    };
  }

  private static List<Match> matches(RandomGenerator r, Hook hook, boolean unknowns) {
    List<Match> ms = new ArrayList<>();
    boolean ports = r.nextInt(3) > 0;
    if (ports) {
      boolean tcp = r.nextInt(4) != 0;
      ms.add(ProtocolMatch.of(tcp ? Protocol.TCP : Protocol.UDP));
      if (tcp && r.nextInt(6) == 0) {
        TcpFlagsMatch syn = TcpFlagsMatch.syn();
        ms.add(r.nextBoolean() ? syn : syn.negate());
      }
      List<PortRange> list = new ArrayList<>();
      int count = 1 + (r.nextInt(3) == 0 ? r.nextInt(4) : 0);
      for (int i = 0; i < count; i++) {
        int p = PORTS[r.nextInt(PORTS.length)];
        PortRange range = r.nextInt(5) == 0 ? PortRange.range(p, p + 100) : PortRange.of(p);
        if (!list.contains(range)) {
          list.add(range);
        }
      }
      PortMatch pm = PortMatch.destination(list);
      ms.add(r.nextInt(6) == 0 ? pm.negate() : pm);
    } else if (r.nextInt(4) == 0) {
      ms.add(ProtocolMatch.of(Protocol.ICMP));
    }
    if (r.nextInt(3) == 0) {
      AddressMatch a =
          AddressMatch.source(List.of(Cidr.parse(PREFIXES[r.nextInt(PREFIXES.length)])));
      ms.add(r.nextInt(5) == 0 ? a.negate() : a);
    } else if (r.nextInt(6) == 0) {
      ms.add(SetMatch.source("trusted"));
    }
    if (r.nextInt(10) == 0) {
      IpRangeMatch range =
          IpRangeMatch.source(Cidr.parse("203.0.113.1"), Cidr.parse("203.0.113.100"));
      ms.add(r.nextBoolean() ? range : range.negate());
    }
    if (r.nextInt(12) == 0) {
      PacketTypeMatch.Type[] types = PacketTypeMatch.Type.values();
      ms.add(PacketTypeMatch.of(types[r.nextInt(types.length)]));
    }
    if (r.nextInt(5) == 0) {
      ms.add(AddressMatch.destination(List.of(Cidr.parse(PREFIXES[r.nextInt(PREFIXES.length)]))));
    }
    if (hook != Hook.OUTPUT && r.nextInt(4) == 0) {
      InterfaceMatch i = InterfaceMatch.in(IFACES[r.nextInt(IFACES.length)]);
      ms.add(r.nextInt(4) == 0 ? i.negate() : i);
    }
    if (hook != Hook.INPUT && r.nextInt(4) == 0) {
      InterfaceMatch o = InterfaceMatch.out(IFACES[r.nextInt(IFACES.length)]);
      ms.add(r.nextInt(4) == 0 ? o.negate() : o);
    }
    if (r.nextInt(4) == 0) {
      List<ConnState> states = new ArrayList<>();
      states.add(STATES[r.nextInt(STATES.length)]);
      if (r.nextBoolean()) {
        ConnState s = r.nextBoolean() ? ConnState.DNAT : STATES[r.nextInt(STATES.length)];
        if (!states.contains(s)) {
          states.add(s);
        }
      }
      ms.add(r.nextInt(4) == 0 ? ConntrackStateMatch.not(states) : ConntrackStateMatch.of(states));
    }
    if (r.nextInt(8) == 0) {
      ms.add(ConntrackOriginalMatch.destinationPort(PortRange.of(PORTS[r.nextInt(PORTS.length)])));
    }
    if (r.nextInt(10) == 0) {
      MarkMatch m = MarkMatch.of(r.nextInt(3), 0xff);
      ms.add(r.nextBoolean() ? m.negate() : m);
    }
    if (r.nextInt(8) == 0) {
      AddressTypeMatch.Type[] types = AddressTypeMatch.Type.values();
      AddressTypeMatch t = AddressTypeMatch.destination(types[r.nextInt(types.length)]);
      ms.add(r.nextBoolean() ? t.negate() : t);
    }
    if (hook != Hook.OUTPUT && r.nextInt(12) == 0) {
      ms.add(
          PolicyMatch.of(
              PolicyMatch.Dir.IN,
              r.nextBoolean() ? PolicyMatch.Processing.IPSEC : PolicyMatch.Processing.NONE));
    }
    if (unknowns && r.nextInt(10) == 0) {
      ms.add(
          r.nextBoolean()
              ? LimitMatch.of(5, LimitMatch.Unit.SECOND)
              : SetMatch.destination("runtime"));
    }
    return ms;
  }

  /** A packet between the generated addresses: from outside, or one in ten generated locally. */
  static Packet packet(RandomGenerator r) {
    int kind = r.nextInt(10);
    Packet p =
        kind < 6
            ? Packet.tcp()
            : kind < 9 ? Packet.udp() : Packet.icmp(r.nextBoolean() ? 8 : 3, r.nextInt(4));
    String src = ADDRESSES[r.nextInt(ADDRESSES.length)];
    String dst = ADDRESSES[r.nextInt(ADDRESSES.length)];
    if (p.protocol().hasPorts()) {
      p = p.from(src, 1024 + r.nextInt(60000)).to(dst, PORTS[r.nextInt(PORTS.length)]);
    } else {
      p = p.from(src).to(dst);
    }
    p = r.nextInt(10) == 0 ? p.local() : p.in(IFACES[r.nextInt(3)]);
    p = p.state(STATES[r.nextInt(STATES.length)]);
    if (r.nextInt(6) == 0) {
      p = p.mark(r.nextInt(3));
    }
    if (r.nextInt(8) == 0) {
      p = p.ipsecIn();
    }
    if (p.protocol().hasPorts() && p.state() != ConnState.NEW && r.nextInt(4) == 0) {
      p = p.originalDestination("198.51.100.1", PORTS[r.nextInt(PORTS.length)]);
    }
    return p;
  }
}
