package dev.rampart.analysis;

import dev.rampart.core.Family;

/**
 * The header fields a packet set ranges over, each a set of unsigned values ({@link Intervals}).
 * Interfaces are indexes into the analysis's interface alphabet; conntrack states are {@code
 * ConnState} ordinals; flags are 0 or 1.
 */
enum Field {
  /** Source address. */
  SOURCE,
  /** Destination address (after DNAT once nat PREROUTING has run). */
  DESTINATION,
  /** IP protocol number, 0-255. */
  PROTOCOL,
  /** Source port, 0-65535 (meaningful for protocols with ports). */
  SOURCE_PORT,
  /** Destination port, 0-65535 (after DNAT once nat PREROUTING has run). */
  DESTINATION_PORT,
  /** ICMP type * 256 + code (meaningful for ICMP and ICMPv6). */
  ICMP,
  /** Input interface index. */
  IN,
  /** Output interface index. */
  OUT,
  /** Conntrack state, a {@code ConnState} ordinal. */
  STATE,
  /** 1 when the connection was destination-NATed ({@code --ctstate DNAT}). */
  DNATED,
  /** 1 when the packet was decapsulated by IPsec. */
  IPSEC_IN,
  /** 1 when the packet will be encapsulated by IPsec. */
  IPSEC_OUT,
  /** The packet mark, 32 bits. */
  MARK,
  /** The connection's original destination address. */
  ORIGINAL_DESTINATION,
  /** The connection's original destination port. */
  ORIGINAL_DESTINATION_PORT;

  static final Field[] ALL = values();

  /** This field's position in a cube. */
  @SuppressWarnings("EnumOrdinal") // the position in the array of a cube, by design
  int index() {
    return ordinal();
  }

  /** The largest value of this field, high half. */
  long maxHi(Family family) {
    return isAddress() && family == Family.IPV6 ? -1L : 0;
  }

  /** The largest value of this field, low half ({@code interfaces} = the alphabet's size). */
  long maxLo(Family family, int interfaces) {
    return switch (this) {
      case SOURCE, DESTINATION, ORIGINAL_DESTINATION -> family == Family.IPV6 ? -1L : 0xffffffffL;
      case PROTOCOL -> 255;
      case SOURCE_PORT, DESTINATION_PORT, ORIGINAL_DESTINATION_PORT, ICMP -> 65535;
      case IN, OUT -> interfaces - 1L;
      case STATE -> 4;
      case DNATED, IPSEC_IN, IPSEC_OUT -> 1;
      case MARK -> 0xffffffffL;
    };
  }

  boolean isAddress() {
    return this == SOURCE || this == DESTINATION || this == ORIGINAL_DESTINATION;
  }
}
