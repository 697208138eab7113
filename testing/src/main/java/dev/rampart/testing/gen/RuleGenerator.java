package dev.rampart.testing.gen;

import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.AddressTypeMatch;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.ConntrackOriginalMatch;
import dev.rampart.core.match.ConntrackStateMatch;
import dev.rampart.core.match.Direction;
import dev.rampart.core.match.IcmpTypeMatch;
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
import dev.rampart.core.target.Target;
import dev.rampart.testing.gen.RulesetOptions.MatchKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Draws one rule at a time, valid by construction: the rule's family is fixed by its first
 * family-specific part, ports follow a port protocol, interfaces and IPsec directions fit the hook.
 */
final class RuleGenerator {
  private static final List<String> INTERFACES =
      List.of("eth0", "eth1", "lo", "docker0", "veth+", "br-+", "docker_gwbridge", "ens11");
  private static final List<String> COMMENTS =
      List.of(
          "ssh",
          "allow web; }",
          "{ drop } # not a comment",
          "x",
          "rampart: swarm 2377/tcp",
          "rule #7; keep",
          "{docker} (swarm)");
  private static final List<Integer> RATES = List.of(5, 1, 2, 4, 10, 20, 25, 50, 100, 200);
  private static final List<ConnState> STATES =
      List.of(
          ConnState.NEW,
          ConnState.ESTABLISHED,
          ConnState.RELATED,
          ConnState.INVALID,
          ConnState.UNTRACKED);

  final Draw d;
  final RulesetOptions o;
  private final Targets targets;

  /** The rule's family so far: set by the first family-specific part. */
  private @Nullable Family family;

  /** The protocol the rule matches, if any. */
  private Optional<Protocol> proto = Optional.empty();

  /**
   * Whether the rule must say its family (a part of one family that no match implies, such as an
   * address type only IPv4 has), though {@link #startRule} drew none explicitly.
   */
  private boolean pinned;

  RuleGenerator(Draw d, RulesetOptions o) {
    this.d = d;
    this.o = o;
    this.targets = new Targets(this);
  }

  boolean has(MatchKind kind) {
    return o.matches().contains(kind);
  }

  /** The rule's family, fixing it if still open. */
  Family family() {
    if (family == null) {
      family = d.oneOf(o.families().asList());
    }
    return family;
  }

  /** The rule's family if fixed. */
  Optional<Family> familySoFar() {
    return Optional.ofNullable(family);
  }

  /** Fixes the rule's family (a reject type of one family). */
  void fixFamily(Family f) {
    family = f;
  }

  Optional<Protocol> protocol() {
    return proto;
  }

  /** A filter rule of a chain reached from {@code hook} that may jump to {@code below}. */
  Rule filterRule(String hook, boolean builtin, List<String> below) {
    Optional<Family> explicit = startRule();
    List<Match> head = new ArrayList<>();
    List<Match> tail = new ArrayList<>();
    protocolMatch(head);
    ports(head);
    icmpType(tail);
    tcpFlags(tail);
    common(tail);
    interfaces(hook, tail);
    if (has(MatchKind.POLICY) && d.chance(10)) {
      boolean in = Hooks.hasIn(hook);
      boolean out = Hooks.hasOut(hook);
      PolicyMatch.Dir dir =
          in && out
              ? d.oneOf(List.of(PolicyMatch.Dir.IN, PolicyMatch.Dir.OUT))
              : in ? PolicyMatch.Dir.IN : PolicyMatch.Dir.OUT;
      tail.add(
          PolicyMatch.of(
              dir, d.oneOf(List.of(PolicyMatch.Processing.NONE, PolicyMatch.Processing.IPSEC))));
    }
    Target target = targets.filter(hook, builtin, below);
    return finish(head, tail, target, explicit);
  }

  /** A nat rule of built-in chain {@code hook}, if the options allow a target there. */
  Optional<Rule> natRule(String hook) {
    Optional<Family> explicit = startRule();
    List<Match> head = new ArrayList<>();
    List<Match> tail = new ArrayList<>();
    if (has(MatchKind.PROTOCOL) && d.chance(70)) {
      List<Protocol> ported =
          o.protocols().stream()
              .filter(p -> p.equals(Protocol.TCP) || p.equals(Protocol.UDP))
              .toList();
      if (!ported.isEmpty()) {
        Protocol p = d.oneOf(ported);
        proto = Optional.of(p);
        head.add(ProtocolMatch.of(p));
        if (has(MatchKind.PORTS) && d.chance(70)) {
          head.add(portMatch(Direction.DESTINATION, o.portListProtocols().contains(p)));
        }
      }
    }
    if (has(MatchKind.ADDRESS) && d.chance(30)) {
      tail.add(address(d.chance(50) ? Direction.DESTINATION : Direction.SOURCE));
    }
    interfaces(hook, tail);
    if (has(MatchKind.MARK) && d.chance(15)) {
      tail.add(MarkMatch.of(d.between(0, 255)));
    }
    return targets.nat(hook).map(t -> finish(head, tail, t, explicit));
  }

