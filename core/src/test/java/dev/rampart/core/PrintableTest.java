package dev.rampart.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import org.junit.jupiter.api.Test;

class PrintableTest {
  @Test
  void leavesPlainAsciiAlone() {
    assertThat(Printable.of("plain ~ text")).isEqualTo("plain ~ text");
  }

  @Test
  void writesCommonControlCharactersAsTheirEscapes() {
    assertThat(Printable.of("a\nb\tc\rd")).isEqualTo("a\\nb\\tc\\rd");
  }

  @Test
  void writesOtherControlAndLatinOneCharactersAsHexBytes() {
    assertThat(Printable.of("\u0000\u001b\u007f\u00e9")).isEqualTo("\\x00\\x1b\\x7f\\xe9");
  }

  @Test
  void writesOtherCharactersAsCodePoints() {
    assertThat(Printable.of("\u2028\ud83d\udd25")).isEqualTo("\\u2028\\u1f525");
  }

  @Test
  void doublesABackslashSoEscapesStayUnambiguous() {
    assertThat(Printable.of("a\\nb")).isEqualTo("a\\\\nb");
  }

  @Test
  void compressesIpv6Addresses() {
    assertThat(Printable.of(InetAddresses.forString("fd00:0:0:0:0:0:0:1"))).isEqualTo("fd00::1");
  }

  @Test
  void printsOtherValuesThroughToString() {
    assertThat(Printable.of(70000)).isEqualTo("70000");
    assertThat(Printable.of(Cidr.parse("2001:db8:0::/48"))).isEqualTo("2001:db8::/48");
  }
}
