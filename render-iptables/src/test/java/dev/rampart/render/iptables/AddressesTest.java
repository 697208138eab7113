package dev.rampart.render.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Cidr;
import org.junit.jupiter.api.Test;

class AddressesTest {
  private static String prefix(String cidr) {
    return Addresses.prefix(Cidr.parse(cidr));
  }

  @Test
  void writesIpv4WithItsLength() {
    assertThat(prefix("10.1.2.3")).isEqualTo("10.1.2.3/32");
    assertThat(prefix("0.0.0.0/0")).isEqualTo("0.0.0.0/0");
  }

  @Test
  void compressesTheFirstLongestZeroRun() {
    assertThat(prefix("1:0:0:1:0:0:1:0")).isEqualTo("1::1:0:0:1:0/128");
    assertThat(prefix("2001:db8::/32")).isEqualTo("2001:db8::/32");
    assertThat(prefix("::")).isEqualTo("::/128");
    assertThat(prefix("::1")).isEqualTo("::1/128");
  }

  @Test
  void leavesASingleZeroWordUncompressed() {
    assertThat(prefix("1:0:1:0:1:0:1:0")).isEqualTo("1:0:1:0:1:0:1:0/128");
  }

  @Test
  void writesIpv4CompatibleAddressesDottedAsGlibcDoes() {
    assertThat(prefix("::102:304")).isEqualTo("::1.2.3.4/128");
    assertThat(Addresses.ipv6(mapped())).isEqualTo("::ffff:0.0.0.0");
    assertThat(prefix("::0.0.1.0")).isEqualTo("::100/128");
  }

  /** {@code ::ffff:0.0.0.0}, which the model cannot hold (Java reads it as IPv4). */
  private static byte[] mapped() {
    byte[] b = new byte[16];
    b[10] = (byte) 0xff;
    b[11] = (byte) 0xff;
    return b;
  }

  @Test
  void dropsTheLengthOfSingleAddressesForConntrack() {
    assertThat(Addresses.hostOrPrefix(Cidr.parse("2001:db8::1"))).isEqualTo("2001:db8::1");
    assertThat(Addresses.hostOrPrefix(Cidr.parse("10.0.0.0/8"))).isEqualTo("10.0.0.0/8");
  }
}
