package dev.rampart.core;

import java.net.InetAddress;

/**
 * Addresses as numbers: two unsigned 64-bit halves {@code (high, low)}, an IPv4 address being
 * {@code (0, address)}. The one place the evaluators and the analyses turn addresses and prefixes
 * into numbers they compare and range over.
 */
public final class AddressBits {
  private AddressBits() {}

  /** The high 64 bits of an IPv6 address, 0 for IPv4. */
  public static long high(InetAddress a) {
    byte[] b = a.getAddress();
    if (b.length == 4) {
      return 0;
    }
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[i] & 0xff);
    }
    return v;
  }

  /** The low 64 bits of an IPv6 address, or an IPv4 address as an unsigned number. */
  public static long low(InetAddress a) {
    byte[] b = a.getAddress();
    long v = 0;
    for (int i = b.length == 4 ? 0 : 8; i < b.length; i++) {
      v = (v << 8) | (b[i] & 0xff);
    }
    return v;
  }

  /** The first and last address of {@code c}: {@code {startHigh, startLow, endHigh, endLow}}. */
  public static long[] range(Cidr c) {
    long hi = high(c.address());
    long lo = low(c.address());
    int bits = Cidr.maxLength(c.family());
    int hostBits = bits - c.prefixLength();
    long hostHi = hostBits <= 64 ? 0 : (hostBits >= 128 ? -1L : (1L << (hostBits - 64)) - 1);
    long hostLo = hostBits >= 64 ? -1L : (1L << hostBits) - 1;
    return new long[] {hi, lo, hi | hostHi, lo | hostLo};
  }

  /** Compares two addresses given as halves, unsigned. */
  public static int compare(long aHi, long aLo, long bHi, long bLo) {
    int c = Long.compareUnsigned(aHi, bHi);
    return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
  }
}
