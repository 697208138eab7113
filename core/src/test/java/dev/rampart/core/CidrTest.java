package dev.rampart.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.google.common.net.InetAddresses;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class CidrTest {

  @Test
  void parsesAnIpv4Prefix() {
    Cidr c = Cidr.parse("10.0.0.0/8");
    assertThat(c.family()).isEqualTo(Family.IPV4);
    assertThat(c.address()).isEqualTo(InetAddresses.forString("10.0.0.0"));
    assertThat(c.prefixLength()).isEqualTo(8);
    assertThat(c).hasToString("10.0.0.0/8");
  }

  @Test
  void parsesASingleIpv4AddressAsAHostPrefix() {
    Cidr c = Cidr.parse("192.0.2.1");
    assertThat(c.prefixLength()).isEqualTo(32);
    assertThat(c.isHost()).isTrue();
    assertThat(c).hasToString("192.0.2.1/32");
  }

  @Test
  void parsesAnIpv6PrefixToCanonicalText() {
    Cidr c = Cidr.parse("2001:0DB8:0000::/32");
    assertThat(c.family()).isEqualTo(Family.IPV6);
    assertThat(c.prefixLength()).isEqualTo(32);
    assertThat(c).hasToString("2001:db8::/32");
  }

  @Test
  void parsesASingleIpv6AddressAsAHostPrefix() {
    Cidr c = Cidr.parse("::1");
    assertThat(c.isHost()).isTrue();
    assertThat(c).hasToString("::1/128");
  }

  @Test
  void parsesTheDefaultRoutes() {
    assertThat(Cidr.parse("0.0.0.0/0")).hasToString("0.0.0.0/0");
    assertThat(Cidr.parse("::/0")).hasToString("::/0");
  }

  @Test
  void tryParseReturnsThePrefixForValidText() {
    assertThat(Cidr.tryParse("172.18.0.0/16")).contains(Cidr.parse("172.18.0.0/16"));
  }

  @Test
  void rejectsHostBitsNamingTheNetwork() {
    assertThatThrownBy(() -> Cidr.parse("10.0.0.1/8"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("prefix has host bits set (the network is 10.0.0.0/8): 10.0.0.1/8");
  }

  @Test
  void rejectsIpv6HostBitsNamingTheNetwork() {
    assertThatThrownBy(() -> Cidr.parse("2001:db8::1/64"))
        .hasMessage("prefix has host bits set (the network is 2001:db8::/64): 2001:db8::1/64");
  }

  @Test
  void tryParseReturnsEmptyForHostBitsInsteadOfThrowing() {
    assertThat(Cidr.tryParse("10.0.0.1/8")).isEmpty();
  }

  @Test
  void rejectsAnIpv4PrefixLengthOver32() {
    assertThat(Cidr.tryParse("10.0.0.0/33")).isEmpty();
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33"))
        .hasMessage("not an IPv4 or IPv6 address or prefix: 10.0.0.0/33");
  }

  @Test
  void acceptsAnIpv6PrefixLengthOf128AndRejects129() {
    assertThat(Cidr.parse("2001:db8::1/128").isHost()).isTrue();
    assertThat(Cidr.tryParse("2001:db8::/129")).isEmpty();
  }

  @Test
  void rejectsMalformedPrefixLengths() {
    for (String text :
        List.of("10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/8/8", "10.0.0.0/0008")) {
      assertThat(Cidr.tryParse(text)).as(text).isEmpty();
    }
  }

  @Test
  void rejectsNonAsciiDigitsInThePrefixLength() {
    assertThat(Cidr.tryParse("10.0.0.0/\u0668")).isEmpty();
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/\u0668"))
        .hasMessage("not an IPv4 or IPv6 address or prefix: 10.0.0.0/\\u0668");
  }

  @Test
  void rejectsIpv4MappedIpv6Literals() {
    assertThat(Cidr.tryParse("::ffff:192.0.2.1")).isEmpty();
    assertThat(Cidr.tryParse("::ffff:192.0.2.0/120")).isEmpty();
    assertThatThrownBy(() -> Cidr.parse("::ffff:192.0.2.1"))
        .hasMessage("not an IPv4 or IPv6 address or prefix: ::ffff:192.0.2.1");
  }

  @Test
  void rejectsHostNamesWithoutAskingDns() {
    // Both would resolve through DNS or /etc/hosts if the parser ever looked them up.
    assertThatThrownBy(() -> Cidr.parse("localhost"))
        .hasMessage("not an IPv4 or IPv6 address or prefix: localhost");
    assertThatThrownBy(() -> Cidr.parse("example.com/24"))
        .hasMessage("not an IPv4 or IPv6 address or prefix: example.com/24");
  }

  @Test
  void rejectsScopedIpv6Addresses() {
    assertThat(Cidr.tryParse("fe80::1%eth0")).isEmpty();
  }

  @Test
  void rejectsLegacyIpv4Spellings() {
    for (String text : List.of("10.1", "010.0.0.1", "0x0a.0.0.1", "167772161", "10.0.0.256")) {
      assertThat(Cidr.tryParse(text)).as(text).isEmpty();
    }
  }

  @Test
  void rejectsEmptyAndSurroundedText() {
    for (String text : List.of("", "/8", " 10.0.0.0/8", "10.0.0.0/8 ", "10.0.0.0/8\n")) {
      assertThat(Cidr.tryParse(text)).as(text).isEmpty();
    }
  }

  @Test
  void showsControlCharactersEscapedInTheMessage() {
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/8\n-A INPUT"))
        .hasMessage("not an IPv4 or IPv6 address or prefix: 10.0.0.0/8\\n-A INPUT");
  }

  @Test
  void rejectsAPrefixLengthOutOfRangeInOf() {
    InetAddress a = InetAddresses.forString("10.0.0.0");
    assertThatThrownBy(() -> Cidr.of(a, 33)).hasMessage("prefix length out of range [0, 32]: 33");
    assertThatThrownBy(() -> Cidr.of(a, -1)).hasMessage("prefix length out of range [0, 32]: -1");
    assertThatThrownBy(() -> Cidr.of(InetAddresses.forString("::"), 129))
        .hasMessage("prefix length out of range [0, 128]: 129");
  }

  @Test
  void knowsTheMaximumLengthOfEachFamily() {
    assertThat(Cidr.maxLength(Family.IPV4)).isEqualTo(32);
    assertThat(Cidr.maxLength(Family.IPV6)).isEqualTo(128);
  }

  @Test
  void containsItsSubnetsAndItself() {
    Cidr net = Cidr.parse("10.0.0.0/8");
    assertThat(net.contains(net)).isTrue();
    assertThat(net.contains(Cidr.parse("10.20.0.0/16"))).isTrue();
    assertThat(net.contains(Cidr.parse("10.255.255.255"))).isTrue();
  }

  @Test
  void doesNotContainALargerOrDisjointPrefix() {
    Cidr net = Cidr.parse("10.0.0.0/16");
    assertThat(net.contains(Cidr.parse("10.0.0.0/8"))).isFalse();
    assertThat(net.contains(Cidr.parse("10.1.0.0/16"))).isFalse();
    assertThat(net.contains(Cidr.parse("11.0.0.1"))).isFalse();
  }

  @Test
  void doesNotContainAnAddressOfTheOtherFamily() {
    assertThat(Cidr.parse("0.0.0.0/0").contains(Cidr.parse("::1"))).isFalse();
    assertThat(Cidr.parse("::/0").contains(InetAddresses.forString("192.0.2.1"))).isFalse();
  }

  @Test
  void containsSingleAddresses() {
    Cidr net = Cidr.parse("2001:db8::/32");
    assertThat(net.contains(InetAddresses.forString("2001:db8:ffff::1"))).isTrue();
    assertThat(net.contains(InetAddresses.forString("2001:db9::1"))).isFalse();
  }

  @Test
  void sortsIpv4BeforeIpv6ThenByUnsignedAddressThenByLength() {
    List<Cidr> sorted = new ArrayList<>();
    for (String s :
        List.of("::/0", "200.0.0.0/8", "10.0.0.0/16", "10.0.0.0/8", "2001:db8::/32", "9.0.0.0/8")) {
      sorted.add(Cidr.parse(s));
    }
    Collections.sort(sorted);
    assertThat(sorted)
        .extracting(Cidr::toString)
        .containsExactly(
            "9.0.0.0/8", "10.0.0.0/8", "10.0.0.0/16", "200.0.0.0/8", "::/0", "2001:db8::/32");
  }

  @Test
  void comparesEqualPrefixesAsZero() {
    assertThat(Cidr.parse("10.0.0.0/8").compareTo(Cidr.parse("10.0.0.0/8"))).isZero();
    assertThat(Cidr.parse("10.0.0.0/8")).isEqualTo(Cidr.parse("10.0.0.0/8"));
  }

  @Test
  void roundTripsRandomIpv4PrefixesThroughToString() {
    Seeds.qt()
        .forAll(integers().all(), integers().between(0, 32))
        .checkAssert(
            (bits, length) -> {
              Cidr c =
                  Cidr.of(network(ByteBuffer.allocate(4).putInt(bits).array(), length), length);
              assertThat(Cidr.parse(c.toString())).isEqualTo(c);
              assertThat(Cidr.parse(c.toString()).compareTo(c)).isZero();
            });
  }

  @Test
  void roundTripsRandomIpv6PrefixesThroughToString() {
    Seeds.qt()
        .forAll(longs().all(), longs().all(), integers().between(0, 128))
        .checkAssert(
            (high, low, length) -> {
              byte[] bytes = ByteBuffer.allocate(16).putLong(high).putLong(low).array();
              Cidr c = Cidr.of(network(bytes, length), length);
              assertThat(c.family()).isEqualTo(Family.IPV6);
              assertThat(Cidr.parse(c.toString())).isEqualTo(c);
            });
  }

  /** Zeroes the host bits with arithmetic, independently of {@link Cidr}'s own masking. */
  private static InetAddress network(byte[] bytes, int length) {
    int bits = bytes.length * 8;
    BigInteger value = new BigInteger(1, bytes);
    BigInteger mask =
        BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftRight(length).not();
    byte[] raw = value.and(mask).add(BigInteger.ONE.shiftLeft(bits)).toByteArray();
    byte[] out = new byte[bytes.length];
    System.arraycopy(raw, raw.length - bytes.length, out, 0, bytes.length);
    try {
      return InetAddress.getByAddress(out);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
