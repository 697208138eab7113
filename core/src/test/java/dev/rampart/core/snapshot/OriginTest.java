package dev.rampart.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OriginTest {

  @Test
  void holdsTheLineNumberAndText() {
    Origin o = Origin.of(42, "-A INPUT -j ACCEPT");
    assertThat(o.line()).isEqualTo(42);
    assertThat(o.text()).isEqualTo("-A INPUT -j ACCEPT");
  }

  @Test
  void readsAsTheLineQuoted() {
    assertThat(Origin.of(7, ":DOCKER - [0:0]")).hasToString("line 7: :DOCKER - [0:0]");
  }

  @Test
  void keepsTheTextAsRead() {
    String line = "-A INPUT -m comment --comment \"it's \\\"quoted\\\"\" -j ACCEPT";
    assertThat(Origin.of(1, line).text()).isEqualTo(line);
  }

  @Test
  void rejectsLineZero() {
    assertThatThrownBy(() -> Origin.of(0, "COMMIT"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("origin: line number below 1: 0");
  }
}
