/** Renders a Rampart ruleset as iptables-restore, ip6tables-restore and ipset restore text. */
module dev.rampart.render.iptables {
  requires transitive dev.rampart.core;

  exports dev.rampart.render.iptables;

  provides dev.rampart.core.Renderer with
      dev.rampart.render.iptables.IptablesRenderer;
}
