package dev.rampart.core;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A rule as a place: its chain and its 1-based index, {@code table filter, chain INPUT, rule 3}.
 */
public final class RuleRef implements Place {
  private final ChainRef chain;
  private final int index;

  private RuleRef(ChainRef chain, int index) {
    this.chain = checkNotNull(chain, "chain");
    if (index < 1) {
      throw InvalidModelException.of(chain, "rule index below 1", index);
    }
    this.index = index;
  }

  /**
   * The rule at {@code index} (1-based) of {@code chain}.
   *
   * @throws IllegalArgumentException if {@code index} is below 1
   */
  public static RuleRef of(ChainRef chain, int index) {
    return new RuleRef(chain, index);
  }

  /**
   * The rule at {@code index} (1-based) of {@code chain} in {@code table}.
   *
   * @throws IllegalArgumentException if {@code index} is below 1
   */
  public static RuleRef of(TableName table, String chain, int index) {
    return new RuleRef(ChainRef.of(table, chain), index);
  }

  @Override
  public Optional<Family> family() {
    return chain.family();
  }

  /** The chain the rule is in. */
  public ChainRef chain() {
    return chain;
  }

  /** The rule's 1-based index in its chain. */
  public int index() {
    return index;
  }

  @Override
  public RuleRef in(Family family) {
    return new RuleRef(chain.in(family), index);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof RuleRef r && chain.equals(r.chain) && index == r.index;
  }

  @Override
  public int hashCode() {
    return 31 * (31 + chain.hashCode()) + index; // Objects.hash(chain, index)
  }

  /** Returns {@code table filter, chain INPUT, rule 3}. */
  @Override
  public String toString() {
    return chain + ", rule " + index;
  }
}
