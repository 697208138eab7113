package dev.rampart.core.snapshot;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Rule;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A chain as a host holds it: built-in (with a policy) or user-defined, whoever wrote it. A chain
 * is checked in its {@link SnapshotTable}, which knows which names are built-in.
 */
@Value.Immutable
public abstract class SnapshotChain {
  SnapshotChain() {}

  /** The name. */
  public abstract String name();

  /**
   * The policy; built-in chains only. In a {@link SnapshotTable} every built-in chain has one
   * ({@link ChainPolicy#ACCEPT} when not given, the kernel's default).
   */
  public abstract Optional<ChainPolicy> policy();

  /** The policy's counters, if the dump had them. */
  public abstract Optional<Counters> counters();

  /** The rules, in order. */
  public abstract ImmutableList<SnapshotRule> rules();

  /** The dump line that declared the chain, if it was read. */
  public abstract Optional<Origin> origin();

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link SnapshotChain}. */
  public static final class Builder extends ImmutableSnapshotChain.Builder {
    /** Adds {@code rule} without counters or origin. */
    public Builder addRule(Rule rule) {
      addRule(SnapshotRule.of(rule));
      return this;
    }
  }
}
