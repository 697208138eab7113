package dev.rampart.core;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/** One netfilter table and the chains of it that the ruleset declares, in order. */
@Value.Immutable
public abstract class Table {
  Table() {}

  /** Which table. */
  public abstract TableName name();

  /** The chains. */
  public abstract ImmutableList<Chain> chains();

  /** The chain named {@code name}, if declared. */
  public final Optional<Chain> chain(String name) {
    return Optional.ofNullable(chainsByName().get(name));
  }

  /** The chains by name, the first one where a name is declared twice; built once, on use. */
  @Value.Lazy
  ImmutableMap<String, Chain> chainsByName() {
    Map<String, Chain> byName = new HashMap<>();
    chains().forEach(c -> byName.putIfAbsent(c.name(), c));
    return ImmutableMap.copyOf(byName);
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The table {@code name} with {@code chains}. */
  public static Table of(TableName name, Iterable<Chain> chains) {
    return builder().name(name).addAllChains(chains).build();
  }

  /** Builds a {@link Table}. */
  public static final class Builder extends ImmutableTable.Builder {}
}
