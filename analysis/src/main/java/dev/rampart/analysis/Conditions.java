package dev.rampart.analysis;

import com.google.common.collect.ImmutableMap;
import dev.rampart.core.Cidr;
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
import java.util.Optional;

/**
 * The exact set of packets (arriving from outside) a match holds for, in one {@link Space}, as the
 * kernel's match decides; empty {@code Optional} when the model cannot say (rate limits, opaque
 * modules, unknown set contents, fields the header space does not track). Mirrors core's per-packet
 * {@code MatchTruth}: both must agree on every packet.
 */
final class Conditions implements Match.Visitor<Optional<PacketSet>> {
  private final Space space;
  private final ImmutableMap<String, Optional<Intervals>> sets;
  private final ImmutableMap<AddressTypeMatch.Type, Intervals> addressTypes;
  private final Intervals portProtocols;

  /**
   * @param sets each set's addresses, empty when its contents are unknown; a set not listed is
   *     unknown
   * @param addressTypes the addresses of each type on this host (a partition of the address space)
   */
  Conditions(
      Space space,
      ImmutableMap<String, Optional<Intervals>> sets,
      ImmutableMap<AddressTypeMatch.Type, Intervals> addressTypes) {
    this.space = space;
    this.sets = sets;
    this.addressTypes = addressTypes;
    Intervals p = Intervals.EMPTY;
    for (int n = 1; n <= 255; n++) {
      if (Protocol.of(n).hasPorts()) {
        p = p.union(Intervals.point(n));
      }
    }
    this.portProtocols = p;
  }

  /**
   * What a rule's matches decide: {@code known} holds the packets for which every match the space
   * tracks holds; when {@code exact}, those are exactly the packets the rule matches, otherwise the
   * rule matches only packets of {@code known}, and which of them depends on a match it does not
   * track.
   */
  record Condition(PacketSet known, boolean exact) {}

  /** The condition of a rule with {@code matches}. */
  Condition all(Iterable<Match> matches) {
    PacketSet out = PacketSet.all(space);
    boolean exact = true;
    for (Match m : matches) {
      Optional<PacketSet> s = m.accept(this);
      if (s.isEmpty()) {
        exact = false;
      } else {
        out = out.intersect(s.get());
      }
    }
    return new Condition(out, exact);
  }

  private Optional<PacketSet> where(Field f, Intervals values, boolean negated) {
    return Optional.of(
        PacketSet.of(space, space.where(f, negated ? space.not(f, values) : values)));
  }

  private static Field field(Direction d) {
    return d == Direction.SOURCE ? Field.SOURCE : Field.DESTINATION;
  }

  static Intervals addresses(Iterable<Cidr> cidrs) {
    Intervals out = Intervals.EMPTY;
    for (Cidr c : cidrs) {
      out = out.union(address(c));
    }
    return out;
  }

  static Intervals address(Cidr c) {
    long[] r = Addresses.range(c);
    return Intervals.of(r[0], r[1], r[2], r[3]);
  }

  @Override
  public Optional<PacketSet> visitProtocol(ProtocolMatch m) {
    return where(Field.PROTOCOL, Intervals.point(m.protocol().number()), m.negated());
  }

  @Override
  public Optional<PacketSet> visitAddress(AddressMatch m) {
    return where(field(m.direction()), addresses(m.addresses()), m.negated());
  }

  @Override
  public Optional<PacketSet> visitSet(SetMatch m) {
    Optional<Intervals> contents = sets.getOrDefault(m.setName(), Optional.empty());
    if (contents.isEmpty()) {
      return Optional.empty();
    }
    return where(field(m.direction()), contents.get(), m.negated());
  }

  @Override
  public Optional<PacketSet> visitPort(PortMatch m) {
    Intervals ports = Intervals.EMPTY;
    for (PortRange r : m.ports()) {
      ports = ports.union(Intervals.of(r.first(), r.last()));
    }
    Field f = m.direction() == Direction.SOURCE ? Field.SOURCE_PORT : Field.DESTINATION_PORT;
    Intervals values = m.negated() ? space.not(f, ports) : ports;
    // a packet without ports never matches, negated or not
    return Optional.of(
        PacketSet.of(space, space.where(Field.PROTOCOL, portProtocols).with(f, values)));
  }

  @Override
  public Optional<PacketSet> visitInterface(InterfaceMatch m) {
    Intervals ids = Intervals.EMPTY;
    for (int i = 0; i < space.interfaces().size(); i++) {
      if (interfaceMatches(m.name(), space.interfaces().get(i))) {
        ids = ids.union(Intervals.point(i));
      }
    }
    return where(m.side() == InterfaceMatch.Side.IN ? Field.IN : Field.OUT, ids, m.negated());
  }

  /** Whether interface {@code name} matches {@code pattern} (a trailing {@code +} is a prefix). */
  static boolean interfaceMatches(String pattern, String name) {
    return pattern.endsWith("+")
        ? name.startsWith(pattern.substring(0, pattern.length() - 1))
        : name.equals(pattern);
  }

  @Override
  public Optional<PacketSet> visitConntrackState(ConntrackStateMatch m) {
    PacketSet holds = PacketSet.empty(space);
    for (ConnState s : m.states()) {
      holds = holds.union(state(s));
    }
    return Optional.of(m.negated() ? PacketSet.all(space).minus(holds) : holds);
  }

