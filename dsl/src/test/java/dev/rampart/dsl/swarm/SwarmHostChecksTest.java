package dev.rampart.dsl.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Cidr;
import dev.rampart.core.InvalidModelException;
import dev.rampart.core.SwarmAccess;
import org.junit.jupiter.api.Test;

/**
 * The policy checks the presets run when they build. The public API cannot make a preset whose
 * policy fails them (the port checks refuse every fact that would open a swarm port or close SSH),
 * so the failing cases check a preset against another preset's policy.
 */
class SwarmHostChecksTest {
  private static SwarmHost.Builder node(SwarmHost.Builder b) {
    return b.externalInterfaces("eth0")
        .internalInterfaces("ens11")
        .trustedNodes(SourceSet.trustedNodes("10.10.10.0/24", "fd00:10::/64"));
  }

  @Test
  void refusesAManagerPolicyThatClosesTheManagementPortToTheTrustedNodes() {
    SwarmHost manager = unbound(SwarmHost.manager()).build();
    SwarmHost worker = unbound(SwarmHost.worker()).build();

    assertThatThrownBy(() -> SwarmHostChecks.checkAccess(manager, worker.ruleset()))
        .isInstanceOf(InvalidModelException.class)
        .hasMessage(
            "ipv4 table filter, chain INPUT: swarm port not reachable from the trusted nodes:"
                + " 2377/tcp from swarm-nodes member 10.10.10.0/24 on interface eth0: tcp"
                + " 10.10.10.1:40000 > 198.51.100.1:2377 in eth0 state new flags syn: DROPPED by"
                + " ipv4 table filter, chain FILTERS, rule 10: -i eth0 -j DROP /* not allowed */");
  }

  /** Trusted nodes on any interface (no internal one). */
  private static SwarmHost.Builder unbound(SwarmHost.Builder b) {
    return b.externalInterfaces("eth0")
        .trustedNodes(SourceSet.trustedNodes("10.10.10.0/24", "fd00:10::/64"));
  }

  @Test
  void refusesAPolicyThatOpensTheSwarmPortsOnTheExternalInterface() {
    SwarmHost bound = node(SwarmHost.manager()).build();
    SwarmHost unbound = unbound(SwarmHost.manager()).build();

    // the unbound policy accepts the trusted nodes on eth0, where the bound facts say only
    // outsiders arrive: an outsider spoofing a trusted source is not the point, an untrusted
    // source is, and the unbound policy drops those; so only the trusted side differs
    assertThatCode(() -> SwarmHostChecks.checkAccess(bound, unbound.ruleset()))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> SwarmHostChecks.checkAccess(unbound, bound.ruleset()))
        .hasMessageStartingWith(
            "ipv4 table filter, chain INPUT: swarm port not reachable from the trusted nodes:"
                + " 2377/tcp from swarm-nodes member 10.10.10.0/24 on interface eth0: ");
  }

  @Test
  void describesTheSwarmAccessOfItsFacts() {
    SwarmHost h =
        node(SwarmHost.worker())
            .encryptedOverlays(true)
            .dataPathPort(4790)
            .internalNetworks("192.168.0.0/16")
            .build();

    assertThat(h.swarmAccess())
        .isEqualTo(
            SwarmAccess.builder()
                .addTcpPorts(7946)
                .addUdpPorts(7946, 4790)
                .addIpsecUdpPorts(4790)
                .esp(true)
                .addTrusted(Cidr.parse("10.10.10.0/24"), Cidr.parse("fd00:10::/64"))
                .trustedName("swarm-nodes")
                .addTrustedInterfaces("ens11")
                .addOutsideInterfaces("eth0")
                .addAlsoTrusted(Cidr.parse("192.168.0.0/16"))
                .build());
  }

  @Test
  void buildsEncryptedAndPlainManagersAndWorkersThatPassTheirChecks() {
    for (boolean encrypted : new boolean[] {false, true}) {
      for (SwarmHost.Builder b :
          new SwarmHost.Builder[] {SwarmHost.manager(), SwarmHost.worker()}) {
        assertThatCode(() -> node(b).encryptedOverlays(encrypted).build())
            .doesNotThrowAnyException();
        assertThatCode(
                () ->
                    b.trustedNodes(SourceSet.trustedNodes("10.10.10.0/24"))
                        .adminSources(SourceSet.parse("admins", "203.0.113.0/24"))
                        .inputPolicy(dev.rampart.core.ChainPolicy.DROP)
                        .build())
            .doesNotThrowAnyException();
      }
    }
  }
}
