package dev.rampart.samples;

import dev.rampart.core.Ruleset;
import dev.rampart.core.SwarmAccess;
import dev.rampart.dsl.swarm.SwarmHost;
import java.util.Optional;

/**
 * A swarm worker on the internet: external {@code eth0}, private network {@code ens11}
 * (10.10.10.0/24, fd00:10::/64) trusted without restriction; only SSH open to the world.
 *
 * <p>Threat model: as {@link SwarmManager}, but the internet reaches SSH only; a worker does not
 * listen on 2377, so it is not opened even to the trusted nodes. Published services reach the
 * worker's routing mesh only from the private network.
 */
public final class SwarmWorker implements Scenario {
  @Override
  public String name() {
    return "swarm-worker";
  }

  @Override
  public String description() {
    return "swarm worker: eth0 external (22 open), ens11 trusted, published services dropped on"
        + " eth0";
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
    return SwarmHost.worker()
        .externalInterfaces("eth0")
        .internalInterfaces("ens11")
        .trustedNodes(SwarmManager.NODES)
        .build();
  }
}
