package dev.rampart.dsl.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import org.junit.jupiter.api.Test;

class HostPortTest {
  @Test
  void opensToTheWorldUntilRestricted() {
    SourceSet lan = SourceSet.parse("lan", "192.168.0.0/16");
    assertThat(HostPort.tcp(443).sources()).isEmpty();
    assertThat(HostPort.udp(53).from(lan).sources()).contains(lan);
    assertThat(HostPort.udp(53).from(lan).protocol()).isEqualTo(Protocol.UDP);
  }

  @Test
  void printsPortSlashProtocol() {
    assertThat(HostPort.of(Protocol.SCTP, PortRange.range(9000, 9010)))
        .hasToString("9000-9010/sctp");
  }

  @Test
  void rejectsAProtocolWithoutPorts() {
    assertThatThrownBy(() -> HostPort.of(Protocol.ESP, PortRange.of(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("host port needs tcp, udp or sctp: esp");
  }
}
