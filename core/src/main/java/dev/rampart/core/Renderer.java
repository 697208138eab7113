package dev.rampart.core;

import com.google.common.collect.ImmutableSortedMap;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns a {@link Ruleset} into the text one backend loads. Implementations are deterministic: equal
 * rulesets give identical bytes. Found directly or through {@link java.util.ServiceLoader}.
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
   * Returns every file this backend needs to apply {@code ruleset}, by file name, e.g. {@code
   * rules.v4}, {@code rules.v6}, {@code ipset.rules}, {@code apply.sh}.
   *
   * @throws UnsupportedFeatureException when the backend cannot express a part of the ruleset
   */
  default ImmutableSortedMap<String, String> bundle(Ruleset ruleset) {
    return ImmutableSortedMap.of(format(), render(ruleset));
  }
}
