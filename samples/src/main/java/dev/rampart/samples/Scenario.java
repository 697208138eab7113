package dev.rampart.samples;

import dev.rampart.core.Ruleset;
import dev.rampart.core.SwarmAccess;
import dev.rampart.core.eval.Host;
import java.util.Optional;

/** A named sample policy with the threat model it answers. */
public interface Scenario {
  /** The name used on the command line, e.g. {@code minimal-host}. */
  String name();

  /** One line saying what the policy does. */
  String description();

  /** The policy. */
  Ruleset ruleset();

  /**
   * The host {@code trace} evaluates the policy on unless {@code --host} says otherwise: by default
   * {@link #DEFAULT_HOST}, a Swarm node with a public address on {@code eth0}.
   */
  default Host host() {
    return Host.parse(DEFAULT_HOST);
  }

  /**
   * For a swarm scenario, the swarm access its policy promises (the swarm ports reachable from the
   * trusted nodes and nothing else), which {@code check} verifies; empty by default.
   */
  default Optional<SwarmAccess> swarmAccess() {
    return Optional.empty();
  }

  /** A Swarm node: public address on eth0 (the default route), the bridges Docker creates. */
  String DEFAULT_HOST =
      "eth0=198.51.100.1/24,docker_gwbridge=172.18.0.1/16,docker0=172.17.0.1/16,default=eth0";
}
