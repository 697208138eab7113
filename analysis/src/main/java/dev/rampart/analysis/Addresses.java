package dev.rampart.analysis;

import dev.rampart.core.AddressBits;
import dev.rampart.core.Cidr;
import java.net.InetAddress;

/** Addresses as two unsigned 64-bit halves (an IPv4 address is {@code (0, address)}). */
final class Addresses {
  private Addresses() {}

  /** {startHi, startLo, endHi, endLo} of {@code c}. */
  static long[] range(Cidr c) {
    return AddressBits.range(c);
  }

  /** The high 64 bits of an IPv6 address, 0 for IPv4. */
  static long high(InetAddress a) {
    return AddressBits.high(a);
  }

  /** The low 64 bits of an IPv6 address, or an IPv4 address as an unsigned number. */
  static long low(InetAddress a) {
    return AddressBits.low(a);
  }

  /** The addresses of the subnet of {@code a} with {@code prefixLength} (host bits ignored). */
  static Intervals subnet(InetAddress a, int prefixLength) {
    int bits = a.getAddress().length * 8;
    int hostBits = bits - prefixLength;
    long hostHi = hostBits <= 64 ? 0 : (hostBits >= 128 ? -1L : (1L << (hostBits - 64)) - 1);
    long hostLo = hostBits >= 64 ? -1L : (1L << hostBits) - 1;
    if (bits == 32) {
      hostLo &= 0xffffffffL;
    }
    long hi = high(a) & ~hostHi;
    long lo = low(a) & ~hostLo;
    return Intervals.of(hi, lo, hi | hostHi, lo | hostLo);
  }

  /** The single address {@code a}. */
  static Intervals host(InetAddress a) {
    return Intervals.of(high(a), low(a), high(a), low(a));
  }
}
