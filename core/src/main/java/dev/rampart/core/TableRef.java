package dev.rampart.core;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A table as a place, {@code table filter}, optionally of one family. */
public final class TableRef implements Place {
  private final Optional<Family> family;
  private final TableName table;

  private TableRef(Optional<Family> family, TableName table) {
    this.family = family;
    this.table = checkNotNull(table, "table");
  }

  /** The table {@code table}, for any family. */
  public static TableRef of(TableName table) {
    return new TableRef(Optional.empty(), table);
  }

  /** The table {@code table} of {@code family}. */
  public static TableRef of(Family family, TableName table) {
    return new TableRef(Optional.of(checkNotNull(family, "family")), table);
  }

  @Override
  public Optional<Family> family() {
    return family;
  }

  /** The table. */
  public TableName table() {
    return table;
  }

  /** The chain {@code name} of this table. */
  public ChainRef chain(String name) {
    return ChainRef.of(this, name);
  }

  @Override
  public TableRef in(Family family) {
    return of(family, table);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TableRef t && family.equals(t.family) && table == t.table;
  }

  @Override
  public int hashCode() {
    return 31 * (31 + family.hashCode()) + table.hashCode(); // Objects.hash(family, table)
  }

  /** Returns {@code table filter}, or {@code ipv6 table filter} with a family. */
  @Override
  public String toString() {
    return family.map(f -> f.label() + " ").orElse("") + "table " + table.label();
  }
}
