package dev.rampart.core.match;

import dev.rampart.core.Cidr;
import dev.rampart.core.InvalidModelException;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Matches the original destination of a connection, before DNAT: {@code -m conntrack --ctorigdst}
 * and/or {@code --ctorigdstport}. This is how {@code DOCKER-USER} recognises the published port of
 * a routing-mesh connection after Docker rewrote the destination.
 */
@Value.Immutable
public abstract non-sealed class ConntrackOriginalMatch implements Match {
  ConntrackOriginalMatch() {}

  /** The original destination prefix, if matched. */
  public abstract Optional<Cidr> destination();

  /** The original destination port or range, if matched. */
  public abstract Optional<PortRange> destinationPort();

  @Override
  @Value.Default
  public boolean negated() {
    return false;
  }

  /** Matches connections originally addressed to {@code port}. */
  public static ConntrackOriginalMatch destinationPort(PortRange port) {
    return ImmutableConntrackOriginalMatch.builder().destinationPort(port).build();
  }

  /** Matches connections originally addressed to {@code destination}. */
  public static ConntrackOriginalMatch destination(Cidr destination) {
    return ImmutableConntrackOriginalMatch.builder().destination(destination).build();
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ConntrackOriginalMatch}. */
  public static final class Builder extends ImmutableConntrackOriginalMatch.Builder {}

  @Value.Check
  final void check() {
    if (destination().isEmpty() && destinationPort().isEmpty()) {
      throw InvalidModelException.of(
          "conntrack original match needs a destination or a destination port", "");
    }
    if (negated() && destination().isPresent() && destinationPort().isPresent()) {
      throw InvalidModelException.of(
          "a negated conntrack original match may test the destination or the port, not both", "");
    }
  }

  @Override
  public final <R> R accept(Visitor<R> visitor) {
    return visitor.visitConntrackOriginal(this);
  }
}
