package dev.rampart.render.iptables;

import dev.rampart.core.match.Match;
import dev.rampart.core.match.OpaqueMatch;
import dev.rampart.core.target.OpaqueTarget;
import dev.rampart.core.target.Target;
import java.util.List;

/** Opaque matches and targets: what the model keeps by name and words without interpreting. */
final class Opaque {
  private Opaque() {}

  /** The module {@code module} with its option words, as read. */
  static Match match(String module, List<String> words) {
    return OpaqueMatch.of(module, words);
  }

  /** The target {@code name} with its option words, as read. */
  static Target target(String name, List<String> words) {
    return OpaqueTarget.of(name, words);
  }
}
