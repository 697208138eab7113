package dev.rampart.testing.gen;

import java.util.random.RandomGenerator;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * A {@link RandomGenerator} whose every draw is one bounded draw from QuickTheories: QuickTheories
 * records the draws and shrinks each towards its lower bound, so a generator written against {@code
 * RandomGenerator} shrinks structurally (fewer rules, earlier choices, smaller numbers) without
 * knowing QuickTheories.
 */
final class SourceRandom implements RandomGenerator {
  private final RandomnessSource in;

  SourceRandom(RandomnessSource in) {
    this.in = in;
  }

  @Override
  public long nextLong() {
    return in.next(Constraint.between(Long.MIN_VALUE, Long.MAX_VALUE).withShrinkPoint(0));
  }

  @Override
  public int nextInt() {
    return (int)
        in.next(Constraint.between(Integer.MIN_VALUE, Integer.MAX_VALUE).withShrinkPoint(0));
  }

  @Override
  public boolean nextBoolean() {
    return in.next(Constraint.zeroToOne()) == 1;
  }

  @Override
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    return (int) in.next(Constraint.between(0, bound - 1L));
  }

  @Override
  public int nextInt(int origin, int bound) {
    if (origin >= bound) {
      throw new IllegalArgumentException(
          "bound must be greater than origin: " + origin + ", " + bound);
    }
    return (int) in.next(Constraint.between(origin, bound - 1L));
  }

  @Override
  public long nextLong(long bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    return in.next(Constraint.between(0, bound - 1));
  }

  @Override
  public long nextLong(long origin, long bound) {
    if (origin >= bound) {
      throw new IllegalArgumentException(
          "bound must be greater than origin: " + origin + ", " + bound);
    }
    return in.next(Constraint.between(origin, bound - 1));
  }

  @Override
  public double nextDouble() {
    return in.next(Constraint.between(0, (1L << 53) - 1)) * 0x1.0p-53;
  }

  @Override
  public float nextFloat() {
    return in.next(Constraint.between(0, (1L << 24) - 1)) * 0x1.0p-24f;
  }
}
