package dev.rampart.dsl.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Rule;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.PolicyMatch;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.target.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwarmPortsTest {
  private static final SourceSet V4 = SourceSet.trustedNodes("10.0.0.0/24");
  private static final SourceSet BOTH = SourceSet.trustedNodes("10.0.0.0/24", "fd00::/64");

  private static String describe(Rule r) {
    StringBuilder s = new StringBuilder();
    for (var m : r.matches()) {
      if (m instanceof ProtocolMatch p) {
        s.append(p.protocol());
      } else if (m instanceof PortMatch p) {
        s.append(' ').append(p.ports().get(0));
      } else if (m instanceof SetMatch p) {
        s.append(" from ").append(p.setName());
      } else if (m instanceof PolicyMatch p) {
        s.append(" ").append(p.processing());
      }
    }
    return s.append(" ").append(r.target()).toString();
  }

  @Test
  void bindsEveryTrustedNodeRuleToTheInternalInterfacesButNotTheUntrustedDrop() {
    List<Rule> rules = SwarmPorts.rules(Role.WORKER, V4, 4789, true, List.of("ens11", "wg0"));
    assertThat(rules)
        .filteredOn(r -> r.target() != Verdict.DROP)
        .hasSize(10)
        .allSatisfy(
            r ->
                assertThat(r.matches())
                    .containsAnyOf(InterfaceMatch.in("ens11"), InterfaceMatch.in("wg0")));
    assertThat(rules)
        .last()
        .satisfies(
            r -> {
              assertThat(r.target()).isEqualTo(Verdict.DROP);
              assertThat(r.matches()).noneMatch(InterfaceMatch.class::isInstance);
            });
  }

  @Test
  void opensManagementGossipAndVxlanToTrustedNodesOnAManager() {
    assertThat(SwarmPorts.rules(Role.MANAGER, V4, 4789, false))
        .extracting(SwarmPortsTest::describe)
        .containsExactly(
            "tcp 2377 from swarm-nodes ACCEPT",
            "tcp 7946 from swarm-nodes ACCEPT",
            "udp 7946 from swarm-nodes ACCEPT",
            "udp 4789 from swarm-nodes ACCEPT");
  }

  @Test
  void leavesManagementClosedOnAWorkerAndWritesOneRulePerFamily() {
    assertThat(SwarmPorts.rules(Role.WORKER, BOTH, 4789, false))
        .extracting(SwarmPortsTest::describe)
        .containsExactly(
            "tcp 7946 from swarm-nodes ACCEPT",
            "tcp 7946 from swarm-nodes6 ACCEPT",
            "udp 7946 from swarm-nodes ACCEPT",
            "udp 7946 from swarm-nodes6 ACCEPT",
            "udp 4789 from swarm-nodes ACCEPT",
            "udp 4789 from swarm-nodes6 ACCEPT");
  }

  @Test
  void acceptsVxlanOnlyThroughIpsecWithEncryptedOverlays() {
    assertThat(SwarmPorts.rules(Role.WORKER, V4, 4800, true))
        .extracting(SwarmPortsTest::describe)
        .containsExactly(
            "tcp 7946 from swarm-nodes ACCEPT",
            "udp 7946 from swarm-nodes ACCEPT",
            "esp from swarm-nodes ACCEPT",
            "udp 4800 IPSEC from swarm-nodes ACCEPT",
            "udp 4800 from swarm-nodes RETURN",
            "udp 4800 DROP");
  }

  @Test
  void neverAcceptsPlainVxlanWithEncryptedOverlays() {
    List<Rule> rules = SwarmPorts.rules(Role.MANAGER, BOTH, 4789, true);
    assertThat(rules)
        .filteredOn(r -> r.matches().contains(PortMatch.destination(List.of(PortRange.of(4789)))))
        .filteredOn(r -> r.target() == Verdict.ACCEPT)
        .allMatch(
            r ->
                r.matches()
                    .contains(PolicyMatch.of(PolicyMatch.Dir.IN, PolicyMatch.Processing.IPSEC)));
    assertThat(rules).anyMatch(r -> r.matches().contains(ProtocolMatch.of(Protocol.ESP)));
  }

  @Test
  void rejectsADataPathPortOutsideDockersRange() {
    assertThatThrownBy(() -> SwarmPorts.rules(Role.WORKER, V4, 49152, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("data-path port out of range [1024, 49151]: 49152");
  }

  @Test
  void rejectsADataPathPortOnAnotherSwarmPort() {
    assertThatThrownBy(() -> SwarmPorts.checkDataPathPort(2377))
        .hasMessage("data-path port clashes with a swarm port: 2377");
  }
}
