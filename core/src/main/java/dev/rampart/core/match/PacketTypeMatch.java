package dev.rampart.core.match;

import org.immutables.value.Value;

/** Matches the link-layer packet type, {@code -m pkttype --pkt-type broadcast}. */
@Value.Immutable
public abstract non-sealed class PacketTypeMatch implements Match {
  PacketTypeMatch() {}

  /** A link-layer packet type. */
  public enum Type {
    /** Addressed to one host. */
    UNICAST,
    /** Addressed to every host of the link. */
    BROADCAST,
    /** Addressed to a multicast group. */
    MULTICAST
  }

  /** The packet type. */
  @Value.Parameter
  public abstract Type type();

  @Override
  @Value.Parameter
  public abstract boolean negated();

  /** Matches packets of {@code type}. */
  public static PacketTypeMatch of(Type type) {
    return ImmutablePacketTypeMatch.of(type, false);
  }

  /** Returns this match negated. */
  public final PacketTypeMatch negate() {
    return ImmutablePacketTypeMatch.of(type(), !negated());
  }

  @Override
  public final <R> R accept(Visitor<R> visitor) {
    return visitor.visitPacketType(this);
  }
}
