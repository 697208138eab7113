package dev.rampart.core.match;

import static com.google.common.base.Preconditions.checkArgument;

import org.immutables.value.Value;

/**
 * Matches the local socket that sent a packet, {@code -m owner --uid-owner 1000}: one condition per
 * value. Only locally generated packets have one: the kernel allows it in OUTPUT and POSTROUTING.
 */
@Value.Immutable
public abstract non-sealed class OwnerMatch implements Match {
  OwnerMatch() {}

  /** Largest user or group id the owner match accepts. */
  public static final long MAX_ID = 0xfffffffeL;

  /** What is compared. */
  public enum Kind {
    /** The socket's file owner user id, {@code --uid-owner}. */
    UID,
    /** The socket's file owner group id, {@code --gid-owner}. */
    GID,
    /** Whether the packet has a full socket at all, {@code --socket-exists}. */
    SOCKET_EXISTS
  }

  /** What is compared. */
  @Value.Parameter
  public abstract Kind kind();

  /** The lowest id matched; 0 for {@link Kind#SOCKET_EXISTS}. */
  @Value.Parameter
  public abstract long low();

  /** The highest id matched, equal to {@link #low()} for one id; 0 for SOCKET_EXISTS. */
  @Value.Parameter
  public abstract long high();

  @Override
  @Value.Parameter
  public abstract boolean negated();

  /** Matches sockets owned by user {@code uid}. */
  public static OwnerMatch uid(long uid) {
    return ImmutableOwnerMatch.of(Kind.UID, uid, uid, false);
  }

  /** Matches sockets owned by a user from {@code low} to {@code high}, inclusive. */
  public static OwnerMatch uid(long low, long high) {
    return ImmutableOwnerMatch.of(Kind.UID, low, high, false);
  }

  /** Matches sockets owned by group {@code gid}. */
  public static OwnerMatch gid(long gid) {
    return ImmutableOwnerMatch.of(Kind.GID, gid, gid, false);
  }

  /** Matches sockets owned by a group from {@code low} to {@code high}, inclusive. */
  public static OwnerMatch gid(long low, long high) {
    return ImmutableOwnerMatch.of(Kind.GID, low, high, false);
  }

  /** Matches packets that have a socket. */
  public static OwnerMatch socketExists() {
    return ImmutableOwnerMatch.of(Kind.SOCKET_EXISTS, 0, 0, false);
  }

  /** Returns this match negated. */
  public final OwnerMatch negate() {
    return ImmutableOwnerMatch.of(kind(), low(), high(), !negated());
  }

  @Value.Check
  final void check() {
    if (kind() == Kind.SOCKET_EXISTS) {
      checkArgument(
          low() == 0 && high() == 0, "socket-exists takes no id range: %s-%s", low(), high());
      return;
    }
    checkArgument(
        low() >= 0 && low() <= MAX_ID, "owner id out of range [0, %s]: %s", MAX_ID, low());
    checkArgument(
        high() >= 0 && high() <= MAX_ID, "owner id out of range [0, %s]: %s", MAX_ID, high());
    checkArgument(low() <= high(), "owner id range is reversed: %s-%s", low(), high());
  }

  @Override
  public final <R> R accept(Visitor<R> visitor) {
    return visitor.visitOwner(this);
  }
}
