package dev.rampart.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.eval.Evaluation.Decision;
import org.junit.jupiter.api.Test;

/**
 * The compiled evaluator on hand-written cases; the property that it equals the tracing evaluator
 * on generated rulesets and packets is {@code CompiledEvaluatorPropertyTest} in rampart-testing,
 * whose generators core's tests cannot use.
 */
class CompiledEvaluatorTest {
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
