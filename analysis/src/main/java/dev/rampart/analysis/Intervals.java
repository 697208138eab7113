package dev.rampart.analysis;

import java.util.Arrays;

/**
 * A set of unsigned 128-bit values as sorted, disjoint, non-adjacent closed intervals: the value
 * set of one header field (an address of either family, a port, a protocol number, an interface
 * index, a conntrack state). A value is two unsigned 64-bit halves {@code (hi, lo)}; fields of 64
 * bits or fewer have {@code hi == 0}. Immutable.
 *
 * <p>Interval {@code i} is {@code [(data[4i], data[4i+1]), (data[4i+2], data[4i+3])]}.
 */
final class Intervals {
  static final Intervals EMPTY = new Intervals(new long[0]);

  private final long[] data;

  private Intervals(long[] data) {
    this.data = data;
  }

  /**
   * The single interval {@code [(startHi, startLo), (endHi, endLo)]}; start must not exceed end.
   */
  static Intervals of(long startHi, long startLo, long endHi, long endLo) {
    if (compare(startHi, startLo, endHi, endLo) > 0) {
      throw new IllegalArgumentException(
          "interval start after its end: " + text(startHi, startLo) + "-" + text(endHi, endLo));
    }
    return new Intervals(new long[] {startHi, startLo, endHi, endLo});
  }

  /** The interval {@code [start, end]} of values below 2^64 (unsigned). */
  static Intervals of(long start, long end) {
    return of(0, start, 0, end);
  }

  /** The single value {@code v} below 2^64. */
  static Intervals point(long v) {
    return of(0, v, 0, v);
  }

  /** The union of {@code sets}. */
  static Intervals union(Iterable<Intervals> sets) {
    Intervals out = EMPTY;
    for (Intervals s : sets) {
      out = out.union(s);
    }
    return out;
  }

  /** Whether the set is empty. */
  boolean isEmpty() {
    return data.length == 0;
  }

  /** The number of intervals. */
  int size() {
    return data.length / 4;
  }

  long startHi(int i) {
    return data[4 * i];
  }

  long startLo(int i) {
    return data[4 * i + 1];
  }

  long endHi(int i) {
    return data[4 * i + 2];
  }

  long endLo(int i) {
    return data[4 * i + 3];
  }

  /** Whether {@code (hi, lo)} is in the set. */
  boolean contains(long hi, long lo) {
    int l = 0;
    int h = size() - 1;
    while (l <= h) {
      int m = (l + h) >>> 1;
      if (compare(endHi(m), endLo(m), hi, lo) < 0) {
        l = m + 1;
      } else if (compare(startHi(m), startLo(m), hi, lo) > 0) {
        h = m - 1;
      } else {
        return true;
      }
    }
    return false;
  }

  /** Whether the value {@code v} below 2^64 is in the set. */
  boolean contains(long v) {
    return contains(0, v);
  }

  /** The values in both sets (this set or {@code o} itself when it holds the other). */
  Intervals intersect(Intervals o) {
    if (isEmpty() || o.isEmpty()) {
      return EMPTY;
    }
    if (o.data.length == 4 && o.covers(this)) {
      return this;
    }
    if (data.length == 4 && covers(o)) {
      return o;
    }
    long[] out = new long[data.length + o.data.length];
    int n = 0;
    int i = 0;
    int j = 0;
    while (i < size() && j < o.size()) {
      boolean startsLater = compare(startHi(i), startLo(i), o.startHi(j), o.startLo(j)) >= 0;
      long sHi = startsLater ? startHi(i) : o.startHi(j);
      long sLo = startsLater ? startLo(i) : o.startLo(j);
      boolean endsFirst = compare(endHi(i), endLo(i), o.endHi(j), o.endLo(j)) <= 0;
      long eHi = endsFirst ? endHi(i) : o.endHi(j);
      long eLo = endsFirst ? endLo(i) : o.endLo(j);
      if (compare(sHi, sLo, eHi, eLo) <= 0) {
        out[n++] = sHi;
        out[n++] = sLo;
        out[n++] = eHi;
        out[n++] = eLo;
      }
      if (endsFirst) {
        i++;
      } else {
        j++;
      }
    }
    return n == 0 ? EMPTY : new Intervals(Arrays.copyOf(out, n));
  }

  /** Whether this set is one interval holding every value of {@code o}, which is not empty. */
  private boolean covers(Intervals o) {
    return compare(data[0], data[1], o.data[0], o.data[1]) <= 0
        && compare(data[2], data[3], o.data[o.data.length - 2], o.data[o.data.length - 1]) >= 0;
  }

