package dev.rampart.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Family;
import org.junit.jupiter.api.Test;

class IcmpTypeMatchTest {

  @Test
  void matchesAnIcmpTypeOfEachFamily() {
    IcmpTypeMatch echo = IcmpTypeMatch.icmp(8);
    assertThat(echo.family()).isEqualTo(Family.IPV4);
    assertThat(echo.protocol()).isEqualTo(Protocol.ICMP);
    assertThat(echo.code()).isEmpty();
    IcmpTypeMatch ns = IcmpTypeMatch.icmpv6(135);
    assertThat(ns.family()).isEqualTo(Family.IPV6);
    assertThat(ns.protocol()).isEqualTo(Protocol.ICMPV6);
  }

  @Test
  void matchesATypeAndCode() {
    IcmpTypeMatch fragNeeded = IcmpTypeMatch.of(Family.IPV4, 3, 4);
    assertThat(fragNeeded.type()).isEqualTo(3);
    assertThat(fragNeeded.code()).contains(4);
  }

  @Test
  void negatesAndNegatesBack() {
    assertThat(IcmpTypeMatch.icmp(8).negate().negated()).isTrue();
    assertThat(IcmpTypeMatch.icmp(8).negate().negate()).isEqualTo(IcmpTypeMatch.icmp(8));
  }

  @Test
  void rejectsATypeOutOfRange() {
    assertThatThrownBy(() -> IcmpTypeMatch.icmpv6(256))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("icmp type out of range [0, 255]: 256");
    assertThatThrownBy(() -> IcmpTypeMatch.icmp(-1))
        .hasMessage("icmp type out of range [0, 255]: -1");
  }

  @Test
  void rejectsACodeOutOfRange() {
    assertThatThrownBy(() -> IcmpTypeMatch.of(Family.IPV4, 3, 256))
        .hasMessage("icmp code out of range [0, 255]: 256");
  }
}
