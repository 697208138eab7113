package dev.rampart.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Cidr;
import org.junit.jupiter.api.Test;

class IpRangeMatchTest {
  private static final Cidr ONE = Cidr.parse("10.0.0.1");
  private static final Cidr NINE = Cidr.parse("10.0.0.9");

  @Test
  void matchesASourceRange() {
    IpRangeMatch m = IpRangeMatch.source(ONE, NINE);
    assertThat(m.direction()).isEqualTo(Direction.SOURCE);
    assertThat(m.first()).isEqualTo(ONE);
    assertThat(m.last()).isEqualTo(NINE);
    assertThat(m.negated()).isFalse();
    assertThat(m.accept(KindOf.INSTANCE)).isEqualTo("ip range");
  }

  @Test
  void negatesADestinationRange() {
    IpRangeMatch m = IpRangeMatch.destination(ONE, ONE).negate();
    assertThat(m.direction()).isEqualTo(Direction.DESTINATION);
    assertThat(m.negated()).isTrue();
    assertThat(m.negate().negate()).isEqualTo(m);
  }

  @Test
  void rejectsAPrefixAsABound() {
    assertThatThrownBy(() -> IpRangeMatch.source(Cidr.parse("10.0.0.0/24"), NINE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("address range bound must be a single address: 10.0.0.0/24");
  }

  @Test
  void rejectsMixedFamilies() {
    assertThatThrownBy(() -> IpRangeMatch.source(ONE, Cidr.parse("2001:db8::1")))
        .hasMessage("address range mixes families: 10.0.0.1-2001:db8::1");
  }

  @Test
  void rejectsAReversedRange() {
    assertThatThrownBy(() -> IpRangeMatch.destination(NINE, ONE))
        .hasMessage("address range is reversed: 10.0.0.9-10.0.0.1");
  }
}
