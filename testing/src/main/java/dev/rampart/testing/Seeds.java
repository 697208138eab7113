package dev.rampart.testing;

import java.util.Optional;
import java.util.Random;
import org.quicktheories.QuickTheory;

/**
 * The seed of every generated test: fixed by default, so a run never passes or fails on luck, and
 * overridden with {@code -Drampart.seed=N} to replay a failure or to explore other examples.
 *
 * <p>QuickTheories prints the seed it used ({@code Seed was N}) when a property is falsified; tests
 * that draw from a {@link Random} name the seed in their assertion descriptions.
 *
 * <pre>{@code
 * Seeds.qt().withExamples(100).forAll(longs().all()).checkAssert(seed -> ...);
 * Random random = Seeds.random();
 * }</pre>
 */
public final class Seeds {
  /** The system property that overrides the default seed; the build passes it to the tests. */
  public static final String PROPERTY = "rampart.seed";

  /** The seed used when {@link #PROPERTY} is unset or empty. */
  public static final long DEFAULT = 20_260_501L;

  private Seeds() {}

  /**
   * Returns the seed: {@code -Drampart.seed} when set, else {@link #DEFAULT}.
   *
   * @throws IllegalArgumentException if the property is set but is not a {@code long}
   */
  public static long seed() {
    return parse(Optional.ofNullable(System.getProperty(PROPERTY)));
  }

  /** Returns a QuickTheories entry point that uses {@link #seed()}. */
  public static QuickTheory qt() {
    return QuickTheory.qt().withFixedSeed(seed());
  }

  /** Returns a {@link Random} seeded with {@link #seed()}. */
  public static Random random() {
    return new Random(seed());
  }

  /** Reads a property value; empty or absent means {@link #DEFAULT}. */
  static long parse(Optional<String> property) {
    String value = property.orElse("").strip();
    if (value.isEmpty()) {
      return DEFAULT;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(PROPERTY + ": not a long: " + value, e);
    }
  }
}
