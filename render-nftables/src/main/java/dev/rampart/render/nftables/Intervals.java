package dev.rampart.render.nftables;

import com.google.common.collect.ImmutableList;
import com.google.common.net.InetAddresses;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.match.PortRange;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The elements of an nft set or list in the form nft keeps them: an interval set (one holding a
 * prefix or a range) merges overlapping and adjacent elements, so the rendering merges them first
 * and the kernel lists exactly what was written.
 *
 * <p>Every helper sorts once and makes one pass: values are unsigned 128-bit numbers held in two
 * {@code long}s, so no comparison allocates.
 */
final class Intervals {
  private Intervals() {}

  /**
   * An element as the closed interval {@code [low, high]} of unsigned 128-bit numbers, each as a
   * high and a low {@code long}, with the prefix length it came from (0 for ports).
   */
  private record Span(long lowHi, long lowLo, long highHi, long highLo, int length)
      implements Comparable<Span> {
    /** Orders by low end, then by prefix length (the wider prefix first). */
    @Override
    public int compareTo(Span o) {
      int c = Long.compareUnsigned(lowHi, o.lowHi);
      if (c == 0) {
        c = Long.compareUnsigned(lowLo, o.lowLo);
      }
      return c != 0 ? c : Integer.compare(length, o.length);
    }

    /** Whether {@code o} lies inside this span. */
    boolean encloses(Span o) {
      return compare(lowHi, lowLo, o.lowHi, o.lowLo) <= 0
          && compare(o.highHi, o.highLo, highHi, highLo) <= 0;
    }

    /** Whether {@code o}, starting at or after this span's low end, overlaps or touches it. */
    boolean reaches(Span o) {
      if (highHi == -1L && highLo == -1L) {
        return true; // the high end is the largest value: nothing lies beyond it
      }
      long nextLo = highLo + 1;
      long nextHi = nextLo == 0 ? highHi + 1 : highHi;
      return compare(o.lowHi, o.lowLo, nextHi, nextLo) <= 0;
    }

    Span upTo(Span o) {
      return compare(o.highHi, o.highLo, highHi, highLo) <= 0
          ? this
          : new Span(lowHi, lowLo, o.highHi, o.highLo, length);
    }

    boolean single() {
      return lowHi == highHi && lowLo == highLo;
    }
  }

  private static int compare(long aHi, long aLo, long bHi, long bLo) {
    int c = Long.compareUnsigned(aHi, bHi);
    return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
  }

  /**
   * The elements of a list of ports as nft keeps them: sorted, without duplicates, overlapping and
   * adjacent ranges merged when any element is a range.
   */
  static ImmutableList<String> ports(List<PortRange> ports) {
    Span[] spans = new Span[ports.size()];
    boolean interval = false;
    for (int i = 0; i < spans.length; i++) {
      PortRange p = ports.get(i);
      spans[i] = new Span(0, p.first(), 0, p.last(), 0);
      interval |= !p.isSingle();
    }
    Arrays.sort(spans);
    ImmutableList.Builder<String> out = ImmutableList.builder();
    for (Span s : interval ? merge(spans) : distinct(spans)) {
      out.add(s.single() ? Long.toString(s.lowLo()) : s.lowLo() + "-" + s.highLo());
    }
    return out.build();
  }

  /**
   * The elements of a list of addresses of one family as nft keeps them: sorted, without
   * duplicates, overlapping and adjacent prefixes merged (into prefixes or ranges) when any element
   * is a prefix.
   */
  static ImmutableList<String> addresses(List<Cidr> cidrs) {
    Family family = cidrs.get(0).family();
    int bits = Cidr.maxLength(family);
    Span[] spans = new Span[cidrs.size()];
    boolean interval = false;
    for (int i = 0; i < spans.length; i++) {
      Cidr c = cidrs.get(i);
      spans[i] = span(c);
      interval |= !c.isHost();
    }
    Arrays.sort(spans);
    ImmutableList.Builder<String> out = ImmutableList.builder();
    for (Span s : interval ? merge(spans) : distinct(spans)) {
      StringBuilder text = new StringBuilder();
      text(s, family, bits, text);
      out.add(text.toString());
    }
    return out.build();
  }

  /** One address or prefix as nft prints it: no {@code /32} or {@code /128} on single hosts. */
  static String cidr(Cidr c) {
    return c.isHost() ? InetAddresses.toAddrString(c.address()) : c.toString();
  }

