package dev.rampart.core.eval;

import dev.rampart.core.AddressBits;
import dev.rampart.core.Cidr;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Addresses as two unsigned 64-bit halves (an IPv4 address is {@code (0, address)}), and sorted
 * disjoint ranges of them searched in O(log n): how the compiled evaluator tests prefix lists and
 * sets without allocating.
 */
final class AddressRanges {
  private final long[] startHi;
  private final long[] startLo;
  private final long[] endHi;
  private final long[] endLo;

  private AddressRanges(List<long[]> ranges) {
    int n = ranges.size();
    startHi = new long[n];
    startLo = new long[n];
    endHi = new long[n];
    endLo = new long[n];
    for (int i = 0; i < n; i++) {
      long[] r = ranges.get(i);
      startHi[i] = r[0];
      startLo[i] = r[1];
      endHi[i] = r[2];
      endLo[i] = r[3];
    }
  }

  /** The ranges covered by {@code cidrs}, merged. */
  static AddressRanges of(Iterable<Cidr> cidrs) {
    List<long[]> ranges = new ArrayList<>();
    for (Cidr c : cidrs) {
      ranges.add(range(c));
    }
    ranges.sort(
        Comparator.<long[]>comparingLong(r -> r[0] ^ Long.MIN_VALUE)
            .thenComparingLong(r -> r[1] ^ Long.MIN_VALUE));
    List<long[]> merged = new ArrayList<>();
    for (long[] r : ranges) {
      long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && compare(r[0], r[1], last[2], last[3]) <= 0) {
        if (compare(r[2], r[3], last[2], last[3]) > 0) {
          last[2] = r[2];
          last[3] = r[3];
        }
      } else {
        merged.add(r.clone());
      }
    }
    return new AddressRanges(merged);
  }

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

  static int compare(long aHi, long aLo, long bHi, long bLo) {
    return AddressBits.compare(aHi, aLo, bHi, bLo);
  }

  /** Whether the address {@code (hi, lo)} lies in one of the ranges. */
  boolean contains(long hi, long lo) {
    int l = 0;
    int h = startHi.length - 1;
    int found = -1;
    while (l <= h) {
      int m = (l + h) >>> 1;
      if (compare(startHi[m], startLo[m], hi, lo) <= 0) {
        found = m;
        l = m + 1;
      } else {
        h = m - 1;
      }
    }
    return found >= 0 && compare(hi, lo, endHi[found], endLo[found]) <= 0;
  }
}
