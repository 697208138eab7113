package dev.rampart.core.match;

/** Names the visitor method a match dispatches to, for tests of {@code accept}. */
enum KindOf implements Match.Visitor<String> {
  INSTANCE;

  @Override
  public String visitProtocol(ProtocolMatch m) {
    return "protocol";
  }

  @Override
  public String visitAddress(AddressMatch m) {
    return "address";
  }

  @Override
  public String visitSet(SetMatch m) {
    return "set";
  }

  @Override
  public String visitPort(PortMatch m) {
    return "port";
  }

  @Override
  public String visitInterface(InterfaceMatch m) {
    return "interface";
  }

  @Override
  public String visitConntrackState(ConntrackStateMatch m) {
    return "conntrack state";
  }

  @Override
  public String visitConntrackOriginal(ConntrackOriginalMatch m) {
    return "conntrack original";
  }

  @Override
  public String visitIcmpType(IcmpTypeMatch m) {
    return "icmp type";
  }

  @Override
  public String visitLimit(LimitMatch m) {
    return "limit";
  }

  @Override
  public String visitPolicy(PolicyMatch m) {
    return "policy";
  }

  @Override
  public String visitAddressType(AddressTypeMatch m) {
    return "address type";
  }

  @Override
  public String visitMark(MarkMatch m) {
    return "mark";
  }

  @Override
  public String visitOpaque(OpaqueMatch m) {
    return "opaque";
  }

  @Override
  public String visitIpRange(IpRangeMatch m) {
    return "ip range";
  }

  @Override
  public String visitMac(MacMatch m) {
    return "mac";
  }

  @Override
  public String visitPacketType(PacketTypeMatch m) {
    return "packet type";
  }

  @Override
  public String visitOwner(OwnerMatch m) {
    return "owner";
  }

  @Override
  public String visitTcpFlags(TcpFlagsMatch m) {
    return "tcp flags";
  }

  @Override
  public String visitRpFilter(RpFilterMatch m) {
    return "rpfilter";
  }
}
