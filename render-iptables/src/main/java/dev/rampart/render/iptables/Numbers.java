package dev.rampart.render.iptables;

/** Decimal and hexadecimal numbers of iptables text, without exceptions for bad input. */
final class Numbers {
  private Numbers() {}

  /** The decimal number {@code text} if it is one in {@code [0, max]}, else -1. */
  static int parse(String text, int max) {
    int n = text.length();
    if (n == 0 || n > 10) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value <= max ? (int) value : -1;
  }

  /** The decimal number {@code text} in {@code [0, Long.MAX_VALUE]}, else -1. */
  static long parseLong(String text) {
    int n = text.length();
    if (n == 0 || n > 18) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /**
   * An unsigned 32-bit value as iptables prints it ({@code 0x1f}) or reads it (decimal too), else
   * -1.
   */
  static long parseU32(String text) {
    long value;
    if (text.startsWith("0x") || text.startsWith("0X")) {
      String hex = text.substring(2);
      if (hex.isEmpty() || hex.length() > 8) {
        return -1;
      }
      value = 0;
      for (int i = 0; i < hex.length(); i++) {
        int d = Character.digit(hex.charAt(i), 16);
        if (d < 0) {
          return -1;
        }
        value = value * 16 + d;
      }
      return value;
    }
    value = parseLong(text);
    return value <= 0xffffffffL ? value : -1;
  }
}
