package dev.rampart.core.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.match.PortRange;
import org.junit.jupiter.api.Test;

class RedirectTest {

  @Test
  void keepsThePortByDefault() {
    assertThat(Redirect.of().ports()).isEmpty();
  }

  @Test
  void redirectsToAPortOrARange() {
    assertThat(Redirect.toPort(8080).ports()).contains(PortRange.of(8080));
    assertThat(Redirect.toPorts(PortRange.range(8080, 8090)).ports())
        .contains(PortRange.range(8080, 8090));
  }

  @Test
  void isATerminatingNatTarget() {
    assertThat(Redirect.of().terminating()).isTrue();
    assertThat(Redirect.of().natOnly()).isTrue();
  }
}
