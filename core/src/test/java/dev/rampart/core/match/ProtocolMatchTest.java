package dev.rampart.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProtocolMatchTest {

  @Test
  void matchesAProtocolOrAnythingElse() {
    assertThat(ProtocolMatch.of(Protocol.TCP).protocol()).isEqualTo(Protocol.TCP);
    assertThat(ProtocolMatch.of(Protocol.TCP).negated()).isFalse();
    assertThat(ProtocolMatch.not(Protocol.UDP).negated()).isTrue();
    assertThat(ProtocolMatch.of(Protocol.of(6))).isEqualTo(ProtocolMatch.of(Protocol.TCP));
  }

  @Test
  void visitsAsAProtocolMatch() {
    assertThat(ProtocolMatch.of(Protocol.ESP).accept(KindOf.INSTANCE)).isEqualTo("protocol");
  }

  @Test
  void sitsInTheProtocolFieldNegatedOrNot() {
    assertThat(ProtocolMatch.of(Protocol.TCP).headerField()).contains(HeaderField.PROTOCOL);
    assertThat(ProtocolMatch.not(Protocol.TCP).headerField()).contains(HeaderField.PROTOCOL);
  }
}
