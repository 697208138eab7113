package dev.rampart.samples;

import dev.rampart.core.Ruleset;
import dev.rampart.core.SwarmAccess;
import dev.rampart.dsl.swarm.HostPort;
import dev.rampart.dsl.swarm.SourceSet;
import dev.rampart.dsl.swarm.SwarmHost;
import java.util.Optional;

/**
 * A swarm manager on the internet: external {@code eth0}, private network {@code ens11}
 * (10.10.10.0/24, fd00:10::/64) trusted without restriction; 22, 80 and 443 open to the world.
 *
 * <p>Threat model: the internet may reach SSH and the web ports, nothing else. 80 and 443 answer
 * whether a process on the host or a published service (routing mesh) serves them: they are open in
 * the host chain and returned in {@code DOCKER-USER}. Every other published service is dropped when
 * it arrives on {@code eth0}, whatever Docker publishes; the swarm ports (2377, 7946, 4789) answer
 * only to the trusted nodes; the private network is trusted as a whole, so a compromised peer there
 * is out of scope. ICMP 3, 11 and rate-limited 8 for IPv4, and the ICMPv6 IPv6 needs (neighbour
 * discovery included) are accepted. INPUT's policy is left alone: what arrives on other interfaces
 * (Docker's bridges) keeps working.
 */
public final class SwarmManager implements Scenario {
  /** The trusted nodes: the private network, both families. */
  public static final SourceSet NODES = SourceSet.trustedNodes("10.10.10.0/24", "fd00:10::/64");

  @Override
  public String name() {
    return "swarm-manager";
  }

  @Override
  public String description() {
    return "swarm manager: eth0 external (22, 80, 443 open), ens11 trusted, published services"
        + " dropped on eth0 unless allowed";
  }

  @Override
  public Ruleset ruleset() {
    return swarmHost().ruleset();
  }

  @Override
  public Optional<SwarmAccess> swarmAccess() {
    return Optional.of(swarmHost().swarmAccess());
  }

  private static SwarmHost swarmHost() {
    return SwarmHost.manager()
        .externalInterfaces("eth0")
        .internalInterfaces("ens11")
        .trustedNodes(NODES)
        .openPorts(HostPort.tcp(80), HostPort.tcp(443))
        .build();
  }
}
