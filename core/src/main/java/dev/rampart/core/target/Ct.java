package dev.rampart.core.target;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * Set up the packet's connection tracking before conntrack sees it: {@code -j CT --notrack} (do not
 * track) or {@code -j CT --zone 5} (track in zone 5). raw table only. Non-terminating.
 */
@Value.Immutable
public abstract non-sealed class Ct implements Target {
  Ct() {}

  /** Whether the packet is not tracked at all ({@code --notrack}). */
  @Value.Parameter
  public abstract boolean isNotrack();

  /** The conntrack zone, 0 to 65535, when the packet is tracked in one. */
  @Value.Parameter
  public abstract Optional<Integer> zone();

  /** Do not track the packet, {@code --notrack}. */
  public static Ct notrack() {
    return ImmutableCt.of(true, Optional.empty());
  }

  /** Track the packet in conntrack zone {@code zone}, {@code --zone zone}. */
  public static Ct zone(int zone) {
    return ImmutableCt.of(false, Optional.of(zone));
  }

  @Override
  public final boolean terminating() {
    return false;
  }

  @Value.Check
  final void check() {
    zone()
        .ifPresent(
            z -> checkArgument(z >= 0 && z <= 65535, "ct zone out of range [0, 65535]: %s", z));
    checkArgument(
        isNotrack() != zone().isPresent(),
        "ct takes either notrack or a zone: %s",
        isNotrack() ? "notrack and zone " + zone().orElse(0) : "neither");
  }

  @Override
  public final <R> R accept(Visitor<R> visitor) {
    return visitor.visitCt(this);
  }
}
