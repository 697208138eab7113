package dev.rampart.core.snapshot;

import dev.rampart.core.Rule;
import java.util.Optional;
import org.immutables.value.Value;

/** A rule as a host holds it: the rule, and where known its counters and its line in a dump. */
@Value.Immutable
public abstract class SnapshotRule {
  SnapshotRule() {}

  /** The rule. */
  public abstract Rule rule();

  /** The rule's counters, if the dump had them. */
  public abstract Optional<Counters> counters();

  /** The dump line the rule was read from, if it was read. */
  public abstract Optional<Origin> origin();

  /** {@code rule} without counters or origin. */
  public static SnapshotRule of(Rule rule) {
    return builder().rule(rule).build();
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link SnapshotRule}. */
  public static final class Builder extends ImmutableSnapshotRule.Builder {}
}
