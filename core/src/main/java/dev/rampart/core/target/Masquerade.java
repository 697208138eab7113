package dev.rampart.core.target;

import dev.rampart.core.match.PortRange;
import java.util.Optional;
import org.immutables.value.Value;

/** Rewrite the source to the outgoing interface's address. nat table only. */
@Value.Immutable
public abstract non-sealed class Masquerade implements Target {
  Masquerade() {}

  /** The source ports to use, if restricted. */
  @Value.Parameter
  public abstract Optional<PortRange> ports();

  /** Masquerade with any source port. */
  public static Masquerade of() {
    return ImmutableMasquerade.of(Optional.empty());
  }

  /** Masquerade with a source port in {@code ports}, {@code --to-ports}. */
  public static Masquerade toPorts(PortRange ports) {
    return ImmutableMasquerade.of(Optional.of(ports));
  }

  @Override
  public final boolean terminating() {
    return true;
  }

  @Override
  public final boolean natOnly() {
    return true;
  }

  @Override
  public final <R> R accept(Visitor<R> visitor) {
    return visitor.visitMasquerade(this);
  }
}
