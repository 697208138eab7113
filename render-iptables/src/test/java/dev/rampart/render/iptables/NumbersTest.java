package dev.rampart.render.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumbersTest {
  @Test
  void readsDecimalsInRangeAndRefusesTheRest() {
    assertThat(Numbers.parse("65535", 65535)).isEqualTo(65535);
    assertThat(Numbers.parse("65536", 65535)).isEqualTo(-1);
    assertThat(Numbers.parse("-1", 65535)).isEqualTo(-1);
    assertThat(Numbers.parse("", 65535)).isEqualTo(-1);
    assertThat(Numbers.parse("99999999999", Integer.MAX_VALUE)).isEqualTo(-1);
  }

  @Test
  void readsMarksInHexAndDecimal() {
    assertThat(Numbers.parseU32("0xffffffff")).isEqualTo(0xffffffffL);
    assertThat(Numbers.parseU32("16")).isEqualTo(16);
    assertThat(Numbers.parseU32("0x100000000")).isEqualTo(-1);
    assertThat(Numbers.parseU32("0x")).isEqualTo(-1);
  }
}
