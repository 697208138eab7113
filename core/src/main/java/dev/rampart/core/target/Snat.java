package dev.rampart.core.target;

import dev.rampart.core.Cidr;
import dev.rampart.core.InvalidModelException;
import dev.rampart.core.match.PortRange;
import java.util.Optional;
import org.immutables.value.Value;

/** Rewrite the source, {@code -j SNAT --to-source 192.0.2.1}. nat table only. */
@Value.Immutable
public abstract non-sealed class Snat implements Target {
  Snat() {}

  /** The new source address (a single address). */
  @Value.Parameter
  public abstract Cidr address();

  /** The new source port or range, if rewritten. */
  @Value.Parameter
  public abstract Optional<PortRange> port();

  /** SNAT to {@code address}. */
  public static Snat to(Cidr address) {
    return ImmutableSnat.of(address, Optional.empty());
  }

  /** SNAT to {@code address}:{@code port}. */
  public static Snat to(Cidr address, int port) {
    return ImmutableSnat.of(address, Optional.of(PortRange.of(port)));
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
    return visitor.visitSnat(this);
  }
}
