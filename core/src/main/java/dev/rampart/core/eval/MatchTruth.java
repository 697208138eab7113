package dev.rampart.core.eval;

import com.google.common.collect.ImmutableList;
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
import dev.rampart.core.match.TcpFlag;
import dev.rampart.core.match.TcpFlagsMatch;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/** Whether one match holds for the packet of a {@link Flow}, as the kernel's match decides. */
final class MatchTruth implements Match.Visitor<Truth> {
  private final Flow flow;
  private final Host host;
  private final EvalModel model;

  MatchTruth(Flow flow, Host host, EvalModel model) {
    this.flow = flow;
    this.host = host;
    this.model = model;
  }

  private InetAddress address(Direction d) {
    return d == Direction.SOURCE ? flow.source : flow.destination;
  }

  @Override
  public Truth visitProtocol(ProtocolMatch m) {
    return Truth.of(flow.protocol == m.protocol().number()).negate(m.negated());
  }

  @Override
  public Truth visitAddress(AddressMatch m) {
    InetAddress a = address(m.direction());
    return Truth.of(m.addresses().stream().anyMatch(c -> c.contains(a))).negate(m.negated());
  }

  @Override
  public Truth visitSet(SetMatch m) {
    Optional<ImmutableList<Cidr>> contents = model.sets.getOrDefault(m.setName(), Optional.empty());
    if (contents.isEmpty()) {
      return Truth.UNKNOWN;
    }
    InetAddress a = address(m.direction());
    return Truth.of(contents.get().stream().anyMatch(c -> c.contains(a))).negate(m.negated());
  }

  @Override
  public Truth visitPort(PortMatch m) {
    if (!flow.hasPorts()) {
      return Truth.FALSE; // the kernel's port matches never hold for a packet without ports
    }
    int port = m.direction() == Direction.SOURCE ? flow.sourcePort : flow.destinationPort;
    return Truth.of(m.ports().stream().anyMatch(r -> r.contains(port))).negate(m.negated());
  }

  @Override
  public Truth visitInterface(InterfaceMatch m) {
    String name = m.side() == InterfaceMatch.Side.IN ? flow.in : flow.out;
    return Truth.of(interfaceMatches(m.name(), name)).negate(m.negated());
  }

  /** Whether interface {@code name} matches {@code pattern} (a trailing {@code +} is a prefix). */
  static boolean interfaceMatches(String pattern, String name) {
    return pattern.endsWith("+")
        ? name.startsWith(pattern.substring(0, pattern.length() - 1))
        : name.equals(pattern);
  }

  @Override
  public Truth visitConntrackState(ConntrackStateMatch m) {
    boolean any = false;
    for (ConnState s : m.states()) {
      any |= holds(s);
    }
    return Truth.of(any).negate(m.negated());
  }

  private boolean holds(ConnState s) {
    return switch (s) {
      case DNAT -> flow.dnat && flow.state != ConnState.UNTRACKED;
      case SNAT -> false; // source NAT happens in POSTROUTING, after every match of its packet
      default -> flow.state == s;
    };
  }

  @Override
  public Truth visitConntrackOriginal(ConntrackOriginalMatch m) {
    if (flow.state == ConnState.UNTRACKED || flow.state == ConnState.INVALID) {
      return Truth.FALSE; // xt_conntrack: no connection, only --ctstate can hold
    }
    boolean ok = true;
    if (m.destination().isPresent()) {
      ok = m.destination().get().contains(flow.originalDestination);
    }
    if (m.destinationPort().isPresent()) {
      PortRange r = m.destinationPort().get();
      if (flow.originalDestinationPort < 0) {
        return Truth.FALSE;
      }
      ok &= r.contains(flow.originalDestinationPort);
    }
    return Truth.of(ok).negate(m.negated());
  }

