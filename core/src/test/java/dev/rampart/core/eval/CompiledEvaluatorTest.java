package dev.rampart.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.rampart.core.Ruleset;
import dev.rampart.core.eval.Evaluation.Decision;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CompiledEvaluatorTest {
  /** The seed of the generated cases; {@code -Drampart.seed=N} replays or explores others. */
  private static final long SEED = Long.getLong("rampart.seed", 20261202L);

  @Test
  void agreesWithTheTracingEvaluatorOnGeneratedRulesetsAndPackets() {
    AtomicInteger compared = new AtomicInteger();
    AtomicInteger depends = new AtomicInteger();
    qt().withFixedSeed(SEED)
        .withExamples(300)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              Ruleset rs = Generated.ruleset(r);
              Evaluator eval = Evaluator.of(rs, Generated.HOST);
              CompiledEvaluator fast = eval.compile();
              for (int i = 0; i < 40; i++) {
                Packet p = Generated.packet(r);
                Evaluation slow = eval.evaluate(p);
                compared.incrementAndGet();
                if (slow.decision() == Decision.DEPENDS) {
                  depends.incrementAndGet();
                }
                assertThat(fast.outcome(p))
                    .as(
                        "seed %s (rampart.seed=%s), packet %s, ruleset %s%n%s",
                        seed, SEED, p, rs, slow)
                    .isEqualTo(slow.outcome());
                assertThat(fast.decide(fast.prepare(p))).isEqualTo(slow.decision());
              }
            });
    System.out.printf(
        "compiled and tracing evaluators agreed on %d packets (%d depends), seed %d%n",
        compared.get(), depends.get(), SEED);
    assertThat(compared.get()).isEqualTo(300 * 40);
    assertThat(depends.get()).isPositive();
  }

  @Test
  void decidesWithoutATrace() {
    CompiledEvaluator fast =
        Evaluator.of(
                EvaluatorTest.ruleset(
                    EvaluatorTest.dockerNat(),
                    EvaluatorTest.filter(
                        EvaluatorTest.builtin("INPUT", dev.rampart.core.ChainPolicy.DROP))),
                EvaluatorTest.HOST)
            .compile();

    assertThat(fast.decide(fast.prepare(EvaluatorTest.SSH))).isEqualTo(Decision.DROPPED);
    assertThat(fast.outcome(Packet.tcp().from("203.0.113.9").to("198.51.100.1", 8080).in("eth0")))
        .hasToString("ACCEPTED FORWARD to 172.18.0.2:8080 out docker_gwbridge");
  }
}
