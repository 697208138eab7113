package dev.rampart.dsl.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import org.junit.jupiter.api.Test;

class PublishedServiceTest {
  @Test
  void goesThroughTheRoutingMeshToTheWorldByDefault() {
    PublishedService s = PublishedService.tcp(8080);
    assertThat(s.mode()).isEqualTo(PublishedService.Mode.INGRESS);
    assertThat(s.sources()).isEmpty();
    assertThat(s).hasToString("8080/tcp");
  }

  @Test
  void keepsItsSourcesInHostMode() {
    SourceSet admins = SourceSet.parse("admins", "198.51.100.0/24");
    PublishedService s = PublishedService.udp(5353).from(admins).hostMode();
    assertThat(s.mode()).isEqualTo(PublishedService.Mode.HOST);
    assertThat(s.sources()).contains(admins);
  }

  @Test
  void rejectsAProtocolDockerDoesNotPublish() {
    assertThatThrownBy(() -> PublishedService.of(Protocol.SCTP, PortRange.of(9)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("published port needs tcp or udp: sctp");
  }

  @Test
  void rejectsPortZero() {
    assertThatThrownBy(() -> PublishedService.tcp(0))
        .hasMessage("published port out of range [1, 65535]: 0");
  }

  @Test
  void isAValueOfProtocolPortsModeAndSources() {
    assertThat(PublishedService.tcp(80).hostMode())
        .isEqualTo(PublishedService.of(Protocol.TCP, PortRange.of(80)).hostMode())
        .isNotEqualTo(PublishedService.tcp(80));
  }

  @Test
  void namesTheNullParameter() {
    assertThatThrownBy(() -> PublishedService.of(Protocol.TCP, nothing()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ports");
    assertThatThrownBy(() -> PublishedService.tcp(1).from(nothing())).hasMessage("sources");
  }

  @SuppressWarnings("NullAway") // the point: a caller without null checks passes null
  private static <T> T nothing() {
    return null;
  }
}
