/** Fluent builders for Rampart rulesets, and the swarm-aware presets. */
module dev.rampart.dsl {
  requires transitive dev.rampart.core;
  requires static org.immutables.value.annotations;
  requires static com.google.errorprone.annotations;
  requires static java.compiler;

  exports dev.rampart.dsl;
  exports dev.rampart.dsl.swarm;
}
