package dev.rampart.core;

import java.util.Optional;

/**
 * Where something is in a model or on a host: a table, a chain, a rule or an address set. Every
 * message about a part of the model starts with its place, {@code table filter, chain INPUT, rule
 * 3: <problem>: <value>}; exceptions, evaluator traces and analysis findings carry it as a value.
 *
 * <pre>{@code
 * RuleRef where = ChainRef.of(TableName.FILTER, "INPUT").rule(3);
 * where.toString(); // "table filter, chain INPUT, rule 3"
 * }</pre>
 */
public sealed interface Place permits TableRef, ChainRef, RuleRef, SetRef {

  /** The address family, where the place is specific to one ({@code ip6tables} output, say). */
  Optional<Family> family();

  /** This place with {@code family} set. */
  Place in(Family family);

  /**
   * The place as text, e.g. {@code table filter, chain INPUT, rule 3}, or with a family {@code ipv6
   * table filter, chain INPUT, rule 3}.
   */
  @Override
  String toString();
}
