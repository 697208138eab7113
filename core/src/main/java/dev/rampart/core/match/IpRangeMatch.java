package dev.rampart.core.match;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.net.InetAddresses;
import dev.rampart.core.Cidr;
import org.immutables.value.Value;

/**
 * Matches a source or destination address in an inclusive range of single addresses, {@code -m
 * iprange --src-range 10.0.0.1-10.0.0.9}.
 */
@Value.Immutable
public abstract non-sealed class IpRangeMatch implements Match {
  IpRangeMatch() {}

  /** Source or destination. */
  @Value.Parameter
  public abstract Direction direction();

  /** The first address of the range (a single address). */
  @Value.Parameter
  public abstract Cidr first();

  /** The last address of the range (a single address of the same family, not below first). */
  @Value.Parameter
  public abstract Cidr last();

  @Override
  @Value.Parameter
  public abstract boolean negated();

  /** Matches sources from {@code first} to {@code last}, inclusive. */
  public static IpRangeMatch source(Cidr first, Cidr last) {
    return ImmutableIpRangeMatch.of(Direction.SOURCE, first, last, false);
  }

  /** Matches destinations from {@code first} to {@code last}, inclusive. */
  public static IpRangeMatch destination(Cidr first, Cidr last) {
    return ImmutableIpRangeMatch.of(Direction.DESTINATION, first, last, false);
  }

  /** Returns this match negated. */
  public final IpRangeMatch negate() {
    return ImmutableIpRangeMatch.of(direction(), first(), last(), !negated());
  }

  @Value.Check
  final void check() {
    checkArgument(first().isHost(), "address range bound must be a single address: %s", first());
    checkArgument(last().isHost(), "address range bound must be a single address: %s", last());
    checkArgument(first().family() == last().family(), "address range mixes families: %s", text());
    checkArgument(first().compareTo(last()) <= 0, "address range is reversed: %s", text());
  }

  /** Returns {@code 10.0.0.1-10.0.0.9}. */
  private String text() {
    return InetAddresses.toAddrString(first().address())
        + "-"
        + InetAddresses.toAddrString(last().address());
  }

  @Override
  public final <R> R accept(Visitor<R> visitor) {
    return visitor.visitIpRange(this);
  }
}
