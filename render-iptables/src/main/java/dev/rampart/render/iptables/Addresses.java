package dev.rampart.render.iptables;

import dev.rampart.core.Cidr;
import dev.rampart.core.Family;

/** Addresses as iptables prints them: glibc {@code inet_ntop}, which differs from RFC 5952. */
final class Addresses {
  private Addresses() {}

  /** {@code 10.0.0.0/8}, {@code 2001:db8::/32}, {@code ::1.2.3.4/128}: always with the length. */
  static String prefix(Cidr cidr) {
    return address(cidr) + "/" + cidr.prefixLength();
  }

  /** The prefix without {@code /32} or {@code /128} for a single address, as conntrack prints. */
  static String hostOrPrefix(Cidr cidr) {
    return cidr.isHost() ? address(cidr) : prefix(cidr);
  }

  /** Appends {@link #prefix}: digits straight into {@code out} for IPv4, no string made. */
  static StringBuilder appendPrefix(StringBuilder out, Cidr cidr) {
    return appendAddress(out, cidr).append('/').append(cidr.prefixLength());
  }

  /** Appends {@link #hostOrPrefix}. */
  static StringBuilder appendHostOrPrefix(StringBuilder out, Cidr cidr) {
    return cidr.isHost() ? appendAddress(out, cidr) : appendPrefix(out, cidr);
  }

  /** Appends {@link #address}. */
  static StringBuilder appendAddress(StringBuilder out, Cidr cidr) {
    byte[] b = cidr.address().getAddress();
    if (cidr.family() != Family.IPV4) {
      return out.append(ipv6(b));
    }
    return out.append(b[0] & 0xff)
        .append('.')
        .append(b[1] & 0xff)
        .append('.')
        .append(b[2] & 0xff)
        .append('.')
        .append(b[3] & 0xff);
  }

  /** The network address alone. */
  static String address(Cidr cidr) {
    byte[] b = cidr.address().getAddress();
    return cidr.family() == Family.IPV4 ? ipv4(b, 0) : ipv6(b);
  }

  private static String ipv4(byte[] b, int from) {
    return (b[from] & 0xff)
        + "."
        + (b[from + 1] & 0xff)
        + "."
        + (b[from + 2] & 0xff)
        + "."
        + (b[from + 3] & 0xff);
  }

  /** glibc's inet_ntop6: longest (first) run of two or more zero words, embedded IPv4 forms. */
  static String ipv6(byte[] b) {
    int[] w = new int[8];
    for (int i = 0; i < 8; i++) {
      w[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestBase = -1;
    int bestLen = 0;
    int curBase = -1;
    for (int i = 0; i <= 8; i++) {
      if (i < 8 && w[i] == 0) {
        curBase = curBase < 0 ? i : curBase;
      } else if (curBase >= 0) {
        if (i - curBase > bestLen) {
          bestBase = curBase;
          bestLen = i - curBase;
        }
        curBase = -1;
      }
    }
    if (bestLen < 2) {
      bestBase = -1;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
        if (i == bestBase) {
          out.append(':');
        }
        continue;
      }
      if (i != 0) {
        out.append(':');
      }
      if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xffff))) {
        out.append(ipv4(b, 12));
        return out.toString();
      }
      out.append(Integer.toHexString(w[i]));
    }
    if (bestBase >= 0 && bestBase + bestLen == 8) {
      out.append(':');
    }
    return out.toString();
  }
}
