package dev.rampart.analysis;

import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.AddressTypeMatch;
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
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.RpFilterMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.match.TcpFlagsMatch;

/**
 * Whether a match may test the packet's mark: a mark match does, and an opaque module might; no
 * other match reads it.
 */
enum MarkTests implements Match.Visitor<Boolean> {
  INSTANCE;

  /** Whether {@code m} may test the mark. */
  static boolean of(Match m) {
    return m.accept(INSTANCE);
  }

  @Override
  public Boolean visitMark(MarkMatch m) {
    return true;
  }

  @Override
  public Boolean visitOpaque(OpaqueMatch m) {
    return true;
  }

  @Override
  public Boolean visitProtocol(ProtocolMatch m) {
    return false;
  }

  @Override
  public Boolean visitAddress(AddressMatch m) {
    return false;
  }

  @Override
  public Boolean visitSet(SetMatch m) {
    return false;
  }

  @Override
  public Boolean visitPort(PortMatch m) {
    return false;
  }

  @Override
  public Boolean visitInterface(InterfaceMatch m) {
    return false;
  }

  @Override
  public Boolean visitConntrackState(ConntrackStateMatch m) {
    return false;
  }

  @Override
  public Boolean visitConntrackOriginal(ConntrackOriginalMatch m) {
    return false;
  }

  @Override
  public Boolean visitIcmpType(IcmpTypeMatch m) {
    return false;
  }

  @Override
  public Boolean visitLimit(LimitMatch m) {
    return false;
  }

  @Override
  public Boolean visitPolicy(PolicyMatch m) {
    return false;
  }

  @Override
  public Boolean visitAddressType(AddressTypeMatch m) {
    return false;
  }

  @Override
  public Boolean visitIpRange(IpRangeMatch m) {
    return false;
  }

  @Override
  public Boolean visitMac(MacMatch m) {
    return false;
  }

  @Override
  public Boolean visitPacketType(PacketTypeMatch m) {
    return false;
  }

  @Override
  public Boolean visitOwner(OwnerMatch m) {
    return false;
  }

  @Override
  public Boolean visitTcpFlags(TcpFlagsMatch m) {
    return false;
  }

  @Override
  public Boolean visitRpFilter(RpFilterMatch m) {
    return false;
  }
}
