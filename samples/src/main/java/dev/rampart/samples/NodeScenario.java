package dev.rampart.samples;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Ruleset;

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
}
