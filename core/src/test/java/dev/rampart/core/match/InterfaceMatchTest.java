package dev.rampart.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InterfaceMatchTest {

  @Test
  void matchesTheInputOrOutputInterface() {
    assertThat(InterfaceMatch.in("eth0").side()).isEqualTo(InterfaceMatch.Side.IN);
    assertThat(InterfaceMatch.out("docker_gwbridge").side()).isEqualTo(InterfaceMatch.Side.OUT);
    assertThat(InterfaceMatch.in("eth0").negated()).isFalse();
  }

  @Test
  void knowsAWildcardName() {
    assertThat(InterfaceMatch.in("veth+").isWildcard()).isTrue();
    assertThat(InterfaceMatch.in("veth").isWildcard()).isFalse();
  }

  @Test
  void negatesAndNegatesBack() {
    InterfaceMatch m = InterfaceMatch.out("docker0");
    assertThat(m.negate().negated()).isTrue();
    assertThat(m.negate().negate()).isEqualTo(m);
  }

  @Test
  void rejectsANameOverFifteenCharacters() {
    assertThatThrownBy(() -> InterfaceMatch.in("docker_gwbridge0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("interface name longer than 15 characters: docker_gwbridge0");
  }

  @Test
  void rejectsAHostileName() {
    assertThatThrownBy(() -> InterfaceMatch.out("eth0\n-j"))
        .hasMessage(
            "interface name may only hold letters, digits, '_', '-', '.' and a final '+':"
                + " eth0\\n-j");
  }

  @Test
  void sitsInTheInterfaceFieldOfItsSide() {
    assertThat(InterfaceMatch.in("eth0").headerField()).contains(HeaderField.IN_INTERFACE);
    assertThat(InterfaceMatch.out("eth0").headerField()).contains(HeaderField.OUT_INTERFACE);
  }
}
