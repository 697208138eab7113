package dev.rampart.core.target;

import dev.rampart.core.Cidr;
import dev.rampart.core.InvalidModelException;
import dev.rampart.core.match.PortRange;
import java.util.Optional;
import org.immutables.value.Value;

/** Rewrite the destination, {@code -j DNAT --to-destination 172.18.0.2:8080}. nat table only. */
@Value.Immutable
public abstract non-sealed class Dnat implements Target {
  Dnat() {}

  /** The new destination address (a single address). */
  @Value.Parameter
  public abstract Cidr address();

  /** The new destination port or range, if rewritten. */
  @Value.Parameter
  public abstract Optional<PortRange> port();

  /** DNAT to {@code address}. */
  public static Dnat to(Cidr address) {
    return ImmutableDnat.of(address, Optional.empty());
  }

  /** DNAT to {@code address}:{@code port}. */
  public static Dnat to(Cidr address, int port) {
    return ImmutableDnat.of(address, Optional.of(PortRange.of(port)));
  }

  @Override
  public final boolean terminating() {
    return true;
  }

  @Override
  public final boolean natOnly() {
    return true;
  }

  @Value.Check
  final void check() {
    if (!address().isHost()) {
      throw InvalidModelException.of("nat address must be a single address", address());
    }
  }

  @Override
  public final <R> R accept(Visitor<R> visitor) {
    return visitor.visitDnat(this);
  }
}
