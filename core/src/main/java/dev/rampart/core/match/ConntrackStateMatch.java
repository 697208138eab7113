package dev.rampart.core.match;

import com.google.common.collect.ImmutableSortedSet;
import dev.rampart.core.InvalidModelException;
import org.immutables.value.Value;

/** Matches the conntrack state, {@code -m conntrack --ctstate RELATED,ESTABLISHED}. */
@Value.Immutable
public abstract non-sealed class ConntrackStateMatch implements Match {
  ConntrackStateMatch() {}

  /** The states, at least one; kept in the enum's order. */
  @Value.NaturalOrder
  public abstract ImmutableSortedSet<ConnState> states();

  @Override
  @Value.Default
  public boolean negated() {
    return false;
  }

  /** Matches packets in any of {@code states}. */
  public static ConntrackStateMatch of(Iterable<ConnState> states) {
    return ImmutableConntrackStateMatch.builder().addAllStates(states).build();
  }

  /** Matches packets in none of {@code states}. */
  public static ConntrackStateMatch not(Iterable<ConnState> states) {
    return ImmutableConntrackStateMatch.builder().addAllStates(states).negated(true).build();
  }

  @Value.Check
  final void check() {
    if (states().isEmpty()) {
      throw InvalidModelException.of("conntrack state list is empty", "");
    }
  }

  @Override
  public final <R> R accept(Visitor<R> visitor) {
    return visitor.visitConntrackState(this);
  }
}
