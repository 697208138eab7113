package dev.rampart.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TcpFlagsMatchTest {

  @Test
  void synExaminesFinSynRstAckAndRequiresOnlySyn() {
    TcpFlagsMatch m = TcpFlagsMatch.syn();
    assertThat(m.mask()).containsExactly(TcpFlag.FIN, TcpFlag.SYN, TcpFlag.RST, TcpFlag.ACK);
    assertThat(m.set()).containsExactly(TcpFlag.SYN);
    assertThat(m.requiresSyn()).isTrue();
    assertThat(m.accept(KindOf.INSTANCE)).isEqualTo("tcp flags");
  }

  @Test
  void ordersFlagsByTheirBit() {
    TcpFlagsMatch m =
        TcpFlagsMatch.of(List.of(TcpFlag.RST, TcpFlag.SYN), List.of(TcpFlag.SYN, TcpFlag.SYN));
    assertThat(m.mask()).containsExactly(TcpFlag.SYN, TcpFlag.RST);
    assertThat(m.set()).containsExactly(TcpFlag.SYN);
  }

  @Test
  void aNegatedMatchDoesNotRequireSyn() {
    TcpFlagsMatch m = TcpFlagsMatch.syn().negate();
    assertThat(m.negated()).isTrue();
    assertThat(m.requiresSyn()).isFalse();
    assertThat(m.negate()).isEqualTo(TcpFlagsMatch.syn());
  }

  @Test
  void aMatchRequiringSynClearDoesNotRequireSyn() {
    assertThat(TcpFlagsMatch.of(List.of(TcpFlag.SYN), List.of()).requiresSyn()).isFalse();
  }

  @Test
  void rejectsAnEmptyMask() {
    assertThatThrownBy(() -> TcpFlagsMatch.of(List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tcp flags mask is empty");
  }

  @Test
  void rejectsASetFlagOutsideTheMask() {
    assertThatThrownBy(() -> TcpFlagsMatch.of(List.of(TcpFlag.SYN), List.of(TcpFlag.ACK)))
        .hasMessage("tcp flags set outside the mask [SYN]: [ACK]");
  }

  @Test
  void numbersFlagsByTheirHeaderBit() {
    assertThat(TcpFlag.FIN.bit()).isEqualTo(0x01);
    assertThat(TcpFlag.CWR.bit()).isEqualTo(0x80);
  }
}
