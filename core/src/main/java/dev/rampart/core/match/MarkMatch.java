package dev.rampart.core.match;

import static com.google.common.base.Preconditions.checkArgument;

import org.immutables.value.Value;

/** Matches the packet's firewall mark, {@code -m mark --mark 0x1/0xff}. */
@Value.Immutable
public abstract non-sealed class MarkMatch implements Match {
  MarkMatch() {}

  /** The value compared after masking, an unsigned 32-bit number. */
  @Value.Parameter
  public abstract long value();

  /** The mask, an unsigned 32-bit number; {@code 0xffffffff} compares the whole mark. */
  @Value.Parameter
  public abstract long mask();

  @Override
  @Value.Parameter
  public abstract boolean negated();

  /** Matches a mark equal to {@code value}. */
  public static MarkMatch of(long value) {
    return ImmutableMarkMatch.of(value, 0xffffffffL, false);
  }

  /** Matches {@code mark & mask == value}. */
  public static MarkMatch of(long value, long mask) {
    return ImmutableMarkMatch.of(value, mask, false);
  }

  /** Returns this match negated. */
  public final MarkMatch negate() {
    return ImmutableMarkMatch.of(value(), mask(), !negated());
  }

  @Value.Check
  final void check() {
    checkArgument(
        value() >= 0 && value() <= 0xffffffffL,
        "mark out of range [0, 0xffffffff]: %s",
        hex(value()));
    checkArgument(
        mask() >= 0 && mask() <= 0xffffffffL, "mask out of range [0, 0xffffffff]: %s", hex(mask()));
    checkArgument(
        (value() & ~mask()) == 0,
        "mark has bits outside its mask %s: %s",
        hex(mask()),
        hex(value()));
  }

  private static String hex(long n) {
    return n < 0 ? "-0x" + Long.toHexString(-n) : "0x" + Long.toHexString(n);
  }

  @Override
  public final <R> R accept(Visitor<R> visitor) {
    return visitor.visitMark(this);
  }
}
