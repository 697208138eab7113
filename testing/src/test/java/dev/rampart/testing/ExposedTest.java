package dev.rampart.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.match.Protocol;
import org.junit.jupiter.api.Test;

class ExposedTest {
  @Test
  void printsProtocolPortsFamilyAndDestination() {
    assertThat(Exposed.tcp(22)).hasToString("tcp 22");
    assertThat(Exposed.udp(30000, 32767).ipv6()).hasToString("udp 30000-32767 ipv6");
    assertThat(Exposed.tcp(443).to("172.18.0.2", 8443)).hasToString("tcp 443 to 172.18.0.2:8443");
    assertThat(Exposed.tcp(443).to("2001:db8::2", 443)).hasToString("tcp 443 to [2001:db8::2]:443");
    assertThat(Exposed.udp(53).toHost()).hasToString("udp 53 to host");
    assertThat(Exposed.of(Protocol.ESP)).hasToString("esp");
    assertThat(Exposed.of(Protocol.SCTP)).hasToString("sctp 0-65535");
  }

  @Test
  void rejectsAPortRangeOutOfBounds() {
    assertThatThrownBy(() -> Exposed.tcp(10, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("exposed: port range not in [0, 65535]: 10-5");
    assertThatThrownBy(() -> Exposed.udp(70000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("exposed: port range not in [0, 65535]: 70000-70000");
  }

  @Test
  void rejectsPortsOnAProtocolWithout() {
    assertThatThrownBy(() -> Exposed.of(Protocol.ESP, 1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("exposed: protocol has no ports: esp");
  }

  @Test
  void rejectsADestinationThatIsNotAnAddress() {
    assertThatThrownBy(() -> Exposed.tcp(443).to("node1", 443))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("node1");
  }
}
