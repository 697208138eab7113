package dev.rampart.core.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConnMarkTest {

  @Test
  void setReplacesTheWholeConnectionMark() {
    ConnMark c = ConnMark.set(0x5);
    assertThat(c.mode()).isEqualTo(ConnMark.Mode.SET);
    assertThat(c.value()).isEqualTo(0x5);
    assertThat(c.mask()).isEqualTo(0xffffffffL);
    assertThat(c.nfMask()).isZero();
    assertThat(c.ctMask()).isZero();
  }

  @Test
  void setUnderAMaskClearsTheMaskAndTheValueAsIptablesDoes() {
    ConnMark c = ConnMark.set(0x1, 0xf0);
    assertThat(c.mask()).isEqualTo(0xf1);
    assertThat(ConnMark.xmark(0x3, 0x1).mask()).isEqualTo(0x1);
  }

  @Test
  void saveAndRestoreUseAllBitsByDefault() {
    ConnMark save = ConnMark.save();
    assertThat(save.mode()).isEqualTo(ConnMark.Mode.SAVE);
    assertThat(save.nfMask()).isEqualTo(0xffffffffL);
    assertThat(save.ctMask()).isEqualTo(0xffffffffL);
    assertThat(save.value()).isZero();
    ConnMark restore = ConnMark.restore(0xff, 0xf);
    assertThat(restore.mode()).isEqualTo(ConnMark.Mode.RESTORE);
    assertThat(restore.nfMask()).isEqualTo(0xff);
    assertThat(restore.ctMask()).isEqualTo(0xf);
  }

  @Test
  void doesNotTerminate() {
    assertThat(ConnMark.save().terminating()).isFalse();
  }

  @Test
  void rejectsAnNfMaskOutOfRange() {
    assertThatThrownBy(() -> ConnMark.save(0x100000000L, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nfmask out of range [0, 0xffffffff]: 0x100000000");
  }

  @Test
  void rejectsACtMaskOutOfRange() {
    assertThatThrownBy(() -> ConnMark.restore(1, -2))
        .hasMessage("ctmask out of range [0, 0xffffffff]: -0x2");
  }
}
