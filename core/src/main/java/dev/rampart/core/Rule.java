package dev.rampart.core;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.match.Match;
import dev.rampart.core.target.Target;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A rule: a conjunction of matches, one target and an optional comment. A rule applies to both
 * address families unless {@link #family()} restricts it or its matches imply one family (an IPv4
 * address, ICMP, a set of one family); see {@link Ruleset#familiesOf(Rule)}. Rules are checked in
 * the context of their chain when a {@link Ruleset} is built, the comment included: a rule alone
 * holds any comment a host may hold ({@link dev.rampart.core.snapshot.Snapshot}), a policy only
 * those {@link Names#checkComment} accepts.
 */
@Value.Immutable
public abstract class Rule {
  Rule() {}

  /** The matches, all of which must hold; empty matches every packet. */
  public abstract ImmutableList<Match> matches();

  /** What happens to a matching packet. */
  public abstract Target target();

  /** A comment, rendered with the rule ({@code -m comment}). */
  public abstract Optional<String> comment();

  /** An explicit family restriction, if any. */
  public abstract Optional<Family> family();

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A rule with {@code matches} and {@code target}. */
  public static Rule of(Iterable<? extends Match> matches, Target target) {
    return builder().addAllMatches(matches).target(target).build();
  }

  /** Whether the target refuses the packet: {@code DROP} or {@code REJECT}. */
  public final boolean refuses() {
    TargetFacts facts = TargetFacts.of(target());
    return facts.drops() || facts.rejects();
  }

  /** Builds a {@link Rule}. */
  public static final class Builder extends ImmutableRule.Builder {}
}
