package dev.rampart.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProtocolTest {

  @Test
  void namesTheWellKnownProtocolsAsIptablesSavePrintsThem() {
    assertThat(Protocol.TCP).hasToString("tcp");
    assertThat(Protocol.UDP).hasToString("udp");
    assertThat(Protocol.ICMP).hasToString("icmp");
    assertThat(Protocol.ICMPV6).hasToString("ipv6-icmp");
    assertThat(Protocol.ESP).hasToString("esp");
    assertThat(Protocol.SCTP).hasToString("sctp");
  }

  @Test
  void printsOtherProtocolsByNumber() {
    assertThat(Protocol.of(47)).hasToString("47");
    assertThat(Protocol.of(47).name()).isEmpty();
  }

  @Test
  void equalsByNumber() {
    assertThat(Protocol.of(6)).isEqualTo(Protocol.TCP).hasSameHashCodeAs(Protocol.TCP);
    assertThat(Protocol.of(50).name()).contains("esp");
    assertThat(Protocol.of(17)).isNotEqualTo(Protocol.TCP);
  }

  @Test
  void hasPortsOnlyForTcpUdpAndSctp() {
    assertThat(Protocol.TCP.hasPorts()).isTrue();
    assertThat(Protocol.UDP.hasPorts()).isTrue();
    assertThat(Protocol.SCTP.hasPorts()).isTrue();
    assertThat(Protocol.ICMP.hasPorts()).isFalse();
    assertThat(Protocol.ESP.hasPorts()).isFalse();
    assertThat(Protocol.of(33).hasPorts()).isFalse(); // dccp has ports, but no port match here
  }

  @Test
  void acceptsNumbersOneTo255() {
    assertThat(Protocol.of(1)).isEqualTo(Protocol.ICMP);
    assertThat(Protocol.of(255).number()).isEqualTo(255);
  }

  @Test
  void rejectsZeroWhichIptablesReadsAsAnyProtocol() {
    assertThatThrownBy(() -> Protocol.of(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("protocol number out of range [1, 255]: 0");
  }

  @Test
  void rejectsNumbersOver255() {
    assertThatThrownBy(() -> Protocol.of(256))
        .hasMessage("protocol number out of range [1, 255]: 256");
  }
}
