package dev.rampart.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LimitMatchTest {

  @Test
  void holdsRateUnitAndOptionalBurst() {
    LimitMatch m = LimitMatch.of(5, LimitMatch.Unit.SECOND, 10);
    assertThat(m.rate()).isEqualTo(5);
    assertThat(m.unit()).isEqualTo(LimitMatch.Unit.SECOND);
    assertThat(m.burst()).contains(10);
    assertThat(LimitMatch.of(1, LimitMatch.Unit.MINUTE).burst()).isEmpty();
    assertThat(m.negated()).isFalse();
  }

  @Test
  void acceptsTheLimitsIptablesAccepts() {
    assertThat(LimitMatch.of(10000, LimitMatch.Unit.SECOND, 10000).rate()).isEqualTo(10000);
  }

  @Test
  void rejectsARateOutOfRange() {
    assertThatThrownBy(() -> LimitMatch.of(0, LimitMatch.Unit.DAY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate out of range [1, 10000]: 0");
    assertThatThrownBy(() -> LimitMatch.of(10001, LimitMatch.Unit.SECOND))
        .hasMessage("rate out of range [1, 10000]: 10001");
  }

  @Test
  void rejectsABurstOutOfRange() {
    assertThatThrownBy(() -> LimitMatch.of(5, LimitMatch.Unit.HOUR, 0))
        .hasMessage("burst out of range [1, 10000]: 0");
    assertThatThrownBy(() -> LimitMatch.of(5, LimitMatch.Unit.HOUR, 10001))
        .hasMessage("burst out of range [1, 10000]: 10001");
  }
}
