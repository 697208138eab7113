package dev.rampart.core.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CtTest {

  @Test
  void notrackHasNoZone() {
    Ct ct = Ct.notrack();
    assertThat(ct.isNotrack()).isTrue();
    assertThat(ct.zone()).isEmpty();
    assertThat(ct.terminating()).isFalse();
  }

  @Test
  void aZoneIsTracked() {
    Ct ct = Ct.zone(5);
    assertThat(ct.isNotrack()).isFalse();
    assertThat(ct.zone()).contains(5);
  }

  @Test
  void rejectsAZoneOutOfRange() {
    assertThatThrownBy(() -> Ct.zone(65536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ct zone out of range [0, 65535]: 65536");
  }
}
