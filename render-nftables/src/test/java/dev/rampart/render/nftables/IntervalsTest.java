package dev.rampart.render.nftables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

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
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class IntervalsTest {
  private static final long SEED = Long.getLong("rampart.seed", 12L);

  @Test
  void mergesAdjacentPrefixesIntoPrefixesOrRanges() {
    assertThat(
            String.join(
                ", ",
                Intervals.addresses(
                    List.of(
                        Cidr.parse("10.0.0.128/25"),
                        Cidr.parse("10.0.0.0/25"),
                        Cidr.parse("10.0.1.0/24")))))
        .isEqualTo("10.0.0.0/23");
    assertThat(
            String.join(
                ", ",
                Intervals.addresses(
                    List.of(Cidr.parse("2001:db8::1"), Cidr.parse("2001:db8::2/127")))))
        .isEqualTo("2001:db8::1-2001:db8::3");
  }

  @Test
  void keepsSingleHostsAndPortsSortedWithoutMerging() {
    assertThat(
            String.join(
                ", ", Intervals.addresses(List.of(Cidr.parse("10.0.0.2"), Cidr.parse("10.0.0.1")))))
        .isEqualTo("10.0.0.1, 10.0.0.2");
    assertThat(String.join(", ", Intervals.ports(List.of(PortRange.of(23), PortRange.of(22)))))
        .isEqualTo("22, 23");
    assertThat(
            String.join(", ", Intervals.ports(List.of(PortRange.of(23), PortRange.range(20, 22)))))
        .isEqualTo("20-23");
  }

  @Test
  void dropsSetElementsInsideOthers() {
    assertThat(
            Intervals.withoutContained(
                List.of(
                    Cidr.parse("10.1.0.0/16"), Cidr.parse("10.0.0.0/8"), Cidr.parse("192.0.2.1"))))
        .containsExactly(Cidr.parse("10.0.0.0/8"), Cidr.parse("192.0.2.1"));
  }

  @Test
  void mergesTheWholeIpv6SpaceWithoutOverflow() {
    assertThat(
            String.join(
                ", ", Intervals.addresses(List.of(Cidr.parse("::/1"), Cidr.parse("8000::/1")))))
        .isEqualTo("::/0");
    assertThat(
            String.join(
                ", ",
                Intervals.addresses(
                    List.of(
                        Cidr.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127"),
                        Cidr.parse("::/128")))))
        .isEqualTo("::, ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127");
  }

  @Test
  void writesAddressesAsTheQuadraticAlgorithmDid() {
    qt().withFixedSeed(SEED)
        .withExamples(2000)
        .forAll(lists().of(cidrs()).ofSizeBetween(1, 12))
        .checkAssert(
            cidrs -> {
              List<Cidr> one =
                  cidrs.stream().filter(c -> c.family() == cidrs.get(0).family()).toList();
              assertThat(String.join(", ", Intervals.addresses(one)))
                  .as("seed %s (-Drampart.seed), elements %s", SEED, one)
                  .isEqualTo(Oracle.addresses(one));
              assertThat(Intervals.withoutContained(cidrs))
                  .as("seed %s (-Drampart.seed), elements %s", SEED, cidrs)
                  .isEqualTo(Oracle.withoutContained(cidrs));
            });
  }

  @Test
  void writesPortsAsTheQuadraticAlgorithmDid() {
    Gen<PortRange> ports =
        integers()
            .between(0, 40)
            .zip(
                integers().between(0, 4),
                integers().between(0, 1),
                (a, n, single) -> single == 0 ? PortRange.of(a) : PortRange.range(a, a + n));
    qt().withFixedSeed(SEED)
        .withExamples(2000)
        .forAll(lists().of(ports).ofSizeBetween(1, 10))
        .checkAssert(
            list ->
                assertThat(String.join(", ", Intervals.ports(list)))
                    .as("seed %s (-Drampart.seed), ports %s", SEED, list)
                    .isEqualTo(Oracle.ports(list)));
  }

  /**
   * A set of 100,000 disjoint hosts was the old algorithm's worst case: each element rescanned
   * every kept one (5 * 10^9 containment checks, minutes). Sorting and one pass compare at most n
   * log2 n + n times; counted through the comparison seam, independent of the machine's speed.
   */
  @Test
  void dropsContainedElementsOfAHundredThousandWithoutRescanning() {
    List<Cidr> hosts = new ArrayList<>();
    for (int i = 100_000; i > 0; i--) {
      hosts.add(Cidr.of(InetAddresses.fromInteger(0x0a000000 + 2 * i), 32));
    }
    hosts.add(Cidr.parse("10.0.0.0/30"));
    AtomicLong comparisons = new AtomicLong();
    ImmutableList<Cidr> kept = Intervals.withoutContained(hosts, comparisons::incrementAndGet);
    assertThat(kept).hasSize(100_000);
    assertThat(kept.get(0)).isEqualTo(Cidr.parse("10.0.0.0/30"));
    assertThat(kept.get(1)).isEqualTo(Cidr.parse("10.0.0.4"));
    long n = hosts.size();
    long log2 = 64 - Long.numberOfLeadingZeros(n);
    assertThat(comparisons.get()).isPositive().isLessThanOrEqualTo(n * log2 + n);
  }

  /** Doubling the elements little more than doubles the comparisons: no element is rescanned. */
  @Test
  void comparisonsGrowAsNLogNNotAsTheSquare() {
    long small = comparisons(10_000);
    long large = comparisons(20_000);
    assertThat((double) large / small).isLessThan(2.5);
  }

  private static long comparisons(int n) {
    List<Cidr> cidrs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // a /30 every 8 addresses, each followed by a host inside it: half are dropped
      cidrs.add(Cidr.of(InetAddresses.fromInteger(0x0a000000 + 8 * i), 30));
      cidrs.add(Cidr.of(InetAddresses.fromInteger(0x0a000000 + 8 * i + 1), 32));
    }
    java.util.Collections.shuffle(cidrs, new java.util.Random(SEED));
    AtomicLong comparisons = new AtomicLong();
    assertThat(Intervals.withoutContained(cidrs, comparisons::incrementAndGet)).hasSize(n);
    return comparisons.get();
  }

  private static Gen<Cidr> cidrs() {
    Gen<Cidr> v4 =
        integers()
            .between(0, 63)
            .zip(
                integers().between(24, 32),
                (a, len) -> cidr(Family.IPV4, BigInteger.valueOf(0x0a000000L + 4 * a), len));
    Gen<Cidr> v6 =
        integers()
            .between(0, 63)
            .zip(
                integers().between(120, 128),
                (a, len) ->
                    cidr(
                        Family.IPV6,
                        BigInteger.valueOf(4L * a).add(BigInteger.ONE.shiftLeft(127)),
                        len));
    Gen<Cidr> edges =
        integers()
            .between(0, 3)
            .map(
                i ->
                    List.of(
                            Cidr.parse("::/0"),
                            Cidr.parse("0.0.0.0/0"),
                            Cidr.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
                            Cidr.parse("255.255.255.254/31"))
                        .get(i));
    return v4.mix(v6, 40).mix(edges, 5);
  }

  private static Cidr cidr(Family family, BigInteger address, int length) {
    int bits = Cidr.maxLength(family);
    BigInteger network = address.shiftRight(bits - length).shiftLeft(bits - length);
    return Cidr.of(Oracle.address(network, family), length);
  }

  /** The quadratic, BigInteger-based algorithm this class replaced, kept as a test oracle. */
  private static final class Oracle {
    private record Span(BigInteger low, BigInteger high) {}

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
      boolean prefix = size.bitCount() == 1 && s.low().mod(size).signum() == 0;
      if (prefix) {
        return Intervals.cidr(Cidr.of(address(s.low(), family), length));
      }
      return InetAddresses.toAddrString(address(s.low(), family))
          + "-"
          + InetAddresses.toAddrString(address(s.high(), family));
    }

    static InetAddress address(BigInteger value, Family family) {
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

    /** Sorted and without duplicates, as a set holds them. */
    private static List<Span> sorted(List<Span> spans) {
      List<Span> out = new ArrayList<>(new java.util.LinkedHashSet<>(spans));
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
}
