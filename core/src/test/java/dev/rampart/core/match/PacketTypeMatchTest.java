package dev.rampart.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacketTypeMatchTest {

  @Test
  void matchesAType() {
    PacketTypeMatch m = PacketTypeMatch.of(PacketTypeMatch.Type.BROADCAST);
    assertThat(m.type()).isEqualTo(PacketTypeMatch.Type.BROADCAST);
    assertThat(m.negated()).isFalse();
    assertThat(m.accept(KindOf.INSTANCE)).isEqualTo("packet type");
  }

  @Test
  void negates() {
    PacketTypeMatch m = PacketTypeMatch.of(PacketTypeMatch.Type.MULTICAST).negate();
    assertThat(m.negated()).isTrue();
    assertThat(m.negate().negate()).isEqualTo(m);
  }
}