  private PacketSet state(ConnState s) {
    return switch (s) {
      case DNAT ->
          PacketSet.of(
              space,
              space
                  .where(Field.DNATED, Intervals.point(1))
                  .with(
                      Field.STATE,
                      space.not(
                          Field.STATE, Intervals.point(ConnStates.value(ConnState.UNTRACKED)))));
      case SNAT -> PacketSet.empty(space); // source NAT happens after every match of its packet
      default ->
          PacketSet.of(space, space.where(Field.STATE, Intervals.point(ConnStates.value(s))));
    };
  }

  @Override
  public Optional<PacketSet> visitConntrackOriginal(ConntrackOriginalMatch m) {
    Cube tracked =
        space.where(
            Field.STATE,
            space.not(
                Field.STATE,
                Intervals.point(ConnStates.value(ConnState.UNTRACKED))
                    .union(Intervals.point(ConnStates.value(ConnState.INVALID)))));
    // before a DNAT the original destination is the destination itself
    PacketSet holds =
        original(m, Field.DESTINATION, Field.DESTINATION_PORT, 0)
            .union(original(m, Field.ORIGINAL_DESTINATION, Field.ORIGINAL_DESTINATION_PORT, 1));
    if (m.negated()) {
      holds = PacketSet.all(space).minus(holds);
    }
    return Optional.of(holds.intersect(tracked));
  }

  private PacketSet original(ConntrackOriginalMatch m, Field address, Field port, int dnated) {
    Cube test = space.where(Field.DNATED, Intervals.point(dnated));
    if (m.destination().isPresent()) {
      test = test.with(address, address(m.destination().get()));
    }
    if (m.destinationPort().isPresent()) {
      PortRange r = m.destinationPort().get();
      test = test.with(Field.PROTOCOL, portProtocols).with(port, Intervals.of(r.first(), r.last()));
    }
    return PacketSet.of(space, test);
  }

  @Override
  public Optional<PacketSet> visitIcmpType(IcmpTypeMatch m) {
    int type = m.type();
    Intervals values =
        m.code().isPresent()
            ? Intervals.point(type * 256L + m.code().get())
            : Intervals.of(type * 256L, type * 256L + 255);
    Field f = Field.ICMP;
    Cube c =
        space
            .where(Field.PROTOCOL, Intervals.point(m.protocol().number()))
            .with(f, m.negated() ? space.not(f, values) : values);
    return Optional.of(PacketSet.of(space, c));
  }

  @Override
  public Optional<PacketSet> visitLimit(LimitMatch m) {
    return Optional.empty(); // depends on the rate of earlier packets
  }

  @Override
  public Optional<PacketSet> visitPolicy(PolicyMatch m) {
    Field f = m.dir() == PolicyMatch.Dir.IN ? Field.IPSEC_IN : Field.IPSEC_OUT;
    return where(f, Intervals.point(m.processing() == PolicyMatch.Processing.IPSEC ? 1 : 0), false);
  }

  @Override
  public Optional<PacketSet> visitAddressType(AddressTypeMatch m) {
    return where(
        field(m.direction()), addressTypes.getOrDefault(m.type(), Intervals.EMPTY), m.negated());
  }

  @Override
  public Optional<PacketSet> visitMark(MarkMatch m) {
    long mask = m.mask() & 0xffffffffL;
    long low = ~mask & 0xffffffffL; // the bits the mask leaves out
    if ((low & (low + 1)) != 0) {
      return Optional.empty(); // a mask with holes is not one interval: not tracked exactly
    }
    long value = m.value() & 0xffffffffL;
    Intervals marks = (value & low) != 0 ? Intervals.EMPTY : Intervals.of(0, value, 0, value | low);
    return where(Field.MARK, marks, m.negated());
  }

  @Override
  public Optional<PacketSet> visitOpaque(OpaqueMatch m) {
    return Optional.empty();
  }

  @Override
  public Optional<PacketSet> visitIpRange(IpRangeMatch m) {
    long[] first = Addresses.range(m.first());
    long[] last = Addresses.range(m.last());
    return where(
        field(m.direction()), Intervals.of(first[0], first[1], last[0], last[1]), m.negated());
  }

  @Override
  public Optional<PacketSet> visitMac(MacMatch m) {
    return Optional.empty(); // the header space does not track link-layer addresses
  }

  @Override
  public Optional<PacketSet> visitPacketType(PacketTypeMatch m) {
    return Optional.empty(); // the header space does not track the link-layer packet type
  }

  @Override
  public Optional<PacketSet> visitOwner(OwnerMatch m) {
    // a packet arriving from outside has no socket: xt_owner holds only when negated
    return Optional.of(m.negated() ? PacketSet.all(space) : PacketSet.empty(space));
  }

  @Override
  public Optional<PacketSet> visitTcpFlags(TcpFlagsMatch m) {
    return Optional.empty(); // the header space does not track TCP flags
  }

  @Override
  public Optional<PacketSet> visitRpFilter(RpFilterMatch m) {
    return Optional.empty(); // reverse-path checks are not modelled in the header space yet
  }
}
