package dev.rampart.core.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Cidr;
import dev.rampart.core.match.PortRange;
import org.junit.jupiter.api.Test;

class DnatTest {

  @Test
  void rewritesTheDestinationAndOptionallyThePort() {
    Dnat d = Dnat.to(Cidr.parse("172.18.0.2"), 8080);
    assertThat(d.address()).isEqualTo(Cidr.parse("172.18.0.2"));
    assertThat(d.port()).contains(PortRange.of(8080));
    assertThat(Dnat.to(Cidr.parse("2001:db8::2")).port()).isEmpty();
    assertThat(d.natOnly()).isTrue();
    assertThat(d.terminating()).isTrue();
  }

  @Test
  void rejectsANetworkAsTheNewDestination() {
    assertThatThrownBy(() -> Dnat.to(Cidr.parse("172.18.0.0/16")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nat address must be a single address: 172.18.0.0/16");
  }

  @Test
  void rejectsAPortOutOfRange() {
    assertThatThrownBy(() -> Dnat.to(Cidr.parse("172.18.0.2"), 65536))
        .hasMessage("port out of range [0, 65535]: 65536");
  }

  @Test
  void rewritesToAPortRange() {
    Dnat t = Dnat.to(Cidr.parse("10.0.0.1"), PortRange.range(80, 90));
    assertThat(t.port()).contains(PortRange.range(80, 90));
  }
}
