/** JMH benchmarks of building, validating, rendering and analysing rulesets. */
module dev.rampart.bench {
  requires java.management;
  requires jdk.management;
  requires dev.rampart.analysis;
  requires dev.rampart.dsl;
  requires dev.rampart.render.ferm;
  requires dev.rampart.render.iptables;
  requires dev.rampart.render.nftables;
  requires dev.rampart.testing;
  requires jmh.core;
  requires static org.immutables.value.annotations;

  exports dev.rampart.bench;
  exports dev.rampart.bench.jmh_generated;
}
