package dev.rampart.samples;

import dev.rampart.core.Ruleset;

/** A named sample policy with the threat model it answers. */
public interface Scenario {
  /** The name used on the command line, e.g. {@code minimal-host}. */
  String name();

  /** One line saying what the policy does. */
  String description();

  /** The policy. */
  Ruleset ruleset();
}
