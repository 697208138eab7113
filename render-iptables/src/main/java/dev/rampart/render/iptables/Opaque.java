package dev.rampart.render.iptables;

import dev.rampart.core.match.Match;
import dev.rampart.core.target.Target;
import java.util.List;

/** Opaque matches and targets: what the model keeps by name and words without interpreting. */
@SuppressWarnings("DoNotCallSuggester") // until the model has opaque matches and targets
final class Opaque {
  private Opaque() {}

  /** The module {@code module} with its option words, as read. */
  static Match match(String module, List<String> words) {
    throw new ParseProblem("match module not in the model: " + module + " " + words);
  }

  /** The target {@code name} with its option words, as read. */
  static Target target(String name, List<String> words) {
    throw new ParseProblem("target not in the model: " + name + " " + words);
  }
}
