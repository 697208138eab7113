/** Fluent builders for Rampart rulesets, and the swarm-aware presets. */
module dev.rampart.dsl {
  requires transitive dev.rampart.core;

  exports dev.rampart.dsl;
  exports dev.rampart.dsl.swarm;
}
