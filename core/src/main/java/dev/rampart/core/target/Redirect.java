package dev.rampart.core.target;

import dev.rampart.core.match.PortRange;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Rewrite the destination to this host, {@code -j REDIRECT --to-ports 8080}. nat table, PREROUTING
 * and OUTPUT only; ports need a tcp, udp or sctp protocol match.
 */
@Value.Immutable
public abstract non-sealed class Redirect implements Target {
  Redirect() {}

  /** The new destination port or range, if rewritten. */
  @Value.Parameter
  public abstract Optional<PortRange> ports();

  /** Redirect to this host, keeping the port. */
  public static Redirect of() {
    return ImmutableRedirect.of(Optional.empty());
  }

  /** Redirect to this host, to a port in {@code ports}. */
  public static Redirect toPorts(PortRange ports) {
    return ImmutableRedirect.of(Optional.of(ports));
  }

  /** Redirect to this host's {@code port}. */
  public static Redirect toPort(int port) {
    return toPorts(PortRange.of(port));
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
    return visitor.visitRedirect(this);
  }
}
