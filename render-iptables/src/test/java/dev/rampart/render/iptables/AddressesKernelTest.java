package dev.rampart.render.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.TableName;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Netns;
import dev.rampart.testing.Seeds;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

@KernelTest(tools = {"ip", "ip6tables-restore", "ip6tables-save"})
class AddressesKernelTest {
  /** IPv6 addresses rich in zero words, so that every compression case comes up. */
  private static List<Cidr> addresses(long seed) {
    List<Cidr> out = new ArrayList<>();
    for (String fixed :
        List.of("::", "::1", "::102:304", "::0.0.1.0", "1:0:0:1:0:0:1:0", "1:0:1:0:1:0:1:0")) {
      out.add(Cidr.parse(fixed));
    }
    Random random = new Random(seed);
    while (out.size() < 200) {
      byte[] b = new byte[16];
      for (int w = 0; w < 8; w++) {
        int value = random.nextInt(10) < 6 ? 0 : random.nextInt(3) == 0 ? 1 : random.nextInt(65536);
        b[2 * w] = (byte) (value >> 8);
        b[2 * w + 1] = (byte) value;
      }
      try {
        InetAddress a = InetAddress.getByAddress(b);
        if (a instanceof java.net.Inet6Address) { // IPv4-mapped ones become IPv4 in Java
          out.add(Cidr.of(a, 128));
        }
      } catch (UnknownHostException e) {
        throw new AssertionError(e);
      }
    }
    return out;
  }

  @Test
  void ipv6AddressesReadBackAsWeWriteThem(KernelLab lab) {
    Netns ns = lab.namespace("addresses");
    StringBuilder restore = new StringBuilder("*filter\n:A - [0:0]\n");
    List<String> expected = new ArrayList<>();
    long seed = Seeds.seed();
    for (Cidr c : addresses(seed)) {
      restore.append("-A A -d ").append(c).append(" -j ACCEPT\n");
      expected.add("-A A -d " + Addresses.prefix(c) + " -j ACCEPT");
    }
    ns.runWithInput(restore.append("COMMIT\n").toString(), "ip6tables-restore");
    assertThat(KernelSave.rules(ns, Family.IPV6, TableName.FILTER, "A"))
        .as("addresses drawn with -Drampart.seed=%s", seed)
        .containsExactlyElementsOf(expected);
  }
}
