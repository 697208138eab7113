package dev.rampart.dsl.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterNodeTest {
  @Test
  void holdsNameRoleAddressesAndHostPorts() {
    ClusterNode n =
        ClusterNode.manager("m1", "10.0.0.1", "fd00::1").withHostPorts(HostPort.tcp(80));
    assertThat(n.role()).isEqualTo(Role.MANAGER);
    assertThat(n.addresses()).containsExactly(Cidr.parse("10.0.0.1"), Cidr.parse("fd00::1"));
    assertThat(n.families()).containsExactly(Family.IPV4, Family.IPV6);
    assertThat(n.hostPorts()).containsExactly(HostPort.tcp(80));
    assertThat(n).hasToString("m1 (manager)");
  }

  @Test
  void rejectsANetworkInsteadOfAnAddress() {
    assertThatThrownBy(() -> ClusterNode.worker("w1", "10.0.0.0/24"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("node w1: not a single IPv4 or IPv6 address: 10.0.0.0/24");
  }

  @Test
  void rejectsANodeWithoutAddress() {
    assertThatThrownBy(() -> ClusterNode.worker("w1")).hasMessage("node w1 has no address");
  }

  @Test
  void rejectsAnAddressListedTwice() {
    assertThatThrownBy(() -> ClusterNode.worker("w1", "10.0.0.1", "10.0.0.1"))
        .hasMessage("node w1 lists an address twice");
  }

  @Test
  void rejectsAHostileName() {
    assertThatThrownBy(() -> ClusterNode.worker("-w1\n", "10.0.0.1"))
        .hasMessage(
            "node name: 1 to 63 letters, digits, '.', '_', '-', starting with a letter or digit:"
                + " -w1?");
  }

  @Test
  void addsHostPortsAndTakesIterables() {
    ClusterNode n =
        ClusterNode.worker("w1", List.of("10.0.0.1"))
            .withHostPorts(HostPort.tcp(80))
            .withHostPorts(List.of(HostPort.tcp(443)));
    assertThat(n.hostPorts()).containsExactly(HostPort.tcp(80), HostPort.tcp(443));
    assertThat(ClusterNode.manager("m1", List.of("10.0.0.1")))
        .isEqualTo(ClusterNode.manager("m1", "10.0.0.1"));
  }

  @Test
  void namesTheNullParameter() {
    assertThatThrownBy(() -> ClusterNode.of(nothing(), Role.WORKER, List.of("10.0.0.1")))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
    assertThatThrownBy(() -> ClusterNode.of("w1", nothing(), List.of("10.0.0.1")))
        .hasMessage("role");
  }

  @SuppressWarnings("NullAway") // the point: a caller without null checks passes null
  private static <T> T nothing() {
    return null;
  }
}
