/** Exact analyses of Rampart rulesets and host snapshots: exposure, change, dead rules. */
module dev.rampart.analysis {
  requires transitive dev.rampart.core;
  requires static org.immutables.value.annotations;
  requires static com.google.errorprone.annotations;
  requires static java.compiler;

  exports dev.rampart.analysis;
}
