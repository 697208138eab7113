package dev.rampart.core.eval;

import com.google.common.collect.ImmutableList;
import com.google.common.net.InetAddresses;
import dev.rampart.core.AddressSet;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.AddressTypeMatch;
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
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.RpFilterMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.match.TcpFlagsMatch;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The values a match tests that split incoming packets into classes the rules treat alike: source
 * and destination address ranges (prefixes, ranges, known set elements) and input interfaces. A
 * packet per class decides what every packet of the class gets.
 */
final class Landmarks implements Match.Visitor<Landmarks.Found> {
  /** What one match tests: address ranges and input interface names or {@code +} prefixes. */
  record Found(ImmutableList<Range> ranges, ImmutableList<String> inInterfaces) {
    static final Found NONE = new Found(ImmutableList.of(), ImmutableList.of());

    static Found ranges(ImmutableList<Range> ranges) {
      return new Found(ranges, ImmutableList.of());
    }
  }

  /** An inclusive address range of {@code family} tested on the source or the destination. */
  record Range(Family family, Direction direction, BigInteger first, BigInteger last) {
    static Range of(Direction direction, Cidr cidr) {
      int bits = Cidr.maxLength(cidr.family());
      BigInteger first = InetAddresses.toBigInteger(cidr.address());
      BigInteger size = BigInteger.ONE.shiftLeft(bits - cidr.prefixLength());
      return new Range(cidr.family(), direction, first, first.add(size).subtract(BigInteger.ONE));
    }
  }

  private final Function<String, Optional<AddressSet>> sets;

  /** The landmarks of each set, by direction and name: a set is read once, however often used. */
  // by direction, then name: a lookup per rule builds no key
  private final Map<String, Found> sourceSetFound = new HashMap<>();

  private final Map<String, Found> destinationSetFound = new HashMap<>();

  Landmarks(Function<String, Optional<AddressSet>> sets) {
    this.sets = sets;
  }

  private static Found none() {
    return Found.NONE;
  }

  @Override
  public Found visitAddress(AddressMatch m) {
    return Found.ranges(
        m.addresses().stream()
            .map(c -> Range.of(m.direction(), c))
            .collect(ImmutableList.toImmutableList()));
  }

  @Override
  public Found visitSet(SetMatch m) {
    Map<String, Found> byName =
        m.direction() == Direction.SOURCE ? sourceSetFound : destinationSetFound;
    Found found = byName.get(m.setName());
    if (found == null) {
      found = setRanges(m);
      byName.put(m.setName(), found);
    }
    return found;
  }

  private Found setRanges(SetMatch m) {
    return sets.apply(m.setName())
        .map(
            s ->
                Found.ranges(
                    s.elements().stream()
                        .map(c -> Range.of(m.direction(), c))
                        .collect(ImmutableList.toImmutableList())))
        .orElse(none());
  }

  @Override
  public Found visitIpRange(IpRangeMatch m) {
    return Found.ranges(
        ImmutableList.of(
            new Range(
                m.first().family(),
                m.direction(),
                InetAddresses.toBigInteger(m.first().address()),
                InetAddresses.toBigInteger(m.last().address()))));
  }

  @Override
  public Found visitConntrackOriginal(ConntrackOriginalMatch m) {
    // Without DNAT the original destination of a new connection is its destination.
    return m.destination()
        .map(c -> Found.ranges(ImmutableList.of(Range.of(Direction.DESTINATION, c))))
        .orElse(none());
  }

  @Override
  public Found visitInterface(InterfaceMatch m) {
    return m.side() == InterfaceMatch.Side.IN
        ? new Found(ImmutableList.of(), ImmutableList.of(m.name()))
        : none();
  }

  @Override
  public Found visitProtocol(ProtocolMatch m) {
    return none();
  }

  @Override
  public Found visitPort(PortMatch m) {
    return none();
  }

  @Override
  public Found visitConntrackState(ConntrackStateMatch m) {
    return none();
  }

  @Override
  public Found visitIcmpType(IcmpTypeMatch m) {
    return none();
  }

  @Override
  public Found visitLimit(LimitMatch m) {
    return none();
  }

  @Override
  public Found visitPolicy(PolicyMatch m) {
    return none();
  }

  @Override
  public Found visitAddressType(AddressTypeMatch m) {
    return none();
  }

  @Override
  public Found visitMark(MarkMatch m) {
    return none();
  }

  @Override
  public Found visitOpaque(OpaqueMatch m) {
    return none();
  }

  @Override
  public Found visitMac(MacMatch m) {
    return none();
  }

  @Override
  public Found visitPacketType(PacketTypeMatch m) {
    return none();
  }

  @Override
  public Found visitOwner(OwnerMatch m) {
    return none();
  }

  @Override
  public Found visitTcpFlags(TcpFlagsMatch m) {
    return none();
  }

  @Override
  public Found visitRpFilter(RpFilterMatch m) {
    return none(); // decided by the host's routes for the source already split out
  }
}
