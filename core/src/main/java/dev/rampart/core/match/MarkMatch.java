package dev.rampart.core.match;

import dev.rampart.core.InvalidModelException;
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
    if (value() < 0 || value() > 0xffffffffL) {
      throw InvalidModelException.of("mark out of range [0, 0xffffffff]", hex(value()));
    }
    if (mask() < 0 || mask() > 0xffffffffL) {
      throw InvalidModelException.of("mask out of range [0, 0xffffffff]", hex(mask()));
    }
    if ((value() & ~mask()) != 0) {
      throw InvalidModelException.of("mark has bits outside its mask " + hex(mask()), hex(value()));
    }
  }

  private static String hex(long n) {
    return n < 0 ? "-0x" + Long.toHexString(-n) : "0x" + Long.toHexString(n);
  }

  @Override
  public final <R> R accept(Visitor<R> visitor) {
    return visitor.visitMark(this);
  }
}
