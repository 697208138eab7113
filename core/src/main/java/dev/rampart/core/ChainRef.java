package dev.rampart.core;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A chain as a place, {@code table filter, chain INPUT}. */
public final class ChainRef implements Place {
  private final TableRef table;
  private final String chain;

  private ChainRef(TableRef table, String chain) {
    this.table = checkNotNull(table, "table");
    this.chain = checkNotNull(chain, "chain");
  }

  /** The chain {@code chain} of {@code table}. */
  public static ChainRef of(TableRef table, String chain) {
    return new ChainRef(table, chain);
  }

  /** The chain {@code chain} of {@code table}, for any family. */
  public static ChainRef of(TableName table, String chain) {
    return new ChainRef(TableRef.of(table), chain);
  }

  /** The chain {@code chain} of {@code table} in {@code family}. */
  public static ChainRef of(Family family, TableName table, String chain) {
    return new ChainRef(TableRef.of(family, table), chain);
  }

  @Override
  public Optional<Family> family() {
    return table.family();
  }

  /** The table this chain is in, as a place. */
  public TableRef tableRef() {
    return table;
  }

  /** The table this chain is in. */
  public TableName table() {
    return table.table();
  }

  /** The chain's name. */
  public String name() {
    return chain;
  }

  /**
   * The rule at {@code index} (1-based, as {@code iptables -L --line-numbers} counts).
   *
   * @throws IllegalArgumentException if {@code index} is below 1
   */
  public RuleRef rule(int index) {
    return RuleRef.of(this, index);
  }

  @Override
  public ChainRef in(Family family) {
    return new ChainRef(table.in(family), chain);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ChainRef c && table.equals(c.table) && chain.equals(c.chain);
  }

  @Override
  public int hashCode() {
    return 31 * (31 + table.hashCode()) + chain.hashCode(); // Objects.hash(table, chain)
  }

  /** Returns {@code table filter, chain INPUT}. */
  @Override
  public String toString() {
    return table + ", chain " + chain;
  }
}