  /** A raw rule of built-in chain {@code hook}. */
  Rule rawRule(String hook) {
    Optional<Family> explicit = startRule();
    List<Match> head = new ArrayList<>();
    List<Match> tail = new ArrayList<>();
    protocolMatch(head);
    ports(head);
    if (has(MatchKind.ADDRESS) && d.chance(40)) {
      tail.add(address(Direction.DESTINATION));
    }
    interfaces(hook, tail);
    return finish(head, tail, targets.raw(hook), explicit);
  }

  /** Starts a rule: resets its family and protocol; returns its explicit family, if any. */
  private Optional<Family> startRule() {
    proto = Optional.empty();
    family = null;
    pinned = false;
    if (o.families().size() == 1) {
      family = o.families().iterator().next();
      return Optional.of(family);
    }
    if (d.chance(25)) {
      family = d.oneOf(o.families().asList());
      return Optional.of(family);
    }
    if (d.chance(30)) {
      family = d.oneOf(o.families().asList());
    }
    return Optional.empty();
  }

  /**
   * The rule: {@code head} (protocol and ports) then {@code tail}, all shuffled unless the options
   * ask for the canonical shape (then the head first, in its order).
   */
  private Rule finish(
      List<Match> head, List<Match> tail, Target target, Optional<Family> explicit) {
    List<Match> matches = new ArrayList<>();
    if (o.canonicalMatches()) {
      shuffle(tail);
      matches.addAll(head);
      matches.addAll(tail);
    } else {
      matches.addAll(head);
      matches.addAll(tail);
      shuffle(matches);
    }
    Rule.Builder r = Rule.builder().addAllMatches(matches).target(target);
    explicit.or(() -> pinned ? Optional.ofNullable(family) : Optional.empty()).ifPresent(r::family);
    if (d.chance(15)) {
      r.comment(d.oneOf(COMMENTS));
    }
    return r.build();
  }

  private void shuffle(List<Match> matches) {
    for (int i = matches.size() - 1; i > 0; i--) {
      int j = d.between(0, i);
      Match m = matches.get(i);
      matches.set(i, matches.get(j));
      matches.set(j, m);
    }
  }

  private void protocolMatch(List<Match> matches) {
    if (!has(MatchKind.PROTOCOL)) {
      return;
    }
    List<Protocol> choices = new ArrayList<>();
    for (Protocol p : o.protocols()) {
      boolean v4Only = p.equals(Protocol.ICMP);
      boolean v6Only = p.equals(Protocol.ICMPV6);
      Family f = family;
      boolean fits =
          (!v4Only || (f == null ? o.families().contains(Family.IPV4) : f == Family.IPV4))
              && (!v6Only || (f == null ? o.families().contains(Family.IPV6) : f == Family.IPV6));
      if (fits) {
        choices.add(p);
      }
    }
    int roll = d.between(0, 99);
    if (roll < 30 || choices.isEmpty()) {
      return;
    }
    if (roll < 38) {
      List<Protocol> negatable =
          choices.stream()
              .filter(p -> !p.equals(Protocol.ICMP) && !p.equals(Protocol.ICMPV6))
              .toList();
      if (!negatable.isEmpty()) {
        matches.add(ProtocolMatch.not(d.oneOf(negatable)));
      }
      return;
    }
    Protocol p = roll < 60 && choices.contains(Protocol.TCP) ? Protocol.TCP : d.oneOf(choices);
    if (p.equals(Protocol.ICMP)) {
      family = Family.IPV4;
    } else if (p.equals(Protocol.ICMPV6)) {
      family = Family.IPV6;
    }
    proto = Optional.of(p);
    matches.add(ProtocolMatch.of(p));
  }

