package dev.rampart.testing.gen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Chain;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.CompiledEvaluator;
import dev.rampart.core.eval.Evaluation;
import dev.rampart.core.eval.Evaluation.Decision;
import dev.rampart.core.eval.Evaluator;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.match.OpaqueMatch;
import dev.rampart.core.target.OpaqueTarget;
import dev.rampart.core.target.Verdict;
import dev.rampart.testing.Seeds;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The compiled evaluator answers what the tracing evaluator answers, on rulesets and packets of
 * {@link Generators} (both families, every match, target and table kind, DNAT to Docker's bridges
 * of {@link Generators#host()}); one ruleset in four also holds a rule with an opaque match or
 * target, which both must answer alike. Fixed seed ({@link Seeds}); a failure shrinks and prints
 * the ruleset, the packet and the trace.
 */
class CompiledEvaluatorPropertyTest {
  private static final int RULESETS = 300;
  private static final int PACKETS = 40;

  /** Opaque targets: unknown (may continue, accept or drop), terminating, non-terminating. */
  private static final List<String> OPAQUE_TARGETS = List.of("SOMETHING", "NFQUEUE", "CONNMARK");

  @Test
  void theCompiledEvaluatorAgreesWithTheTracingEvaluator() {
    Map<Decision, Integer> decisions = new EnumMap<>(Decision.class);
    Seeds.qt()
        .withExamples(RULESETS)
        .forAll(QtGenerators.of(CompiledEvaluatorPropertyTest::draw))
        .checkAssert(
            c -> {
              Evaluator eval = Evaluator.of(c.ruleset(), Generators.host());
              CompiledEvaluator fast = eval.compile();
              for (Packet p : c.packets()) {
                Evaluation slow = eval.evaluate(p);
                decisions.merge(slow.decision(), 1, Integer::sum);
                assertThat(fast.outcome(p))
                    .as("seed %s, packet %s, ruleset %s%n%s", Seeds.seed(), p, c.ruleset(), slow)
                    .isEqualTo(slow.outcome());
                assertThat(fast.decide(fast.prepare(p)))
                    .as("seed %s, packet %s, ruleset %s%n%s", Seeds.seed(), p, c.ruleset(), slow)
                    .isEqualTo(slow.decision());
              }
            });
    System.out.printf(
        "CompiledEvaluatorPropertyTest: both evaluators agreed on %d packets over %d rulesets,"
            + " seed %d: %s%n",
        decisions.values().stream().mapToInt(Integer::intValue).sum(),
        RULESETS,
        Seeds.seed(),
        decisions);
    assertThat(decisions.keySet())
        .as("every decision is exercised")
        .containsExactlyInAnyOrder(Decision.values());
  }

  /** A ruleset and the packets to evaluate on it. */
  record Case(Ruleset ruleset, List<Packet> packets) {}

  private static Case draw(RandomGenerator r) {
    Ruleset rs = Generators.ruleset(r);
    if (r.nextInt(4) == 0) {
      rs = withOpaqueRule(rs, r);
    }
    List<Packet> packets = new ArrayList<>();
    for (int i = 0; i < PACKETS; i++) {
      packets.add(Generators.packet(r));
    }
    return new Case(rs, packets);
  }

  /** {@code rs} with a rule of an opaque match or target inserted into filter INPUT or FORWARD. */
  private static Ruleset withOpaqueRule(Ruleset rs, RandomGenerator r) {
    Rule opaque =
        r.nextBoolean()
            ? Rule.builder()
                .addMatches(OpaqueMatch.of("recent", List.of("--rcheck", "--name", "ssh")))
                .target(Verdict.DROP)
                .family(Family.IPV4)
                .build()
            : Rule.builder()
                .target(OpaqueTarget.of(OPAQUE_TARGETS.get(r.nextInt(3)), List.of()))
                .build();
    String into = r.nextBoolean() ? "INPUT" : "FORWARD";
    List<Table> tables = new ArrayList<>();
    for (Table t : rs.tables()) {
      List<Chain> chains = new ArrayList<>();
      for (Chain c : t.chains()) {
        if (t.name() == TableName.FILTER && c.name().equals(into)) {
          List<Rule> rules = new ArrayList<>(c.rules());
          rules.add(r.nextInt(rules.size() + 1), opaque);
          c = Chain.builder().from(c).rules(rules).build();
        }
        chains.add(c);
      }
      tables.add(Table.of(t.name(), chains));
    }
    return Ruleset.builder().from(rs).tables(tables).build();
  }
}
