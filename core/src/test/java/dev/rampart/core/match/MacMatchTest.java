package dev.rampart.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MacMatchTest {

  @Test
  void normalisesToLowerCaseTwoDigitGroupsAsIptablesSavePrints() {
    assertThat(MacMatch.source("52:54:00:AB:CD:EF").address()).isEqualTo("52:54:00:ab:cd:ef");
    assertThat(MacMatch.source("2:0:0:0:0:1").address()).isEqualTo("02:00:00:00:00:01");
    assertThat(MacMatch.source("52-54-00-ab-cd-ef").address()).isEqualTo("52:54:00:ab:cd:ef");
  }

  @Test
  void negates() {
    MacMatch m = MacMatch.source("52:54:00:ab:cd:ef").negate();
    assertThat(m.negated()).isTrue();
    assertThat(m.negate().negate()).isEqualTo(m);
    assertThat(m.accept(KindOf.INSTANCE)).isEqualTo("mac");
  }

  @Test
  void rejectsFiveGroups() {
    assertThatThrownBy(() -> MacMatch.source("52:54:00:ab:cd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a mac address: 52:54:00:ab:cd");
  }

  @Test
  void rejectsANonHexDigit() {
    assertThatThrownBy(() -> MacMatch.source("52:54:00:ab:cd:eg"))
        .hasMessage("not a mac address: 52:54:00:ab:cd:eg");
  }
}