  private void ports(List<Match> matches) {
    if (!has(MatchKind.PORTS) || proto.isEmpty() || !proto.get().hasPorts()) {
      return;
    }
    List<PortMatch> ports = new ArrayList<>();
    boolean lists = o.portListProtocols().contains(proto.get());
    if (d.chance(60)) {
      ports.add(portMatch(Direction.DESTINATION, lists));
    }
    if (d.chance(25)) {
      boolean list = !ports.isEmpty() && !ports.get(0).isSingleRange();
      ports.add(portMatch(Direction.SOURCE, lists && !(o.canonicalMatches() && list)));
    }
    if (o.canonicalMatches()) {
      // single ports before a port list, as iptables-save prints them
      ports.sort((a, b) -> Boolean.compare(!a.isSingleRange(), !b.isSingleRange()));
    }
    matches.addAll(ports);
  }

  /** Ports as services publish them: well-known ports and others, lists and ranges. */
  PortMatch portMatch(Direction direction, boolean mayBeList) {
    List<PortRange> ports = new ArrayList<>();
    int count = mayBeList && d.chance(50) ? d.between(2, 5) : 1;
    Set<Integer> firsts = new HashSet<>();
    for (int i = 0; i < count; i++) {
      int first = port();
      if (first > 65_000 || !firsts.add(first)) {
        continue;
      }
      ports.add(
          d.chance(25) ? PortRange.range(first, first + d.between(1, 500)) : PortRange.of(first));
    }
    if (ports.isEmpty()) {
      ports.add(PortRange.of(22));
    }
    PortMatch m =
        direction == Direction.SOURCE ? PortMatch.source(ports) : PortMatch.destination(ports);
    return d.chance(20) ? m.negate() : m;
  }

  private void icmpType(List<Match> matches) {
    if (!has(MatchKind.ICMP_TYPE) || proto.isEmpty() || !d.chance(60)) {
      return;
    }
    boolean v4 = proto.get().equals(Protocol.ICMP);
    if (!v4 && !proto.get().equals(Protocol.ICMPV6)) {
      return;
    }
    Family f = v4 ? Family.IPV4 : Family.IPV6;
    int type = d.oneOf(v4 ? List.of(8, 0, 3, 11) : List.of(128, 1, 129, 135, 136));
    boolean negated = d.chance(20);
    // nftables cannot negate a type with a code; keep that rare so such refusals stay rare
    IcmpTypeMatch m =
        d.chance(negated ? 10 : 30)
            ? IcmpTypeMatch.of(f, type, d.between(0, 4))
            : v4 ? IcmpTypeMatch.icmp(type) : IcmpTypeMatch.icmpv6(type);
    matches.add(negated ? m.negate() : m);
  }

  private void tcpFlags(List<Match> matches) {
    if (has(MatchKind.TCP_FLAGS) && proto.equals(Optional.of(Protocol.TCP)) && d.chance(10)) {
      TcpFlagsMatch syn = TcpFlagsMatch.syn();
      matches.add(d.chance(30) ? syn.negate() : syn);
    }
  }

  /** The matches every hook accepts. */
  private void common(List<Match> matches) {
    boolean state = has(MatchKind.CONNTRACK_STATE) && d.chance(30);
    if (state) {
      matches.add(ctState());
    }
    if (has(MatchKind.CONNTRACK_ORIGINAL) && !(state && o.canonicalMatches()) && d.chance(15)) {
      matches.add(ctOriginal());
    }
    if (has(MatchKind.ADDRESS) && d.chance(25)) {
      matches.add(address(Direction.SOURCE));
    }
    if (has(MatchKind.ADDRESS) && d.chance(20)) {
      matches.add(address(Direction.DESTINATION));
    }
    if (has(MatchKind.SET) && d.chance(25)) {
      String set = d.oneOf(family() == Family.IPV4 ? Sets.V4 : Sets.V6);
      SetMatch m = d.chance(50) ? SetMatch.destination(set) : SetMatch.source(set);
      matches.add(d.chance(25) ? m.negate() : m);
    }
    if (has(MatchKind.IP_RANGE) && d.chance(8)) {
      List<Cidr> two = Addresses.cidrs(d, o, family(), 2, true);
      if (two.size() == 2) {
        Cidr lo = two.get(0).compareTo(two.get(1)) < 0 ? two.get(0) : two.get(1);
        Cidr hi = lo.equals(two.get(0)) ? two.get(1) : two.get(0);
        IpRangeMatch m =
            d.chance(50) ? IpRangeMatch.source(lo, hi) : IpRangeMatch.destination(lo, hi);
        matches.add(d.chance(30) ? m.negate() : m);
      }
    }
    if (has(MatchKind.LIMIT) && d.chance(15)) {
      // rates as policies write them, each one iptables stores exactly (in steps of 1/10000 s)
      LimitMatch.Unit unit = d.oneOf(List.of(LimitMatch.Unit.values()));
      int rate = d.oneOf(RATES);
      matches.add(
          d.chance(50) ? LimitMatch.of(rate, unit, d.between(1, 100)) : LimitMatch.of(rate, unit));
    }
    if (has(MatchKind.ADDRESS_TYPE) && d.chance(15)) {
      // ip6tables refuses BROADCAST (IPv6 has none): only in rules that are IPv4 already
      List<AddressTypeMatch.Type> types = new ArrayList<>(List.of(AddressTypeMatch.Type.values()));
      if (family != Family.IPV4) {
        types.remove(AddressTypeMatch.Type.BROADCAST);
      }
      AddressTypeMatch.Type t = d.oneOf(types);
      // the rule is IPv4 so far, but nothing else may say so: say it, or it is also for IPv6
      pinned |= t == AddressTypeMatch.Type.BROADCAST;
      AddressTypeMatch m =
          d.chance(50) ? AddressTypeMatch.source(t) : AddressTypeMatch.destination(t);
      matches.add(d.chance(30) ? m.negate() : m);
    }
    if (has(MatchKind.MARK) && d.chance(15)) {
      long mask = d.chance(50) ? d.oneOf(List.of(0xffL, 0xff00L, 0xf0000000L)) : 0xffffffffL;
      long value = d.between(0, Integer.MAX_VALUE) & mask;
      MarkMatch m = mask == 0xffffffffL ? MarkMatch.of(value) : MarkMatch.of(value, mask);
      matches.add(d.chance(25) ? m.negate() : m);
    }
    if (has(MatchKind.PACKET_TYPE) && d.chance(8)) {
      PacketTypeMatch m = PacketTypeMatch.of(d.oneOf(List.of(PacketTypeMatch.Type.values())));
      matches.add(d.chance(30) ? m.negate() : m);
    }
  }

