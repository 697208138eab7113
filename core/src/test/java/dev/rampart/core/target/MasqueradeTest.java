package dev.rampart.core.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.match.PortRange;
import org.junit.jupiter.api.Test;

class MasqueradeTest {

  @Test
  void masqueradesWithAnySourcePortInTheNatTableOnly() {
    assertThat(Masquerade.of().ports()).isEmpty();
    assertThat(Masquerade.of().natOnly()).isTrue();
    assertThat(Masquerade.of().terminating()).isTrue();
    assertThat(Masquerade.of().chain()).isEmpty();
  }

  @Test
  void restrictsSourcePortsToARange() {
    assertThat(Masquerade.toPorts(PortRange.range(1000, 2000)).ports())
        .contains(PortRange.range(1000, 2000));
  }
}
