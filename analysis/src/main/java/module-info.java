/** Exact analyses of Rampart rulesets and host snapshots: exposure, change, dead rules. */
module dev.rampart.analysis {
  requires transitive dev.rampart.core;

  exports dev.rampart.analysis;
}
