/** Renders a Rampart ruleset as a ferm configuration, with Docker's chains kept by @preserve. */
module dev.rampart.render.ferm {
  requires transitive dev.rampart.core;
  requires static org.immutables.value.annotations;

  exports dev.rampart.render.ferm;

  provides dev.rampart.core.Renderer with
      dev.rampart.render.ferm.FermRenderer;
}