  /** Whether some value is in both sets; allocates nothing. */
  boolean intersects(Intervals o) {
    int i = 0;
    int j = 0;
    while (i < size() && j < o.size()) {
      if (compare(endHi(i), endLo(i), o.startHi(j), o.startLo(j)) < 0) {
        i++;
      } else if (compare(o.endHi(j), o.endLo(j), startHi(i), startLo(i)) < 0) {
        j++;
      } else {
        return true;
      }
    }
    return false;
  }

  /** The values in either set. */
  Intervals union(Intervals o) {
    if (isEmpty()) {
      return o;
    }
    if (o.isEmpty()) {
      return this;
    }
    long[] out = new long[data.length + o.data.length];
    int n = 0;
    int i = 0;
    int j = 0;
    while (i < size() || j < o.size()) {
      boolean takeThis =
          j >= o.size()
              || (i < size() && compare(startHi(i), startLo(i), o.startHi(j), o.startLo(j)) <= 0);
      Intervals src = takeThis ? this : o;
      int k = takeThis ? i++ : j++;
      long sHi = src.startHi(k);
      long sLo = src.startLo(k);
      long eHi = src.endHi(k);
      long eLo = src.endLo(k);
      if (n > 0 && adjacentOrOverlapping(out[n - 2], out[n - 1], sHi, sLo)) {
        if (compare(eHi, eLo, out[n - 2], out[n - 1]) > 0) {
          out[n - 2] = eHi;
          out[n - 1] = eLo;
        }
      } else {
        out[n++] = sHi;
        out[n++] = sLo;
        out[n++] = eHi;
        out[n++] = eLo;
      }
    }
    return new Intervals(Arrays.copyOf(out, n));
  }

  /** The values of {@code [0, max]} not in this set ({@code max} = the field's largest value). */
  Intervals complement(long maxHi, long maxLo) {
    long[] out = new long[data.length + 4];
    int n = 0;
    long nextHi = 0;
    long nextLo = 0;
    boolean more = true;
    for (int i = 0; i < size() && more; i++) {
      if (compare(startHi(i), startLo(i), nextHi, nextLo) > 0) {
        long lo = startLo(i);
        out[n++] = nextHi;
        out[n++] = nextLo;
        out[n++] = lo == 0 ? startHi(i) - 1 : startHi(i); // the value before the start
        out[n++] = lo - 1;
      }
      if (compare(endHi(i), endLo(i), maxHi, maxLo) >= 0) {
        more = false;
      } else {
        long lo = endLo(i);
        nextHi = lo == -1L ? endHi(i) + 1 : endHi(i); // the value after the end
        nextLo = lo + 1;
      }
    }
    if (more && compare(nextHi, nextLo, maxHi, maxLo) <= 0) {
      out[n++] = nextHi;
      out[n++] = nextLo;
      out[n++] = maxHi;
      out[n++] = maxLo;
    }
    return n == 0 ? EMPTY : new Intervals(Arrays.copyOf(out, n));
  }

  /** The values in this set and not in {@code o}. */
  Intervals minus(Intervals o, long maxHi, long maxLo) {
    if (isEmpty() || o.isEmpty()) {
      return this;
    }
    return intersect(o.complement(maxHi, maxLo));
  }

  /** Whether every value of {@code o} is in this set. */
  boolean containsAll(Intervals o) {
    return o.intersect(this).equals(o);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Intervals other && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < size(); i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(text(startHi(i), startLo(i)));
      if (startHi(i) != endHi(i) || startLo(i) != endLo(i)) {
        b.append('-').append(text(endHi(i), endLo(i)));
      }
    }
    return b.append('}').toString();
  }

  private static String text(long hi, long lo) {
    return hi == 0
        ? Long.toUnsignedString(lo)
        : Long.toHexString(hi) + ":" + String.format("%016x", lo);
  }

  /** Unsigned 128-bit comparison. */
  static int compare(long aHi, long aLo, long bHi, long bLo) {
    return dev.rampart.core.AddressBits.compare(aHi, aLo, bHi, bLo);
  }

  /**
   * Whether an interval starting at {@code (sHi, sLo)} touches one ending at {@code (eHi, eLo)}.
   */
  private static boolean adjacentOrOverlapping(long eHi, long eLo, long sHi, long sLo) {
    if (compare(sHi, sLo, eHi, eLo) <= 0) {
      return true;
    }
    if (eHi == -1L && eLo == -1L) {
      return true;
    }
    long nextHi = eLo == -1L ? eHi + 1 : eHi; // the value after the end
    return nextHi == sHi && eLo + 1 == sLo;
  }
}
