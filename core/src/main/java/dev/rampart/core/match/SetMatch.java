package dev.rampart.core.match;

import dev.rampart.core.Names;
import java.util.Optional;
import org.immutables.value.Value;

/** Matches the source or destination address against a named address set. */
@Value.Immutable
public abstract non-sealed class SetMatch implements Match {
  SetMatch() {}

  /** Source or destination. */
  @Value.Parameter
  public abstract Direction direction();

  /** The name of an {@link dev.rampart.core.AddressSet} of the ruleset. */
  @Value.Parameter
  public abstract String setName();

  @Override
  @Value.Parameter
  public abstract boolean negated();

  /** Matches sources in the set {@code name}. */
  public static SetMatch source(String name) {
    return ImmutableSetMatch.of(Direction.SOURCE, name, false);
  }

  /** Matches destinations in the set {@code name}. */
  public static SetMatch destination(String name) {
    return ImmutableSetMatch.of(Direction.DESTINATION, name, false);
  }

  /** Returns this match negated. */
  public final SetMatch negate() {
    return ImmutableSetMatch.of(direction(), setName(), !negated());
  }

  @Value.Check
  final void check() {
    Names.checkSet(setName());
  }

  @Override
  public final Optional<String> namedSet() {
    return Optional.of(setName());
  }

  @Override
  public final <R> R accept(Visitor<R> visitor) {
    return visitor.visitSet(this);
  }
}
