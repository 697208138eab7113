package dev.rampart.dsl.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Cidr;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import java.util.List;
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

  @Test
  void isAValueOfProtocolPortsAndSources() {
    SourceSet lan = SourceSet.of("lan", List.of(Cidr.parse("192.168.0.0/16")));
    assertThat(HostPort.udp(53).from(lan))
        .isEqualTo(HostPort.of(Protocol.UDP, PortRange.of(53)).from(lan))
        .isNotEqualTo(HostPort.udp(53));
  }

  @Test
  void namesTheNullParameter() {
    assertThatThrownBy(() -> HostPort.of(nothing(), PortRange.of(1)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("protocol");
    assertThatThrownBy(() -> HostPort.tcp(1).from(nothing())).hasMessage("sources");
  }

  @SuppressWarnings("NullAway") // the point: a caller without null checks passes null
  private static <T> T nothing() {
    return null;
  }
}
