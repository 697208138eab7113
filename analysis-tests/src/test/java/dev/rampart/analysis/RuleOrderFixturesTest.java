package dev.rampart.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.ChainRef;
import dev.rampart.core.RuleRef;
import dev.rampart.core.Ruleset;
import dev.rampart.core.eval.Evaluator;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.core.snapshot.SnapshotChain;
import dev.rampart.core.snapshot.SnapshotRule;
import dev.rampart.core.snapshot.SnapshotTable;
import dev.rampart.testing.Seeds;
import dev.rampart.testing.gen.Generators;
import dev.rampart.testing.gen.RulesetOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Rule order over Docker's own dumps, every adjacent pair: each witness is decided differently once
 * the rules are swapped, and no pair is answered "does not commute" without a witness (the cap on
 * atoms included). The counts and the time are printed; the same for large generated rulesets.
 */
class RuleOrderFixturesTest {
  private static final int LARGE_RULES = 30;
  private static final int LARGE_RULESETS = 3;

  @Test
  void everyPairOfADockerDumpHasAnExactAnswer() {
    Map<String, Snapshot> dumps = DeadRulesFixturesTest.wholeDumps();
    for (Map.Entry<String, Snapshot> entry : dumps.entrySet()) {
      String name = entry.getKey();
      Snapshot dump = entry.getValue();
      long start = System.nanoTime();
      RuleOrder order = RuleOrder.of(dump, DeadRulesPropertiesTest.HOST);
      Evaluator before = Evaluator.of(dump, DeadRulesPropertiesTest.HOST);
      int[] counts = new int[Commutation.Answer.values().length];
      List<String> withoutWitness = new ArrayList<>();
      for (SnapshotTable t : dump.tables()) {
        for (SnapshotChain c : t.chains()) {
          for (int r = 1; r < c.rules().size(); r++) {
            RuleRef first = ChainRef.of(t.family(), t.name(), c.name()).rule(r);
            Commutation answer = order.commutes(first);
            counts[answer.answer().ordinal()]++;
            if (answer.answer() != Commutation.Answer.DOES_NOT_COMMUTE) {
              continue;
            }
            if (answer.witness().isEmpty()) {
              withoutWitness.add(answer.toString());
              continue;
            }
            Packet w = answer.witness().get();
            Snapshot swapped = swapped(dump, first);
            assertThat(
                    DeadRulesPropertiesTest.fates(
                        Evaluator.of(swapped, DeadRulesPropertiesTest.HOST).evaluate(w)))
                .as(name + " " + answer + "\n" + before.evaluate(w))
                .isNotEqualTo(DeadRulesPropertiesTest.fates(before.evaluate(w)));
          }
        }
      }
      System.out.printf(
          "%s: %d commute, %d do not, %d depend, %d without a witness, %d ms%n",
          name,
          counts[0],
          counts[1],
          counts[2],
          withoutWitness.size(),
          (System.nanoTime() - start) / 1_000_000);
      assertThat(withoutWitness).as(name).isEmpty();
    }
    assertThat(dumps).isNotEmpty();
  }

  /**
   * Every adjacent pair of a few generated rulesets of up to {@value #LARGE_RULES} rules a chain:
   * the atom search stays under its cap (no pair without a witness) and its time is printed.
   */
  @Test
  void everyPairOfALargeGeneratedRulesetHasAWitnessWhenItDoesNotCommute() {
    long seed = Seeds.seed();
    Random random = new Random(seed + 3);
    RulesetOptions options = RulesetOptions.builder().maxRules(LARGE_RULES).build();
    for (int i = 0; i < LARGE_RULESETS; i++) {
      Ruleset policy = Generators.ruleset(random, options);
      long start = System.nanoTime();
      RuleOrder order = RuleOrder.of(policy, DeadRulesPropertiesTest.HOST);
      int[] counts = new int[Commutation.Answer.values().length];
      List<String> withoutWitness = new ArrayList<>();
      Snapshot snapshot = Snapshot.of(policy);
      for (SnapshotTable t : snapshot.tables()) {
        for (SnapshotChain c : t.chains()) {
          for (int r = 1; r < c.rules().size(); r++) {
            Commutation answer =
                order.commutes(ChainRef.of(t.family(), t.name(), c.name()).rule(r));
            counts[answer.answer().ordinal()]++;
            if (answer.answer() == Commutation.Answer.DOES_NOT_COMMUTE
                && answer.witness().isEmpty()) {
              withoutWitness.add(answer.toString());
            }
          }
        }
      }
      System.out.printf(
          "seed %d, large ruleset %d: %d commute, %d do not, %d depend, %d without a witness,"
              + " %d ms%n",
          seed,
          i,
          counts[0],
          counts[1],
          counts[2],
          withoutWitness.size(),
          (System.nanoTime() - start) / 1_000_000);
      assertThat(withoutWitness).as("seed " + seed + ", ruleset " + i + ":\n" + policy).isEmpty();
    }
  }

  /** {@code dump} with the rule at {@code first} and the next one swapped. */
  private static Snapshot swapped(Snapshot dump, RuleRef first) {
    List<SnapshotTable> tables = new ArrayList<>();
    for (SnapshotTable t : dump.tables()) {
      List<SnapshotChain> chains = new ArrayList<>();
      for (SnapshotChain c : t.chains()) {
        boolean here =
            t.family() == first.family().orElseThrow()
                && t.name() == first.chain().table()
                && c.name().equals(first.chain().name());
        if (!here) {
          chains.add(c);
          continue;
        }
        List<SnapshotRule> rules = new ArrayList<>(c.rules());
        rules.set(first.index() - 1, c.rules().get(first.index()));
        rules.set(first.index(), c.rules().get(first.index() - 1));
        chains.add(SnapshotChain.builder().from(c).rules(rules).build());
      }
      tables.add(SnapshotTable.builder().from(t).chains(chains).build());
    }
    return Snapshot.builder().from(dump).tables(tables).build();
  }
}
