/** Rampart's immutable firewall model, its validation and the renderer SPI. */
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

  uses dev.rampart.core.Renderer;
}
