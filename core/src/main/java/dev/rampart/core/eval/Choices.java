package dev.rampart.core.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The branches one run of the evaluator takes where the model cannot decide: replays a given prefix
 * of choices, takes the first option beyond it, and computes the next prefix so that every
 * combination is visited once (depth first).
 */
final class Choices {
  private final List<Integer> script;
  private final List<Integer> chosen = new ArrayList<>();
  private final List<Integer> arity = new ArrayList<>();

  Choices(List<Integer> script) {
    this.script = script;
  }

  /** Picks one of {@code options} choices (0-based). */
  int choose(int options) {
    int pos = chosen.size();
    int c = pos < script.size() ? script.get(pos) : 0;
    chosen.add(c);
    arity.add(options);
    return c;
  }

  /** Whether this run made any choice. */
  boolean any() {
    return !chosen.isEmpty();
  }

  /** The script of the next run, or empty when every combination was run. */
  Optional<List<Integer>> next() {
    for (int k = chosen.size() - 1; k >= 0; k--) {
      if (chosen.get(k) + 1 < arity.get(k)) {
        List<Integer> n = new ArrayList<>(chosen.subList(0, k));
        n.add(chosen.get(k) + 1);
        return Optional.of(n);
      }
    }
    return Optional.empty();
  }
}
