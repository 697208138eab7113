package dev.rampart.testing.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.target.Log;
import dev.rampart.testing.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class QtGeneratorsTest {
  private static final int SHRINK_CYCLES = 300;

  @Test
  void aFixedSeedDrawsTheSameValuesInEveryRun() {
    List<Integer> first = new ArrayList<>();
    List<Integer> second = new ArrayList<>();

    Seeds.qt().withExamples(50).forAll(QtGenerators.of(Generators::port)).check(first::add);
    Seeds.qt().withExamples(50).forAll(QtGenerators.of(Generators::port)).check(second::add);

    assertThat(first).hasSizeGreaterThan(30).isEqualTo(second); // QuickTheories skips repeats
    assertThat(first).allSatisfy(p -> assertThat(p).isBetween(1, 65_535));
  }

  @Test
  void aFixedSeedDrawsTheSameRulesetsInEveryRun() {
    List<Ruleset> first = new ArrayList<>();
    List<Ruleset> second = new ArrayList<>();

    Seeds.qt().withExamples(30).forAll(QtGenerators.rulesets()).check(first::add);
    Seeds.qt().withExamples(30).forAll(QtGenerators.rulesets()).check(second::add);

    assertThat(first).hasSizeGreaterThan(25).isEqualTo(second);
  }

  /**
   * A counterexample of "no rule logs" shrinks from a ruleset of many rules to a few (most often
   * the one that logs alone; the shrinker tries at random), in the filter table alone.
   */
  @Test
  void aFailingRulesetPropertyShrinksToAFewRules() {
    List<Ruleset> failures = new ArrayList<>();

    assertThatThrownBy(
            () ->
                Seeds.qt()
                    .withExamples(200)
                    .withShrinkCycles(SHRINK_CYCLES)
                    .forAll(QtGenerators.rulesets())
                    .check(
                        rs -> {
                          boolean logs =
                              GeneratorsTest.rules(rs).anyMatch(r -> r.target() instanceof Log);
                          if (logs) {
                            failures.add(rs);
                          }
                          return !logs;
                        }))
        .isInstanceOf(AssertionError.class);

    Ruleset first = failures.get(0);
    Ruleset smallest = failures.get(failures.size() - 1);
    System.out.printf(
        "QtGeneratorsTest: %d rules shrunk to %d: %s%n",
        GeneratorsTest.rules(first).count(), GeneratorsTest.rules(smallest).count(), smallest);
    assertThat(GeneratorsTest.rules(first).count()).isGreaterThan(10);
    assertThat(GeneratorsTest.rules(smallest).toList())
        .hasSizeLessThanOrEqualTo(3)
        .anySatisfy(r -> assertThat(r.target()).isInstanceOf(Log.class));
    assertThat(smallest.tables()).hasSize(1);
  }

  @Test
  void rulesOfAHookAreDrawnWithoutJumps() {
    AtomicInteger drawn = new AtomicInteger();

    Seeds.qt()
        .withExamples(100)
        .forAll(QtGenerators.rules(RulesetOptions.defaults(), "OUTPUT"))
        .checkAssert(
            (Rule r) -> {
              drawn.incrementAndGet();
              assertThat(GeneratorsTest.kind(r.target())).isNotEqualTo("Jump");
            });

    assertThat(drawn.get()).isGreaterThan(90); // QuickTheories skips repeats
  }

  @Test
  void rulesNeedAFilterBuiltinChain() {
    assertThatThrownBy(() -> QtGenerators.rules(RulesetOptions.defaults(), "PREROUTING"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("generators: not a filter built-in chain: PREROUTING");
  }
}
