package dev.rampart.core.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TcpMssTest {

  @Test
  void clampingHasNoFixedMss() {
    assertThat(TcpMss.clampToPmtu().mss()).isEmpty();
    assertThat(TcpMss.clampToPmtu().terminating()).isFalse();
  }

  @Test
  void setsAnMss() {
    assertThat(TcpMss.setMss(1400).mss()).contains(1400);
  }

  @Test
  void rejectsAnMssOutOfRange() {
    assertThatThrownBy(() -> TcpMss.setMss(65536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tcp mss out of range [0, 65535]: 65536");
  }
}
