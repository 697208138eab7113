package dev.rampart.samples;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableRangeSet;
import dev.rampart.core.Ruleset;
import dev.rampart.core.SwarmAccess;
import dev.rampart.core.eval.Host;
import java.util.Optional;

/**
 * A scenario describing several nodes: {@link #ruleset()} is the default node's policy, {@link
 * #ruleset(String)} any node's (the command line's {@code --node NAME}).
 */
public interface NodeScenario extends Scenario {
  /** The node names, in the order described. */
  ImmutableList<String> nodes();

  /**
   * The policy of the node {@code node}.
   *
   * @throws IllegalArgumentException when there is no such node, naming the known ones
   */
  Ruleset ruleset(String node);

  /**
   * The host the node {@code node} is, for {@code exposure}'s matrix: by default {@link #host()}.
   *
   * @throws IllegalArgumentException when there is no such node, naming the known ones
   */
  default Host host(String node) {
    ruleset(node);
    return host();
  }

  /**
   * The swarm access of the node {@code node}, for {@code check}: by default {@link
   * #swarmAccess()}.
   *
   * @throws IllegalArgumentException when there is no such node, naming the known ones
   */
  default Optional<SwarmAccess> swarmAccess(String node) {
    ruleset(node);
    return swarmAccess();
  }

  /**
   * The ports the node {@code node} publishes through the routing mesh, by protocol number (6 tcp,
   * 17 udp); by default none.
   */
  default ImmutableMap<Integer, ImmutableRangeSet<Integer>> meshPorts(String node) {
    return ImmutableMap.of();
  }
}
