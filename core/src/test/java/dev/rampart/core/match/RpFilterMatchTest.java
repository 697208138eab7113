package dev.rampart.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RpFilterMatchTest {

  @Test
  void strictChecksTheInputInterfaceWithoutOptions() {
    RpFilterMatch m = RpFilterMatch.strict();
    assertThat(m.mode()).isEqualTo(RpFilterMatch.Mode.STRICT);
    assertThat(m.validMark()).isFalse();
    assertThat(m.acceptLocal()).isFalse();
    assertThat(m.negated()).isFalse();
    assertThat(m.accept(KindOf.INSTANCE)).isEqualTo("rpfilter");
  }

  @Test
  void looseAcceptsAnyRouteBack() {
    assertThat(RpFilterMatch.loose().mode()).isEqualTo(RpFilterMatch.Mode.LOOSE);
  }

  @Test
  void optionsAreAddedOneByOne() {
    RpFilterMatch m = RpFilterMatch.loose().withValidMark().withAcceptLocal();
    assertThat(m.mode()).isEqualTo(RpFilterMatch.Mode.LOOSE);
    assertThat(m.validMark()).isTrue();
    assertThat(m.acceptLocal()).isTrue();
    assertThat(m.negated()).isFalse();
  }

  @Test
  void negates() {
    RpFilterMatch m = RpFilterMatch.strict().negate();
    assertThat(m.negated()).isTrue();
    assertThat(m.negate().negate()).isEqualTo(m);
    assertThat(m.withValidMark().negated()).isTrue();
  }
}
