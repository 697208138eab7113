package dev.rampart.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OwnerMatchTest {

  @Test
  void matchesOneUidAsARangeOfOne() {
    OwnerMatch m = OwnerMatch.uid(1000);
    assertThat(m.kind()).isEqualTo(OwnerMatch.Kind.UID);
    assertThat(m.low()).isEqualTo(1000);
    assertThat(m.high()).isEqualTo(1000);
    assertThat(m.accept(KindOf.INSTANCE)).isEqualTo("owner");
  }

  @Test
  void matchesAGidRange() {
    OwnerMatch m = OwnerMatch.gid(5, 10).negate();
    assertThat(m.kind()).isEqualTo(OwnerMatch.Kind.GID);
    assertThat(m.low()).isEqualTo(5);
    assertThat(m.high()).isEqualTo(10);
    assertThat(m.negated()).isTrue();
    assertThat(m.negate().negate()).isEqualTo(m);
  }

  @Test
  void matchesAnExistingSocketWithoutIds() {
    OwnerMatch m = OwnerMatch.socketExists();
    assertThat(m.kind()).isEqualTo(OwnerMatch.Kind.SOCKET_EXISTS);
    assertThat(m.low()).isZero();
    assertThat(m.high()).isZero();
  }

  @Test
  void acceptsTheLargestIdIptablesAccepts() {
    assertThat(OwnerMatch.uid(4294967294L).high()).isEqualTo(OwnerMatch.MAX_ID);
  }

  @Test
  void rejectsTheIdMinusOne() {
    assertThatThrownBy(() -> OwnerMatch.uid(4294967295L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("owner id out of range [0, 4294967294]: 4294967295");
  }

  @Test
  void rejectsANegativeId() {
    assertThatThrownBy(() -> OwnerMatch.gid(-1, 5))
        .hasMessage("owner id out of range [0, 4294967294]: -1");
  }

  @Test
  void rejectsAReversedRange() {
    assertThatThrownBy(() -> OwnerMatch.uid(10, 5)).hasMessage("owner id range is reversed: 10-5");
  }
}
