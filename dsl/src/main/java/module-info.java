/** Fluent builders for Rampart rulesets. */
module dev.rampart.dsl {
  requires transitive dev.rampart.core;

  exports dev.rampart.dsl;
}
