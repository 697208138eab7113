package dev.rampart.core.target;

import static com.google.common.base.Preconditions.checkArgument;

/** Checks and formats the unsigned 32-bit values of MARK and CONNMARK. */
final class Marks {
  /** All 32 bits. */
  static final long ALL = 0xffffffffL;

  private Marks() {}

  /** Checks that {@code n} is an unsigned 32-bit number; {@code what} names it in the message. */
  static void check(String what, long n) {
    checkArgument(n >= 0 && n <= ALL, "%s out of range [0, 0xffffffff]: %s", what, hex(n));
  }

  /** Returns {@code 0x1f}, or {@code -0x1} for a negative number. */
  static String hex(long n) {
    return n < 0 ? "-0x" + Long.toHexString(-n) : "0x" + Long.toHexString(n);
  }
}
