package dev.rampart.render.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.match.Protocol;
import org.junit.jupiter.api.Test;

class ProtocolNamesTest {
  @Test
  void namesProtocolsAsNetbaseDoes() {
    assertThat(ProtocolNames.of(Protocol.ICMPV6)).isEqualTo("ipv6-icmp");
    assertThat(ProtocolNames.of(Protocol.of(4))).isEqualTo("ipencap");
    assertThat(ProtocolNames.of(Protocol.of(135))).isEqualTo("mobility-header");
  }

  @Test
  void writesTheNumberOfAnUnnamedProtocol() {
    assertThat(ProtocolNames.of(Protocol.of(253))).isEqualTo("253");
  }
}
