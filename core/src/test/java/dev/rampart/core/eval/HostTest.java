package dev.rampart.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import dev.rampart.core.match.RpFilterMatch;
import java.net.InetAddress;
import java.util.Optional;
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

  private static final Host TWO_LINKS =
      Host.parse("eth0=198.51.100.1/24,ens11=10.10.10.1/24,default=eth0");

  private static Optional<Boolean> reversePath(
      Host host, String source, String in, long mark, RpFilterMatch m) {
    InetAddress to = InetAddresses.forString("198.51.100.1");
    return host.reversePath(InetAddresses.forString(source), to, in, mark, m);
  }

  @Test
  void strictReversePathPassesOnlyTheInterfaceTheSourceIsRoutedOut() {
    RpFilterMatch strict = RpFilterMatch.strict();
    assertThat(reversePath(TWO_LINKS, "10.10.10.7", "ens11", 0, strict)).contains(true);
    assertThat(reversePath(TWO_LINKS, "10.10.10.7", "eth0", 0, strict)).contains(false);
    assertThat(reversePath(TWO_LINKS, "203.0.113.9", "eth0", 0, strict)).contains(true);
    assertThat(reversePath(TWO_LINKS, "203.0.113.9", "ens11", 0, strict)).contains(false);
  }

  @Test
  void looseReversePathPassesAnyRoutedSource() {
    RpFilterMatch loose = RpFilterMatch.loose();
    assertThat(reversePath(TWO_LINKS, "10.10.10.7", "eth0", 0, loose)).contains(true);
    Host noDefault = Host.parse("eth0=198.51.100.1/24");
    assertThat(reversePath(noDefault, "203.0.113.9", "eth0", 0, loose)).contains(false);
  }

  @Test
  void aLocalSourcePassesOnlyWithAcceptLocalOnItsOwnInterface() {
    assertThat(reversePath(TWO_LINKS, "10.10.10.1", "ens11", 0, RpFilterMatch.strict()))
        .contains(false);
    RpFilterMatch local = RpFilterMatch.strict().withAcceptLocal();
    assertThat(reversePath(TWO_LINKS, "10.10.10.1", "ens11", 0, local)).contains(true);
    assertThat(reversePath(TWO_LINKS, "10.10.10.1", "eth0", 0, local)).contains(false);
  }

  @Test
  void reversePathIsUnknownWhereTheHostDoesNotSay() {
    RpFilterMatch strict = RpFilterMatch.strict();
    assertThat(reversePath(Host.none(), "10.10.10.7", "eth0", 0, strict)).isEmpty();
    assertThat(reversePath(TWO_LINKS, "10.10.10.7", "eth0", 5, strict.withValidMark())).isEmpty();
    assertThat(reversePath(TWO_LINKS, "10.10.10.7", "eth0", 5, strict)).contains(false);
  }

  @Test
  void loopbackAlwaysPassesTheReversePath() {
    assertThat(reversePath(TWO_LINKS, "10.10.10.7", "lo", 0, RpFilterMatch.strict()))
        .contains(true);
  }
}
