package dev.rampart.core.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MarkTest {

  @Test
  void setReplacesTheWholeMark() {
    Mark m = Mark.set(0x1);
    assertThat(m.value()).isEqualTo(0x1);
    assertThat(m.mask()).isEqualTo(0xffffffffL);
    assertThat(m.apply(0xabcd)).isEqualTo(0x1);
  }

  @Test
  void setUnderAMaskClearsTheMaskAndTheValueAsIptablesDoes() {
    Mark m = Mark.set(0x1, 0xf0);
    assertThat(m.value()).isEqualTo(0x1);
    assertThat(m.mask()).isEqualTo(0xf1);
    assertThat(m.apply(0xfff)).isEqualTo(0xf0f);
    assertThat(Mark.set(0x10, 0xf0).apply(0xfff)).isEqualTo(0xf1f);
  }

  @Test
  void orSetsBits() {
    Mark m = Mark.or(0x4);
    assertThat(m.value()).isEqualTo(0x4);
    assertThat(m.mask()).isEqualTo(0x4);
    assertThat(m.apply(0x1)).isEqualTo(0x5);
    assertThat(m.apply(0x5)).isEqualTo(0x5);
  }

  @Test
  void andKeepsBits() {
    Mark m = Mark.and(0xff);
    assertThat(m.value()).isZero();
    assertThat(m.mask()).isEqualTo(0xffffff00L);
    assertThat(m.apply(0x1234)).isEqualTo(0x34);
  }

  @Test
  void xorFlipsBits() {
    Mark m = Mark.xor(0x3);
    assertThat(m.value()).isEqualTo(0x3);
    assertThat(m.mask()).isZero();
    assertThat(m.apply(0x1)).isEqualTo(0x2);
  }

  @Test
  void xmarkIsTheRawForm() {
    Mark m = Mark.xmark(0x3, 0x1);
    assertThat(m.value()).isEqualTo(0x3);
    assertThat(m.mask()).isEqualTo(0x1);
    assertThat(m.apply(0x1)).isEqualTo(0x3);
  }

  @Test
  void doesNotTerminate() {
    assertThat(Mark.set(1).terminating()).isFalse();
    assertThat(Mark.set(1).natOnly()).isFalse();
  }

  @Test
  void rejectsAValueOutOfRangeInHex() {
    assertThatThrownBy(() -> Mark.set(0x100000000L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mark out of range [0, 0xffffffff]: 0x100000000");
  }

  @Test
  void rejectsAMaskOutOfRange() {
    assertThatThrownBy(() -> Mark.xmark(1, -1))
        .hasMessage("mask out of range [0, 0xffffffff]: -0x1");
  }
}
