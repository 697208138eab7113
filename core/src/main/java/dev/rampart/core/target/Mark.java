package dev.rampart.core.target;

import org.immutables.value.Value;

/**
 * Change the packet's firewall mark, {@code -j MARK --set-xmark 0x1/0xffffffff}: the new mark is
 * {@code (mark & ~mask) ^ value} (see {@link #apply(long)}). The factories map the other spellings
 * of iptables ({@code --set-mark}, {@code --and-mark}, {@code --or-mark}, {@code --xor-mark}) to
 * this form exactly as iptables does. Non-terminating.
 */
@Value.Immutable
public abstract non-sealed class Mark implements Target {
  Mark() {}

  /** The bits XORed in after masking, an unsigned 32-bit number. */
  @Value.Parameter
  public abstract long value();

  /** The bits cleared first, an unsigned 32-bit number. */
  @Value.Parameter
  public abstract long mask();

  /** Sets the mark to {@code value}, {@code --set-mark value}. */
  public static Mark set(long value) {
    return ImmutableMark.of(value, Marks.ALL);
  }

  /**
   * Sets the bits {@code mask} of the mark to {@code value}, {@code --set-mark value/mask}: as in
   * iptables the cleared bits are {@code mask | value}.
   */
  public static Mark set(long value, long mask) {
    Marks.check("mark", value);
    Marks.check("mask", mask);
    return ImmutableMark.of(value, mask | value);
  }

  /** The raw form, {@code --set-xmark value/mask}: clears {@code mask}, then XORs {@code value}. */
  public static Mark xmark(long value, long mask) {
    return ImmutableMark.of(value, mask);
  }

  /** XORs {@code bits} into the mark, {@code --xor-mark bits}. */
  public static Mark xor(long bits) {
    return ImmutableMark.of(bits, 0);
  }

  /** Sets {@code bits} in the mark, {@code --or-mark bits}. */
  public static Mark or(long bits) {
    return ImmutableMark.of(bits, bits);
  }

  /** Keeps only {@code bits} of the mark, {@code --and-mark bits}. */
  public static Mark and(long bits) {
    Marks.check("mark", bits);
    return ImmutableMark.of(0, ~bits & Marks.ALL);
  }

  /** The mark a packet carrying {@code mark} has after this target. */
  public final long apply(long mark) {
    return ((mark & ~mask()) ^ value()) & Marks.ALL;
  }

  @Override
  public final boolean terminating() {
    return false;
  }

  @Value.Check
  final void check() {
    Marks.check("mark", value());
    Marks.check("mask", mask());
  }

  @Override
  public final <R> R accept(Visitor<R> visitor) {
    return visitor.visitMark(this);
  }
}
