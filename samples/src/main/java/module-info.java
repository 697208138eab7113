/** Runnable scenarios and the command line that renders them. */
module dev.rampart.samples {
  requires dev.rampart.analysis;
  requires dev.rampart.dsl;
  requires dev.rampart.render.ferm;
  requires dev.rampart.render.iptables;
  requires dev.rampart.render.nftables;

  exports dev.rampart.samples;
}
