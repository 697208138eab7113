package dev.rampart.testing.gen;

import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Choices drawn from a {@link RandomGenerator} so that the smallest draw (what QuickTheories
 * shrinks towards) is the simplest choice: a chance not taken, the first of a list, the low bound.
 */
final class Draw {
  private final RandomGenerator random;

  Draw(RandomGenerator random) {
    this.random = random;
  }

  /** True with {@code percent} percent probability; a draw of 0 is false. */
  boolean chance(int percent) {
    return random.nextInt(100) >= 100 - percent;
  }

  /** An int in {@code [lo, hi]}. */
  int between(int lo, int hi) {
    return lo == hi ? lo : (int) random.nextLong(lo, hi + 1L);
  }

  /** One of {@code values}, the first being the simplest. */
  <T> T oneOf(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  /**
   * A draw of its own for one part (a rule, a set): a generator seeded by one draw of this one, so
   * the part takes exactly one draw whatever it holds. Under QuickTheories, leaving a part out or
   * changing it therefore never shifts the draws of the parts after it.
   */
  Draw slot() {
    return new Draw(new SplittableRandom(random.nextLong()));
  }

  /** The generator itself, for the shared value generators of {@link Generators}. */
  RandomGenerator random() {
    return random;
  }
}
