package dev.rampart.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import org.junit.jupiter.api.Test;

class HostTest {
  @Test
  void routingPicksTheLongestSubnetOfEitherFamily() {
    Host host =
        Host.parse("eth0=10.0.0.1/8,docker0=10.1.0.1/16,eth0=2001:db8::1/32,br0=2001:db8:1::1/48");

    assertThat(host.route(InetAddresses.forString("10.1.2.3"))).contains("docker0");
    assertThat(host.route(InetAddresses.forString("10.2.2.3"))).contains("eth0");
    assertThat(host.route(InetAddresses.forString("2001:db8:1::9"))).contains("br0");
    assertThat(host.route(InetAddresses.forString("2001:db8:2::9"))).contains("eth0");
    assertThat(host.route(InetAddresses.forString("11.0.0.1"))).isEmpty();
  }
}
