package dev.rampart.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConntrackStateMatchTest {

  @Test
  void keepsStatesInTheEnumsOrderWithoutDuplicates() {
    ConntrackStateMatch m =
        ConntrackStateMatch.of(
            List.of(ConnState.RELATED, ConnState.ESTABLISHED, ConnState.RELATED));
    assertThat(m.states()).containsExactly(ConnState.ESTABLISHED, ConnState.RELATED);
    assertThat(m.negated()).isFalse();
  }

  @Test
  void negatesWithNot() {
    assertThat(ConntrackStateMatch.not(List.of(ConnState.INVALID)).negated()).isTrue();
  }

  @Test
  void rejectsAnEmptyStateList() {
    assertThatThrownBy(() -> ConntrackStateMatch.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("conntrack state list is empty");
  }
}
