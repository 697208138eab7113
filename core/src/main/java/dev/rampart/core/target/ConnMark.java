package dev.rampart.core.target;

import static com.google.common.base.Preconditions.checkArgument;

import org.immutables.value.Value;

/**
 * Change or copy the connection's mark, {@code -j CONNMARK --set-xmark 0x1/0xffffffff}, {@code
 * --save-mark --nfmask 0xffffffff --ctmask 0xffffffff} (packet mark to connection mark) or {@code
 * --restore-mark ...} (connection mark to packet mark). Non-terminating.
 */
@Value.Immutable
public abstract non-sealed class ConnMark implements Target {
  ConnMark() {}

  /** What the target does. */
  public enum Mode {
    /** {@code ctmark = (ctmark & ~mask) ^ value}. */
    SET,
    /** {@code ctmark = (ctmark & ~ctmask) ^ (mark & nfmask)}. */
    SAVE,
    /** {@code mark = (mark & ~nfmask) ^ (ctmark & ctmask)}. */
    RESTORE
  }

  /** What the target does. */
  @Value.Parameter
  public abstract Mode mode();

  /** The bits XORed into the connection mark ({@link Mode#SET}); 0 otherwise. */
  @Value.Parameter
  public abstract long value();

  /** The bits of the connection mark cleared first ({@link Mode#SET}); 0 otherwise. */
  @Value.Parameter
  public abstract long mask();

  /** The packet-mark mask ({@link Mode#SAVE}, {@link Mode#RESTORE}); 0 for SET. */
  @Value.Parameter
  public abstract long nfMask();

  /** The connection-mark mask ({@link Mode#SAVE}, {@link Mode#RESTORE}); 0 for SET. */
  @Value.Parameter
  public abstract long ctMask();

  /** Sets the connection mark to {@code value}, {@code --set-mark value}. */
  public static ConnMark set(long value) {
    return ImmutableConnMark.of(Mode.SET, value, Marks.ALL, 0, 0);
  }

  /**
   * Sets the bits {@code mask} of the connection mark to {@code value}, {@code --set-mark
   * value/mask}: as in iptables the cleared bits are {@code mask | value}.
   */
  public static ConnMark set(long value, long mask) {
    Marks.check("mark", value);
    Marks.check("mask", mask);
    return ImmutableConnMark.of(Mode.SET, value, mask | value, 0, 0);
  }

  /** The raw form, {@code --set-xmark value/mask}: clears {@code mask}, then XORs {@code value}. */
  public static ConnMark xmark(long value, long mask) {
    return ImmutableConnMark.of(Mode.SET, value, mask, 0, 0);
  }

  /** Copies the packet mark to the connection mark, all bits. */
  public static ConnMark save() {
    return save(Marks.ALL, Marks.ALL);
  }

  /**
   * Copies the packet mark's bits {@code nfMask} into the connection mark's bits {@code ctMask}.
   */
  public static ConnMark save(long nfMask, long ctMask) {
    return ImmutableConnMark.of(Mode.SAVE, 0, 0, nfMask, ctMask);
  }

  /** Copies the connection mark to the packet mark, all bits. */
  public static ConnMark restore() {
    return restore(Marks.ALL, Marks.ALL);
  }

  /**
   * Copies the connection mark's bits {@code ctMask} into the packet mark's bits {@code nfMask}.
   */
  public static ConnMark restore(long nfMask, long ctMask) {
    return ImmutableConnMark.of(Mode.RESTORE, 0, 0, nfMask, ctMask);
  }

  @Override
  public final boolean terminating() {
    return false;
  }

  @Value.Check
  final void check() {
    Marks.check("mark", value());
    Marks.check("mask", mask());
    Marks.check("nfmask", nfMask());
    Marks.check("ctmask", ctMask());
    if (mode() == Mode.SET) {
      checkArgument(
          nfMask() == 0 && ctMask() == 0,
          "connmark set takes no nfmask or ctmask: %s/%s",
          Marks.hex(nfMask()),
          Marks.hex(ctMask()));
    } else {
      checkArgument(
          value() == 0 && mask() == 0,
          "connmark save or restore takes no value or mask: %s/%s",
          Marks.hex(value()),
          Marks.hex(mask()));
    }
  }

  @Override
  public final <R> R accept(Visitor<R> visitor) {
    return visitor.visitConnMark(this);
  }
}
