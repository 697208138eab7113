package dev.rampart.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CountersTest {

  @Test
  void holdsPacketsAndBytes() {
    Counters c = Counters.of(12, 3456);
    assertThat(c.packets()).isEqualTo(12);
    assertThat(c.bytes()).isEqualTo(3456);
  }

  @Test
  void acceptsZeroAndTheLargestCount() {
    assertThat(Counters.of(0, Long.MAX_VALUE).bytes()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void equalCountsAreEqual() {
    assertThat(Counters.of(1, 2)).isEqualTo(Counters.of(1, 2)).isNotEqualTo(Counters.of(2, 1));
  }

  @Test
  void rejectsANegativePacketCount() {
    assertThatThrownBy(() -> Counters.of(-1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("counters: packet count is negative: -1");
  }

  @Test
  void rejectsANegativeByteCount() {
    assertThatThrownBy(() -> Counters.of(0, -5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("counters: byte count is negative: -5");
  }
}
