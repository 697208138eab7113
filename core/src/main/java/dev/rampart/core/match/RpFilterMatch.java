package dev.rampart.core.match;

import org.immutables.value.Value;

/**
 * Matches packets whose source address is routed back out of the interface they arrived on, {@code
 * -m rpfilter} (nft {@code fib saddr . iif oif}): the reverse-path check against spoofed sources.
 * Negated ({@code --invert}) it matches the packets that fail the check, as in {@code -t raw -A
 * PREROUTING -m rpfilter --invert -j DROP}. The kernel allows it only in PREROUTING of the raw and
 * mangle tables.
 */
@Value.Immutable
public abstract non-sealed class RpFilterMatch implements Match {
  RpFilterMatch() {}

  /** Which routes back to the source pass the check. */
  public enum Mode {
    /** Only a route out of the interface the packet arrived on. */
    STRICT,
    /** Any route ({@code --loose}). */
    LOOSE
  }

  /** Which routes back to the source pass the check. */
  @Value.Parameter
  public abstract Mode mode();

  /** Whether the packet's firewall mark takes part in the route lookup ({@code --validmark}). */
  @Value.Parameter
  public abstract boolean validMark();

  /** Whether a source address of the host itself passes ({@code --accept-local}). */
  @Value.Parameter
  public abstract boolean acceptLocal();

  /** Whether the match holds for packets that fail the check ({@code --invert}). */
  @Override
  @Value.Parameter
  public abstract boolean negated();

  /** The strict check: passes when the route back to the source leaves by the input interface. */
  public static RpFilterMatch strict() {
    return ImmutableRpFilterMatch.of(Mode.STRICT, false, false, false);
  }

  /** The loose check: passes when there is any route back to the source. */
  public static RpFilterMatch loose() {
    return ImmutableRpFilterMatch.of(Mode.LOOSE, false, false, false);
  }

  /** Returns this check with the firewall mark taking part in the route lookup. */
  public final RpFilterMatch withValidMark() {
    return ImmutableRpFilterMatch.of(mode(), true, acceptLocal(), negated());
  }

  /** Returns this check passing packets whose source is an address of the host. */
  public final RpFilterMatch withAcceptLocal() {
    return ImmutableRpFilterMatch.of(mode(), validMark(), true, negated());
  }

  /** Returns this match negated: it holds for the packets that fail the check. */
  public final RpFilterMatch negate() {
    return ImmutableRpFilterMatch.of(mode(), validMark(), acceptLocal(), !negated());
  }

  @Override
  public final <R> R accept(Visitor<R> visitor) {
    return visitor.visitRpFilter(this);
  }
}
