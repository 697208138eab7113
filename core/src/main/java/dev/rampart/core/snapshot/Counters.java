package dev.rampart.core.snapshot;

import static com.google.common.base.Preconditions.checkArgument;

import org.immutables.value.Value;

/** The packet and byte counters of a rule or of a built-in chain's policy, {@code [12:3456]}. */
@Value.Immutable
public abstract class Counters {
  Counters() {}

  /** The number of packets counted. */
  @Value.Parameter
  public abstract long packets();

  /** The number of bytes counted. */
  @Value.Parameter
  public abstract long bytes();

  /**
   * The counters {@code [packets:bytes]}.
   *
   * @throws IllegalArgumentException if either is negative
   */
  public static Counters of(long packets, long bytes) {
    return ImmutableCounters.of(packets, bytes);
  }

  @Value.Check
  final void check() {
    checkArgument(packets() >= 0, "counters: packet count is negative: %s", packets());
    checkArgument(bytes() >= 0, "counters: byte count is negative: %s", bytes());
  }
}
