package dev.rampart.testing.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ContiguousSet;
import com.google.common.collect.DiscreteDomain;
import com.google.common.collect.Range;
import com.google.common.net.InetAddresses;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.match.ConnState;
import dev.rampart.testing.Seeds;
import java.net.InetAddress;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GeneratorsTest {
  @Test
  void theSameSeedDrawsTheSameValues() {
    SplittableRandom a = new SplittableRandom(Seeds.seed());
    SplittableRandom b = new SplittableRandom(Seeds.seed());

    for (int i = 0; i < 100; i++) {
      assertThat(Generators.fromInternet(a, "eth0", "198.51.100.1"))
          .isEqualTo(Generators.fromInternet(b, "eth0", "198.51.100.1"));
    }
  }

  @Test
  void portsAreValidAndOftenWellKnown() {
    SplittableRandom r = new SplittableRandom(Seeds.seed());
    List<Integer> ports = IntStream.range(0, 1000).mapToObj(i -> Generators.port(r)).toList();

    assertThat(ports).allSatisfy(p -> assertThat(p).isBetween(1, 65_535));
    assertThat(ports.stream().filter(Generators.WELL_KNOWN::contains).count()).isGreaterThan(300);
  }

  @Test
  void portOutsideNeverDrawsAnExcludedPort() {
    SplittableRandom r = new SplittableRandom(Seeds.seed());
    List<Integer> excluded = List.of(22, 80, 443, 8080);

    for (int i = 0; i < 1000; i++) {
      assertThat(Generators.portOutside(r, excluded)).isNotIn(excluded);
    }
  }

  @Test
  void portOutsideRefusesToExcludeEveryPort() {
    assertThatThrownBy(
            () ->
                Generators.portOutside(
                    new SplittableRandom(1),
                    ContiguousSet.create(Range.closed(1, 65_535), DiscreteDomain.integers())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("generators: every port is excluded: 65535");
  }

  @Test
  void internetAddressesAreNeverPrivateLoopbackOrMulticast() {
    SplittableRandom r = new SplittableRandom(Seeds.seed());

    for (int i = 0; i < 2000; i++) {
      InetAddress a = InetAddresses.forString(Generators.internetIpv4(r));
      assertThat(a.isSiteLocalAddress() || a.isLoopbackAddress() || a.isMulticastAddress())
          .as("%s", a)
          .isFalse();
      assertThat(a.isLinkLocalAddress() || a.isAnyLocalAddress()).as("%s", a).isFalse();
    }
  }

  @Test
  void aNewTcpConnectionFromTheInternetGoesToTheGivenPortInTheGivenInterface() {
    Packet p = Generators.newTcpFromInternet(new SplittableRandom(7), "eth0", "198.51.100.1", 25);

    assertThat(p.destinationPort()).hasValue(25);
    assertThat(p.destination()).contains(InetAddresses.forString("198.51.100.1"));
    assertThat(p.inInterface()).contains("eth0");
    assertThat(p.state()).isEqualTo(ConnState.NEW);
    assertThat(p.sourcePort().getAsInt()).isBetween(32_768, 60_999);
  }
}
