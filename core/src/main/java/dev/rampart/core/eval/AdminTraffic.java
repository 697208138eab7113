package dev.rampart.core.eval;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.AddressBits;
import dev.rampart.core.AddressSet;
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
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The packets {@link LockoutCheck} tries in one family, as one class: new TCP connections (SYN,
 * conntrack state new) to an admin port, from an admin source, with source port {@value
 * Packet#EPHEMERAL_PORT}, on an admin interface (any but {@code lo} when none are declared). Says
 * of a match whether it holds for every packet of the class ({@link Truth#TRUE}), for none ({@link
 * Truth#FALSE}) or for some ({@link Truth#UNKNOWN}), looking only at what no rule on the way to
 * filter INPUT changes (protocol, source, source port, input interface, conntrack state but for
 * NOTRACK's and DNAT's, destination port unless {@code anyPort}). A rule with a match false for the
 * class meets no admin packet: the check leaves it out without changing any verdict.
 */
final class AdminTraffic implements Match.Visitor<Truth> {
  /** States no new admin connection is in, whatever the rules on its way do. */
  private static final Set<ConnState> NEVER =
      EnumSet.of(ConnState.ESTABLISHED, ConnState.RELATED, ConnState.INVALID, ConnState.SNAT);

  private final Family family;
  private final List<long[]> sources;
  private final List<PortRange> ports;
  private final boolean anyPort;
  private final List<String> interfaces;
  private final Function<String, Optional<AddressSet>> sets;
  private final Map<String, Truth> setTruths = new HashMap<>();

  /**
   * The admin connections of {@code family} from {@code sources} to {@code ports} (any port when
   * {@code anyPort}: a rule on the way may rewrite it) on {@code interfaces} (none: any but {@code
   * lo}), sets looked up with {@code sets} (an empty set is filled at run time: unknown).
   */
  AdminTraffic(
      Family family,
      List<Cidr> sources,
      Iterable<Integer> ports,
      boolean anyPort,
      List<String> interfaces,
      Function<String, Optional<AddressSet>> sets) {
    this.family = family;
    this.sources = sources.stream().map(AddressBits::range).toList();
    ImmutableList.Builder<PortRange> p = ImmutableList.builder();
    ports.forEach(port -> p.add(PortRange.of(port)));
    this.ports = p.build();
    this.anyPort = anyPort;
    this.interfaces = ImmutableList.copyOf(interfaces);
    this.sets = sets;
  }

  /** Whether {@code rule} may match a packet of the class: none of its matches is false for it. */
  boolean mayMatch(Rule rule) {
    for (Match m : rule.matches()) {
      if (m.accept(this) == Truth.FALSE) {
        return false;
      }
    }
    return true;
  }

  /** The truth of a source test over {@code cidrs}, before negation. */
  private Truth sourceIn(Collection<Cidr> cidrs) {
    long[] ranges = new long[4 * cidrs.size()]; // {first, last} per prefix of the family, flat
    int n = 0;
    for (Cidr c : cidrs) {
      if (c.family() == family) {
        System.arraycopy(AddressBits.range(c), 0, ranges, n, 4);
        n += 4;
      }
    }
    boolean all = true;
    boolean none = true;
    for (long[] s : sources) {
      boolean covered = false;
      for (int r = 0; r < n; r += 4) {
        if (within(s, ranges[r], ranges[r + 1], ranges[r + 2], ranges[r + 3])) {
          covered = true;
          none = false;
          break;
        }
        if (overlaps(s, ranges[r], ranges[r + 1], ranges[r + 2], ranges[r + 3])) {
          none = false;
        }
      }
      all &= covered;
    }
    return all ? Truth.TRUE : none ? Truth.FALSE : Truth.UNKNOWN;
  }

  /** Whether range {@code s} lies within {@code [first, last]}. */
  private static boolean within(long[] s, long fHi, long fLo, long lHi, long lLo) {
    return AddressBits.compare(fHi, fLo, s[0], s[1]) <= 0
        && AddressBits.compare(s[2], s[3], lHi, lLo) <= 0;
  }

  /** Whether range {@code s} and {@code [first, last]} share an address. */
  private static boolean overlaps(long[] s, long fHi, long fLo, long lHi, long lLo) {
    return AddressBits.compare(fHi, fLo, s[2], s[3]) <= 0
        && AddressBits.compare(s[0], s[1], lHi, lLo) <= 0;
  }

  @Override
  public Truth visitProtocol(ProtocolMatch m) {
    return Truth.of(m.protocol().number() == Protocol.TCP.number()).negate(m.negated());
  }

  @Override
  public Truth visitAddress(AddressMatch m) {
    return m.direction() == Direction.SOURCE
        ? sourceIn(m.addresses()).negate(m.negated())
        : Truth.UNKNOWN;
  }

  @Override
  public Truth visitSet(SetMatch m) {
    if (m.direction() != Direction.SOURCE) {
      return Truth.UNKNOWN;
    }
    Truth t =
        setTruths.computeIfAbsent(
            m.setName(),
            name ->
                sets.apply(name)
                    .filter(s -> !s.elements().isEmpty())
                    .map(s -> sourceIn(s.elements()))
                    .orElse(Truth.UNKNOWN));
    return t.negate(m.negated());
  }

  @Override
  public Truth visitIpRange(IpRangeMatch m) {
    if (m.direction() != Direction.SOURCE) {
      return Truth.UNKNOWN;
    }
    if (m.first().family() != family) {
      return Truth.FALSE; // MatchTruth: a range of the other family never holds, even negated
    }
    long[] f = AddressBits.range(m.first());
    long[] l = AddressBits.range(m.last());
    boolean all = true;
    boolean none = true;
    for (long[] s : sources) {
      all &= within(s, f[0], f[1], l[0], l[1]);
      none &= !overlaps(s, f[0], f[1], l[0], l[1]);
    }
    return (all ? Truth.TRUE : none ? Truth.FALSE : Truth.UNKNOWN).negate(m.negated());
  }

  @Override
  public Truth visitPort(PortMatch m) {
    if (m.direction() == Direction.SOURCE) {
      return Truth.of(anyContains(m.ports(), Packet.EPHEMERAL_PORT)).negate(m.negated());
    }
    if (anyPort) {
      return Truth.UNKNOWN;
    }
    boolean all = true;
    boolean none = true;
    for (PortRange admin : ports) {
      boolean in = anyContains(m.ports(), admin.first());
      all &= in;
      none &= !in;
    }
    return (all ? Truth.TRUE : none ? Truth.FALSE : Truth.UNKNOWN).negate(m.negated());
  }

  /** Whether one of {@code ranges} holds {@code port} (asked for every rule: no stream). */
  private static boolean anyContains(List<PortRange> ranges, int port) {
    for (int i = 0; i < ranges.size(); i++) {
      if (ranges.get(i).contains(port)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Truth visitInterface(InterfaceMatch m) {
    if (m.side() != InterfaceMatch.Side.IN) {
      return Truth.UNKNOWN;
    }
    if (interfaces.isEmpty()) {
      // any name but lo: only lo itself is known not to be tried
      return m.name().equals("lo") ? Truth.FALSE.negate(m.negated()) : Truth.UNKNOWN;
    }
    boolean all = true;
    boolean none = true;
    for (String name : interfaces) {
      boolean in = MatchTruth.interfaceMatches(m.name(), name);
      all &= in;
      none &= !in;
    }
    return (all ? Truth.TRUE : none ? Truth.FALSE : Truth.UNKNOWN).negate(m.negated());
  }

  @Override
  public Truth visitConntrackState(ConntrackStateMatch m) {
    return NEVER.containsAll(m.states()) ? Truth.FALSE.negate(m.negated()) : Truth.UNKNOWN;
  }

  @Override
  public Truth visitIcmpType(IcmpTypeMatch m) {
    // MatchTruth: an ICMP type test is false for a packet of another protocol, even negated
    return m.protocol().number() == Protocol.TCP.number() ? Truth.UNKNOWN : Truth.FALSE;
  }

  @Override
  public Truth visitConntrackOriginal(ConntrackOriginalMatch m) {
    return Truth.UNKNOWN;
  }

  @Override
  public Truth visitLimit(LimitMatch m) {
    return Truth.UNKNOWN;
  }

  @Override
  public Truth visitPolicy(PolicyMatch m) {
    return Truth.UNKNOWN;
  }

  @Override
  public Truth visitAddressType(AddressTypeMatch m) {
    return Truth.UNKNOWN;
  }

  @Override
  public Truth visitMark(MarkMatch m) {
    return Truth.UNKNOWN;
  }

  @Override
  public Truth visitOpaque(OpaqueMatch m) {
    return Truth.UNKNOWN;
  }

  @Override
  public Truth visitMac(MacMatch m) {
    return Truth.UNKNOWN;
  }

  @Override
  public Truth visitPacketType(PacketTypeMatch m) {
    return Truth.UNKNOWN;
  }

  @Override
  public Truth visitOwner(OwnerMatch m) {
    return Truth.UNKNOWN;
  }

  @Override
  public Truth visitTcpFlags(TcpFlagsMatch m) {
    return Truth.UNKNOWN;
  }

  @Override
  public Truth visitRpFilter(RpFilterMatch m) {
    return Truth.UNKNOWN;
  }
}
