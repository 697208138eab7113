package dev.rampart.core.match;

import java.util.Optional;
import org.immutables.value.Value;

/** Matches the IP protocol, {@code -p tcp}. */
@Value.Immutable
public abstract non-sealed class ProtocolMatch implements Match {
  ProtocolMatch() {}

  /** The protocol. */
  @Value.Parameter
  public abstract Protocol protocol();

  @Override
  @Value.Parameter
  public abstract boolean negated();

  /** Matches {@code protocol}. */
  public static ProtocolMatch of(Protocol protocol) {
    return ImmutableProtocolMatch.of(protocol, false);
  }

  /** Matches anything but {@code protocol}. */
  public static ProtocolMatch not(Protocol protocol) {
    return ImmutableProtocolMatch.of(protocol, true);
  }

  @Override
  public final Optional<HeaderField> headerField() {
    return Optional.of(HeaderField.PROTOCOL);
  }

  @Override
  public final <R> R accept(Visitor<R> visitor) {
    return visitor.visitProtocol(this);
  }
}
