package dev.rampart.testing.gen;

import static com.google.common.base.Preconditions.checkArgument;

import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.Packet;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.quicktheories.core.Gen;

/**
 * QuickTheories adapters of {@link Generators}: every draw the generator makes from its {@link
 * RandomGenerator} is one bounded draw from QuickTheories, so a run is reproducible from
 * QuickTheories' seed and a failure shrinks draw by draw towards the simplest choices (fewer chains
 * and rules, fewer matches, the first of each list, the lowest numbers): properties shrink to a
 * small counterexample without a shrinker of their own.
 *
 * <pre>{@code
 * Seeds.qt()
 *     .forAll(QtGenerators.rulesets(RulesetOptions.builder().families(Family.IPV4).build()))
 *     .checkAssert(rs -> assertThat(renderer.render(rs)).isNotEmpty());
 * }</pre>
 */
public final class QtGenerators {
  private QtGenerators() {}

  /** A QuickTheories generator of the values {@code generator} draws. */
  public static <T> Gen<T> of(Function<RandomGenerator, T> generator) {
    return in -> generator.apply(new SourceRandom(in));
  }

  /**
   * Rulesets drawn with {@code options}; see {@link Generators#ruleset(RandomGenerator,
   * RulesetOptions)}.
   */
  public static Gen<Ruleset> rulesets(RulesetOptions options) {
    return of(r -> Generators.ruleset(r, options));
  }

  /** Rulesets drawn with {@link RulesetOptions#defaults()}. */
  public static Gen<Ruleset> rulesets() {
    return rulesets(RulesetOptions.defaults());
  }

  /** Packets of {@code family}; see {@link Generators#packet(RandomGenerator, Family)}. */
  public static Gen<Packet> packets(Family family) {
    return of(r -> Generators.packet(r, family));
  }

  /**
   * Filter rules for chains reached from {@code hook}; see {@link Generators#rule}.
   *
   * @throws IllegalArgumentException if {@code hook} is not a filter built-in chain
   */
  public static Gen<Rule> rules(RulesetOptions options, String hook) {
    checkArgument(
        TableName.FILTER.hasBuiltin(hook), "generators: not a filter built-in chain: %s", hook);
    return of(r -> Generators.rule(r, options, hook));
  }
}
