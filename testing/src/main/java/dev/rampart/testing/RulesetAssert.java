package dev.rampart.testing;

import dev.rampart.core.Ruleset;
import dev.rampart.core.eval.Evaluator;
import dev.rampart.core.eval.Host;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a {@link Ruleset}: choose the host it runs on, then assert verdicts. */
public final class RulesetAssert extends AbstractAssert<RulesetAssert, Ruleset> {
  RulesetAssert(Ruleset actual) {
    super(actual, RulesetAssert.class);
  }

  /** Asserts verdicts of the ruleset loaded on {@code host} (its interfaces and routes). */
  public VerdictAssert on(Host host) {
    isNotNull();
    return new VerdictAssert(Evaluator.of(actual, host));
  }
}
