package dev.rampart.render.nftables;

import com.google.common.collect.ImmutableList;
import com.google.common.net.InetAddresses;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.match.PortRange;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The elements of an anonymous nft set in the form nft keeps them: an interval set (one holding a
 * prefix or a range) merges overlapping and adjacent elements, so the rendering merges them first
 * and the kernel lists exactly what was written.
 */
final class Intervals {
  private record Span(BigInteger low, BigInteger high) {}

  private Intervals() {}

  /** The text of the element list {@code a, b, ...} for ports. */
  static String ports(List<PortRange> ports) {
    List<Span> spans = new ArrayList<>();
    for (PortRange p : ports) {
      spans.add(new Span(BigInteger.valueOf(p.first()), BigInteger.valueOf(p.last())));
    }
    boolean interval = ports.stream().anyMatch(p -> !p.isSingle());
    List<String> out = new ArrayList<>();
    for (Span s : interval ? merge(spans) : sorted(spans)) {
      out.add(s.low().equals(s.high()) ? s.low().toString() : s.low() + "-" + s.high());
    }
    return String.join(", ", out);
  }

  /** The text of the element list for addresses of one family. */
  static String addresses(List<Cidr> cidrs) {
    Family family = cidrs.get(0).family();
    int bits = Cidr.maxLength(family);
    List<Span> spans = new ArrayList<>();
    for (Cidr c : cidrs) {
      BigInteger low = new BigInteger(1, c.address().getAddress());
      BigInteger size = BigInteger.ONE.shiftLeft(bits - c.prefixLength());
      spans.add(new Span(low, low.add(size).subtract(BigInteger.ONE)));
    }
    boolean interval = cidrs.stream().anyMatch(c -> !c.isHost());
    List<String> out = new ArrayList<>();
    for (Span s : interval ? merge(spans) : sorted(spans)) {
      out.add(text(s, family, bits));
    }
    return String.join(", ", out);
  }

  /** One address or prefix as nft prints it: no {@code /32} or {@code /128} on single hosts. */
  static String cidr(Cidr c) {
    return c.isHost() ? InetAddresses.toAddrString(c.address()) : c.toString();
  }

  /** The elements of a named set: sorted, and without prefixes inside another element. */
  static ImmutableList<Cidr> withoutContained(Iterable<Cidr> elements) {
    List<Cidr> kept = new ArrayList<>();
    for (Cidr c : elements) {
      kept.removeIf(c::contains);
      if (kept.stream().noneMatch(k -> k.contains(c))) {
        kept.add(c);
      }
    }
    kept.sort(Comparator.naturalOrder());
    return ImmutableList.copyOf(kept);
  }

  private static String text(Span s, Family family, int bits) {
    BigInteger size = s.high().subtract(s.low()).add(BigInteger.ONE);
    int length = bits - (size.bitLength() - 1);
    boolean prefix =
        size.bitCount() == 1 && s.low().mod(size).signum() == 0; // aligned power of two
    if (prefix) {
      return cidr(Cidr.of(address(s.low(), family), length));
    }
    return InetAddresses.toAddrString(address(s.low(), family))
        + "-"
        + InetAddresses.toAddrString(address(s.high(), family));
  }

  private static InetAddress address(BigInteger value, Family family) {
    int n = family == Family.IPV4 ? 4 : 16;
    byte[] raw = value.toByteArray();
    byte[] bytes = new byte[n];
    for (int i = 0; i < n && i < raw.length; i++) {
      bytes[n - 1 - i] = raw[raw.length - 1 - i];
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new AssertionError("address of 4 or 16 bytes", e);
    }
  }

  private static List<Span> sorted(List<Span> spans) {
    List<Span> out = new ArrayList<>(spans);
    out.sort(Comparator.comparing(Span::low));
    return out;
  }

  private static List<Span> merge(List<Span> spans) {
    List<Span> out = new ArrayList<>();
    for (Span s : sorted(spans)) {
      if (!out.isEmpty()) {
        Span last = out.get(out.size() - 1);
        if (s.low().compareTo(last.high().add(BigInteger.ONE)) <= 0) {
          out.set(out.size() - 1, new Span(last.low(), last.high().max(s.high())));
          continue;
        }
      }
      out.add(s);
    }
    return out;
  }
}
