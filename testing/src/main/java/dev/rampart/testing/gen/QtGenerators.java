package dev.rampart.testing.gen;

import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * QuickTheories adapters of {@link Generators}: each value is drawn from a {@link RandomGenerator}
 * seeded by a long that QuickTheories draws, so a run is reproducible from QuickTheories' seed and
 * a failure shrinks by shrinking that long.
 *
 * <pre>{@code
 * Seeds.qt().forAll(QtGenerators.of(r -> Generators.port(r))).check(port -> ...);
 * }</pre>
 */
public final class QtGenerators {
  private QtGenerators() {}

  /** A QuickTheories generator of the values {@code generator} draws. */
  public static <T> Gen<T> of(Function<RandomGenerator, T> generator) {
    return SourceDSL.longs().all().map(seed -> generator.apply(new SplittableRandom(seed)));
  }
}
