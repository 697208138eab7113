package dev.rampart.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Cidr;
import org.junit.jupiter.api.Test;

class ConntrackOriginalMatchTest {

  @Test
  void matchesTheOriginalDestinationPortOrAddress() {
    ConntrackOriginalMatch port = ConntrackOriginalMatch.destinationPort(PortRange.of(8080));
    assertThat(port.destinationPort()).contains(PortRange.of(8080));
    assertThat(port.destination()).isEmpty();
    ConntrackOriginalMatch dst = ConntrackOriginalMatch.destination(Cidr.parse("192.0.2.1"));
    assertThat(dst.destination()).contains(Cidr.parse("192.0.2.1"));
  }

  @Test
  void acceptsBothWhenNotNegated() {
    ConntrackOriginalMatch m =
        ConntrackOriginalMatch.builder()
            .destination(Cidr.parse("192.0.2.1"))
            .destinationPort(PortRange.of(80))
            .build();
    assertThat(m.negated()).isFalse();
  }

  @Test
  void rejectsAMatchOfNothing() {
    assertThatThrownBy(() -> ConntrackOriginalMatch.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("conntrack original match needs a destination or a destination port");
  }

  @Test
  void rejectsANegatedMatchOfBothAddressAndPort() {
    assertThatThrownBy(
            () ->
                ConntrackOriginalMatch.builder()
                    .destination(Cidr.parse("192.0.2.1"))
                    .destinationPort(PortRange.of(80))
                    .negated(true)
                    .build())
        .hasMessage(
            "a negated conntrack original match may test the destination or the port, not both");
  }
}
