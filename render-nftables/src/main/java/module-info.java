/** Renders Rampart rulesets as one {@code nft -f} script that coexists with Docker. */
module dev.rampart.render.nftables {
  requires transitive dev.rampart.core;
  requires static org.immutables.value.annotations;

  exports dev.rampart.render.nftables;

  provides dev.rampart.core.Renderer with
      dev.rampart.render.nftables.NftablesRenderer;
}
