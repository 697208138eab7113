package dev.rampart.core.match;

import org.immutables.value.Value;

/** Matches the kind of the source or destination address, {@code -m addrtype --dst-type LOCAL}. */
@Value.Immutable
public abstract non-sealed class AddressTypeMatch implements Match {
  AddressTypeMatch() {}

  /** An address type as the kernel's routing table classifies it. */
  public enum Type {
    /** Unicast to a remote host. */
    UNICAST,
    /** An address of this host. */
    LOCAL,
    /** A broadcast address. */
    BROADCAST,
    /** A multicast address. */
    MULTICAST
  }

  /** Source or destination. */
  @Value.Parameter
  public abstract Direction direction();

  /** The address type. */
  @Value.Parameter
  public abstract Type type();

  @Override
  @Value.Parameter
  public abstract boolean negated();

  /** Matches destinations of {@code type}. */
  public static AddressTypeMatch destination(Type type) {
    return ImmutableAddressTypeMatch.of(Direction.DESTINATION, type, false);
  }

  /** Matches sources of {@code type}. */
  public static AddressTypeMatch source(Type type) {
    return ImmutableAddressTypeMatch.of(Direction.SOURCE, type, false);
  }

  /** Returns this match negated. */
  public final AddressTypeMatch negate() {
    return ImmutableAddressTypeMatch.of(direction(), type(), !negated());
  }

  @Override
  public final <R> R accept(Visitor<R> visitor) {
    return visitor.visitAddressType(this);
  }
}
