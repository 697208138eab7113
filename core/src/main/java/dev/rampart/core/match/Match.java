package dev.rampart.core.match;

import java.util.Optional;

/**
 * One condition of a rule. Closed: every kind is listed in {@link Visitor}, so renderers and
 * analyses handle each one explicitly.
 */
public sealed interface Match
    permits ProtocolMatch,
        AddressMatch,
        SetMatch,
        PortMatch,
        InterfaceMatch,
        ConntrackStateMatch,
        ConntrackOriginalMatch,
        IcmpTypeMatch,
        LimitMatch,
        PolicyMatch,
        AddressTypeMatch,
        MarkMatch,
        OpaqueMatch,
        IpRangeMatch,
        MacMatch,
        PacketTypeMatch,
        OwnerMatch,
        TcpFlagsMatch,
        RpFilterMatch {

  /** Calls the visitor method for this kind of match. */
  <R> R accept(Visitor<R> visitor);

  /** Whether the condition is negated ({@code !}). */
  boolean negated();

  /**
   * The field of the fixed rule header this match tests, if it is one of them: addresses,
   * interfaces and the protocol ({@code -s -d -i -o -p}); every other match is a match module.
   */
  default Optional<HeaderField> headerField() {
    return Optional.empty();
  }

  /** The named set this match tests, if it tests one ({@code -m set --match-set NAME}). */
  default Optional<String> namedSet() {
    return Optional.empty();
  }

  /** One method per kind of match. */
  interface Visitor<R> {
    /** Visits a protocol match. */
    R visitProtocol(ProtocolMatch m);

    /** Visits a source or destination address list. */
    R visitAddress(AddressMatch m);

    /** Visits a source or destination named set. */
    R visitSet(SetMatch m);

    /** Visits a source or destination port list. */
    R visitPort(PortMatch m);

    /** Visits an input or output interface. */
    R visitInterface(InterfaceMatch m);

    /** Visits a conntrack state match. */
    R visitConntrackState(ConntrackStateMatch m);

    /** Visits a conntrack original destination address or port. */
    R visitConntrackOriginal(ConntrackOriginalMatch m);

    /** Visits an ICMP or ICMPv6 type. */
    R visitIcmpType(IcmpTypeMatch m);

    /** Visits a rate limit. */
    R visitLimit(LimitMatch m);

    /** Visits an IPsec policy match. */
    R visitPolicy(PolicyMatch m);

    /** Visits an address type match. */
    R visitAddressType(AddressTypeMatch m);

    /** Visits a firewall mark match. */
    R visitMark(MarkMatch m);

    /** Visits a match module the model does not interpret. */
    R visitOpaque(OpaqueMatch m);

    /** Visits a source or destination address range. */
    R visitIpRange(IpRangeMatch m);

    /** Visits a source MAC address. */
    R visitMac(MacMatch m);

    /** Visits a link-layer packet type. */
    R visitPacketType(PacketTypeMatch m);

    /** Visits a socket owner condition. */
    R visitOwner(OwnerMatch m);

    /** Visits a TCP flags match. */
    R visitTcpFlags(TcpFlagsMatch m);

    /** Visits a reverse-path filter check. */
    R visitRpFilter(RpFilterMatch m);
  }
}
