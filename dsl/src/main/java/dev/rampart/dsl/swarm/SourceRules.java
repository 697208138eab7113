package dev.rampart.dsl.swarm;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.target.Target;
import dev.rampart.dsl.Rampart;
import dev.rampart.dsl.RuleBuilder;
import java.util.function.UnaryOperator;

/**
 * Rules of the presets restricted to a {@link SourceSet}: a set holds one family, so a group
 * becomes one rule per family it holds. Each rule is written afresh by {@code rule} on a new {@link
 * RuleBuilder}, so one description serves every family.
 */
final class SourceRules {
  private SourceRules() {}

  /** One rule per family of {@code sources}, each matching that family's set, IPv4 first. */
  static ImmutableList<Rule> from(
      SourceSet sources, UnaryOperator<RuleBuilder> rule, Target target) {
    ImmutableList.Builder<Rule> out = ImmutableList.builder();
    for (Family f : sources.families()) {
      out.add(rule.apply(Rampart.rule()).srcSet(sources.setName(f)).target(target));
    }
    return out.build();
  }

  /** The rule alone: from anywhere. */
  static ImmutableList<Rule> anywhere(UnaryOperator<RuleBuilder> rule, Target target) {
    return ImmutableList.of(rule.apply(Rampart.rule()).target(target));
  }
}
