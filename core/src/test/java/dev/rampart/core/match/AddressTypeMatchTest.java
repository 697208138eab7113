package dev.rampart.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddressTypeMatchTest {

  @Test
  void matchesTheTypeOfTheSourceOrDestination() {
    AddressTypeMatch local = AddressTypeMatch.destination(AddressTypeMatch.Type.LOCAL);
    assertThat(local.direction()).isEqualTo(Direction.DESTINATION);
    assertThat(local.type()).isEqualTo(AddressTypeMatch.Type.LOCAL);
    assertThat(AddressTypeMatch.source(AddressTypeMatch.Type.BROADCAST).direction())
        .isEqualTo(Direction.SOURCE);
  }

  @Test
  void negatesAndNegatesBack() {
    AddressTypeMatch m = AddressTypeMatch.destination(AddressTypeMatch.Type.LOCAL);
    assertThat(m.negate().negated()).isTrue();
    assertThat(m.negate().negate()).isEqualTo(m);
  }
}
