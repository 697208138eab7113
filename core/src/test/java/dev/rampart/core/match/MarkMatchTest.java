package dev.rampart.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MarkMatchTest {

  @Test
  void comparesTheWholeMarkByDefault() {
    MarkMatch m = MarkMatch.of(0x1);
    assertThat(m.value()).isEqualTo(1);
    assertThat(m.mask()).isEqualTo(0xffffffffL);
  }

  @Test
  void comparesUnderAMask() {
    MarkMatch m = MarkMatch.of(0x10, 0xf0);
    assertThat(m.mask()).isEqualTo(0xf0);
    assertThat(m.negate().negated()).isTrue();
    assertThat(m.negate().negate()).isEqualTo(m);
  }

  @Test
  void acceptsTheFullUnsigned32BitRange() {
    assertThat(MarkMatch.of(0xffffffffL).value()).isEqualTo(0xffffffffL);
  }

  @Test
  void rejectsAMarkOutOfRangeInHex() {
    assertThatThrownBy(() -> MarkMatch.of(0x100000000L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mark out of range [0, 0xffffffff]: 0x100000000");
    assertThatThrownBy(() -> MarkMatch.of(-1, 0xff))
        .hasMessage("mark out of range [0, 0xffffffff]: -0x1");
  }

  @Test
  void rejectsAMaskOutOfRange() {
    assertThatThrownBy(() -> MarkMatch.of(0, 0x1ffffffffL))
        .hasMessage("mask out of range [0, 0xffffffff]: 0x1ffffffff");
  }

  @Test
  void rejectsAMarkWithBitsOutsideItsMask() {
    assertThatThrownBy(() -> MarkMatch.of(0x101, 0xff))
        .hasMessage("mark has bits outside its mask 0xff: 0x101");
  }
}
