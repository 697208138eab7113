package dev.rampart.core;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns a {@link Ruleset} into the text one backend loads. Implementations are deterministic: equal
 * rulesets give identical bytes. Every backend is made the same way ({@code
 * XRenderer.builder()...build()} or {@code XRenderer.of(RenderMode)}) and is also found through
 * {@link java.util.ServiceLoader}, on the class path and on the module path.
 */
public interface Renderer {
  /** The format's name, e.g. {@code iptables}, {@code ip6tables}, {@code ipset}. */
  String format();

  /**
   * Writes the rendering of {@code ruleset} to {@code out}.
   *
   * @throws UnsupportedFeatureException when the backend cannot express a part of the ruleset
   * @throws IOException when {@code out} fails
   */
  void render(Ruleset ruleset, Appendable out) throws IOException;

  /**
   * Returns the rendering of {@code ruleset}.
   *
   * @throws UnsupportedFeatureException when the backend cannot express a part of the ruleset
   */
  default String render(Ruleset ruleset) {
    StringBuilder out = new StringBuilder();
    try {
      render(ruleset, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * Returns every file this backend needs to apply {@code ruleset}, e.g. {@code coexist.v4}, {@code
   * coexist.v6}, {@code ipset.rules} and the executable {@code apply.sh}. By default one file named
   * after the {@link #format()}, holding the {@link #render(Ruleset) rendering}.
   *
   * @throws UnsupportedFeatureException when the backend cannot express a part of the ruleset
   */
  default Bundle bundle(Ruleset ruleset) {
    return Bundle.of(format(), render(ruleset));
  }
}