  @Override
  public Truth visitIcmpType(IcmpTypeMatch m) {
    if (flow.protocol != m.protocol().number() || flow.icmpType < 0) {
      return Truth.FALSE;
    }
    boolean ok = flow.icmpType == m.type() && m.code().map(c -> c == flow.icmpCode).orElse(true);
    return Truth.of(ok).negate(m.negated());
  }

  @Override
  public Truth visitLimit(LimitMatch m) {
    return Truth.UNKNOWN; // depends on the rate of earlier packets
  }

  @Override
  public Truth visitPolicy(PolicyMatch m) {
    boolean ipsec = m.dir() == PolicyMatch.Dir.IN ? flow.ipsecIn : flow.ipsecOut;
    return Truth.of(ipsec == (m.processing() == PolicyMatch.Processing.IPSEC));
  }

  @Override
  public Truth visitAddressType(AddressTypeMatch m) {
    return Truth.of(host.addressType(address(m.direction())) == m.type()).negate(m.negated());
  }

  @Override
  public Truth visitMark(MarkMatch m) {
    return Truth.of((flow.mark & m.mask()) == m.value()).negate(m.negated());
  }

  @Override
  public Truth visitOpaque(OpaqueMatch m) {
    return Truth.UNKNOWN; // the module's meaning is not modelled
  }

  @Override
  public Truth visitIpRange(IpRangeMatch m) {
    InetAddress a = address(m.direction());
    InetAddress first = m.first().address();
    if ((a instanceof Inet4Address) != (first instanceof Inet4Address)) {
      return Truth.FALSE;
    }
    long hi = AddressRanges.high(a);
    long lo = AddressRanges.low(a);
    InetAddress last = m.last().address();
    boolean in =
        AddressRanges.compare(hi, lo, AddressRanges.high(first), AddressRanges.low(first)) >= 0
            && AddressRanges.compare(hi, lo, AddressRanges.high(last), AddressRanges.low(last))
                <= 0;
    return Truth.of(in).negate(m.negated());
  }

  @Override
  public Truth visitMac(MacMatch m) {
    return flow.packet
        .sourceMac()
        .map(mac -> Truth.of(mac.equalsIgnoreCase(m.address())).negate(m.negated()))
        .orElse(Truth.UNKNOWN);
  }

  @Override
  public Truth visitPacketType(PacketTypeMatch m) {
    return Truth.of(flow.packet.packetType() == m.type()).negate(m.negated());
  }

  @Override
  public Truth visitOwner(OwnerMatch m) {
    if (!flow.packet.isLocal()) {
      // xt_owner without a socket: true only when every test is negated
      return Truth.of(m.negated());
    }
    return switch (m.kind()) {
      case SOCKET_EXISTS -> Truth.of(true).negate(m.negated());
      case UID -> owner(flow.packet.uid(), m);
      case GID -> owner(flow.packet.gid(), m);
    };
  }

  private static Truth owner(java.util.OptionalLong id, OwnerMatch m) {
    if (id.isEmpty()) {
      return Truth.UNKNOWN;
    }
    long v = id.getAsLong();
    return Truth.of(v >= m.low() && v <= m.high()).negate(m.negated());
  }

  @Override
  public Truth visitTcpFlags(TcpFlagsMatch m) {
    if (flow.protocol != Protocol.TCP.number()) {
      return Truth.FALSE;
    }
    int flags = flow.packet.tcpFlagBits();
    int mask = 0;
    for (TcpFlag f : m.mask()) {
      mask |= f.bit();
    }
    int set = 0;
    for (TcpFlag f : m.set()) {
      set |= f.bit();
    }
    return Truth.of((flags & mask) == set).negate(m.negated());
  }

  @Override
  public Truth visitRpFilter(RpFilterMatch m) {
    return host.reversePath(flow.source, flow.destination, flow.in, flow.mark, m)
        .map(pass -> Truth.of(pass).negate(m.negated()))
        .orElse(Truth.UNKNOWN);
  }
}