  private ConntrackStateMatch ctState() {
    List<ConnState> states = new ArrayList<>();
    if (d.chance(20)) {
      states.add(d.chance(50) ? ConnState.DNAT : ConnState.SNAT);
      if (d.chance(30)) {
        states.add(states.get(0) == ConnState.SNAT ? ConnState.DNAT : ConnState.SNAT);
      }
      if (d.chance(5)) {
        states.add(ConnState.NEW); // nftables refuses states and statuses in one match; rare
      }
    } else {
      for (ConnState s : STATES) {
        if (d.chance(35)) {
          states.add(s);
        }
      }
      if (states.isEmpty()) {
        states.add(d.chance(50) ? ConnState.NEW : ConnState.ESTABLISHED);
      }
    }
    return d.chance(20) ? ConntrackStateMatch.not(states) : ConntrackStateMatch.of(states);
  }

  private ConntrackOriginalMatch ctOriginal() {
    boolean port = proto.filter(Protocol::hasPorts).isPresent() && d.chance(70);
    ConntrackOriginalMatch.Builder m = ConntrackOriginalMatch.builder();
    if (port) {
      m.destinationPort(PortRange.of(port()));
    }
    boolean both = port && d.chance(40);
    if (!port || both) {
      m.destination(Addresses.cidr(d, o, family(), false));
    }
    return m.negated(!both && d.chance(20)).build();
  }

  private AddressMatch address(Direction direction) {
    boolean several = !o.canonicalMatches() && d.chance(40);
    List<Cidr> list = Addresses.cidrs(d, o, family(), several ? d.between(2, 3) : 1, false);
    AddressMatch m =
        direction == Direction.SOURCE ? AddressMatch.source(list) : AddressMatch.destination(list);
    return list.size() == 1 && d.chance(25) ? m.negate() : m;
  }

  /** A port of the options' {@link RulesetOptions#ports()}, or a well-known or random one. */
  int port() {
    return o.ports().isEmpty() ? Generators.port(d.random()) : d.oneOf(o.ports().asList());
  }

  /** An interface of the options' {@link RulesetOptions#interfaces()}, or a Docker host's. */
  private String iface() {
    return d.oneOf(o.interfaces().isEmpty() ? INTERFACES : o.interfaces().asList());
  }

  private void interfaces(String hook, List<Match> matches) {
    if (!has(MatchKind.INTERFACE)) {
      return;
    }
    if (Hooks.hasIn(hook) && d.chance(20)) {
      InterfaceMatch m = InterfaceMatch.in(iface());
      matches.add(d.chance(25) ? m.negate() : m);
    }
    if (Hooks.hasOut(hook) && d.chance(20)) {
      InterfaceMatch m = InterfaceMatch.out(iface());
      matches.add(d.chance(25) ? m.negate() : m);
    }
  }
}
