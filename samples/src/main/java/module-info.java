/** Runnable scenarios and the command line that renders them. */
module dev.rampart.samples {
  requires dev.rampart.dsl;
  requires dev.rampart.render.iptables;

  exports dev.rampart.samples;
}
