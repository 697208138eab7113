package dev.rampart.core.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Cidr;
import dev.rampart.core.match.PortRange;
import org.junit.jupiter.api.Test;

class SnatTest {

  @Test
  void rewritesTheSourceAndOptionallyThePort() {
    Snat s = Snat.to(Cidr.parse("192.0.2.1"), 1024);
    assertThat(s.address()).isEqualTo(Cidr.parse("192.0.2.1"));
    assertThat(s.port()).contains(PortRange.of(1024));
    assertThat(Snat.to(Cidr.parse("192.0.2.1")).port()).isEmpty();
    assertThat(s.natOnly()).isTrue();
  }

  @Test
  void rejectsANetworkAsTheNewSource() {
    assertThatThrownBy(() -> Snat.to(Cidr.parse("2001:db8::/64")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nat address must be a single address: 2001:db8::/64");
  }

  @Test
  void rewritesToAPortRange() {
    Snat t = Snat.to(Cidr.parse("10.0.0.1"), PortRange.range(80, 90));
    assertThat(t.port()).contains(PortRange.range(80, 90));
  }
}
