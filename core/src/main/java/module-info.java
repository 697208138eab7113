/**
 * Rampart's immutable firewall model, its validation and the renderer SPI. The qualified export of
 * {@code dev.rampart.core.internal} names renderer modules core cannot see when it is compiled,
 * hence the suppressed warning.
 */
@SuppressWarnings("module")
module dev.rampart.core {
  requires transitive com.google.common;
  requires transitive org.jspecify;
  requires static org.immutables.value.annotations;
  requires static com.google.errorprone.annotations;
  requires static java.compiler;

  exports dev.rampart.core;
  exports dev.rampart.core.docker;
  exports dev.rampart.core.eval;
  exports dev.rampart.core.match;
  exports dev.rampart.core.snapshot;
  exports dev.rampart.core.target;
  exports dev.rampart.core.internal to
      dev.rampart.render.iptables,
      dev.rampart.render.ferm,
      dev.rampart.render.nftables;

  uses dev.rampart.core.Renderer;
}
