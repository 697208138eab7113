package dev.rampart.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SetMatchTest {

  @Test
  void matchesSourceOrDestinationInANamedSet() {
    assertThat(SetMatch.source("trusted").direction()).isEqualTo(Direction.SOURCE);
    assertThat(SetMatch.destination("trusted").direction()).isEqualTo(Direction.DESTINATION);
    assertThat(SetMatch.source("trusted").setName()).isEqualTo("trusted");
  }

  @Test
  void negatesAndNegatesBack() {
    SetMatch m = SetMatch.source("trusted");
    assertThat(m.negate().negated()).isTrue();
    assertThat(m.negate().negate()).isEqualTo(m);
  }

  @Test
  void checksTheSetName() {
    assertThatThrownBy(() -> SetMatch.source("t".repeat(32)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("set name longer than 31 characters: " + "t".repeat(32));
    assertThatThrownBy(() -> SetMatch.destination("x src -j ACCEPT"))
        .hasMessageEndingWith(": x src -j ACCEPT");
  }

  @Test
  void namesItsSetAndIsAMatchModuleNotAHeaderField() {
    assertThat(SetMatch.source("trusted").namedSet()).contains("trusted");
    assertThat(SetMatch.destination("trusted").negate().namedSet()).contains("trusted");
    assertThat(SetMatch.source("trusted").headerField()).isEmpty();
  }
}