  /**
   * The elements of a named set: sorted, and without prefixes inside another element. Sorted by
   * (family, address, prefix length), an element inside another comes after it and after every
   * element kept between them lies inside it too, so comparing with the last kept element of the
   * family suffices.
   */
  static ImmutableList<Cidr> withoutContained(Iterable<Cidr> elements) {
    return withoutContained(elements, () -> {});
  }

  /**
   * Like {@link #withoutContained(Iterable)}, calling {@code onCompare} once for each comparison of
   * two elements (while sorting and while dropping), so a test can count them.
   */
  static ImmutableList<Cidr> withoutContained(Iterable<Cidr> elements, Runnable onCompare) {
    List<Element> v4 = new ArrayList<>();
    List<Element> v6 = new ArrayList<>();
    for (Cidr c : elements) {
      (c.family() == Family.IPV4 ? v4 : v6).add(new Element(span(c), c));
    }
    ImmutableList.Builder<Cidr> kept = ImmutableList.builder();
    for (List<Element> family : List.of(v4, v6)) { // IPV4 first, as Cidr orders them
      family.sort(
          (a, b) -> {
            onCompare.run();
            return a.compareTo(b);
          });
      @Nullable Span last = null;
      for (Element e : family) {
        if (last != null) {
          onCompare.run();
        }
        if (last == null || !last.encloses(e.span())) {
          kept.add(e.cidr());
          last = e.span();
        }
      }
    }
    return kept.build();
  }

  /** A set element with its span, ordered by the span. */
  private record Element(Span span, Cidr cidr) implements Comparable<Element> {
    @Override
    public int compareTo(Element o) {
      return span.compareTo(o.span);
    }
  }

  private static Span span(Cidr c) {
    byte[] raw = c.address().getAddress();
    long hi = 0;
    long lo = 0;
    for (byte b : raw) {
      hi = (hi << 8) | (lo >>> 56);
      lo = (lo << 8) | (b & 0xff);
    }
    int host = raw.length * 8 - c.prefixLength(); // bits below the prefix
    long maskLo = host >= 64 ? -1L : (1L << host) - 1;
    long maskHi = host <= 64 ? 0 : host >= 128 ? -1L : (1L << (host - 64)) - 1;
    return new Span(hi, lo, hi | maskHi, lo | maskLo, c.prefixLength());
  }

  private static void text(Span s, Family family, int bits, StringBuilder out) {
    long xHi = s.lowHi() ^ s.highHi();
    long xLo = s.lowLo() ^ s.highLo();
    boolean ones = xHi == 0 ? (xLo & (xLo + 1)) == 0 : xLo == -1L && (xHi & (xHi + 1)) == 0;
    if (ones && (s.lowHi() & xHi) == 0 && (s.lowLo() & xLo) == 0) { // aligned power of two
      int length = bits - Long.bitCount(xHi) - Long.bitCount(xLo);
      out.append(cidr(Cidr.of(address(s.lowHi(), s.lowLo(), family), length)));
      return;
    }
    out.append(InetAddresses.toAddrString(address(s.lowHi(), s.lowLo(), family)))
        .append('-')
        .append(InetAddresses.toAddrString(address(s.highHi(), s.highLo(), family)));
  }

  private static InetAddress address(long hi, long lo, Family family) {
    int n = family == Family.IPV4 ? 4 : 16;
    byte[] bytes = new byte[n];
    for (int i = 0; i < n; i++) {
      bytes[n - 1 - i] = (byte) (i < 8 ? lo >>> (8 * i) : hi >>> (8 * (i - 8)));
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new AssertionError("address of 4 or 16 bytes", e);
    }
  }

  /** Drops repeated single values from sorted spans, in one pass. */
  private static List<Span> distinct(Span[] sorted) {
    List<Span> out = new ArrayList<>();
    for (Span s : sorted) {
      if (out.isEmpty() || out.get(out.size() - 1).compareTo(s) != 0) {
        out.add(s);
      }
    }
    return out;
  }

  /** Merges sorted spans that overlap or touch, in one pass. */
  private static List<Span> merge(Span[] sorted) {
    List<Span> out = new ArrayList<>();
    for (Span s : sorted) {
      int last = out.size() - 1;
      if (last >= 0 && out.get(last).reaches(s)) {
        out.set(last, out.get(last).upTo(s));
      } else {
        out.add(s);
      }
    }
    return out;
  }
}
