package dev.rampart.core.target;

/**
 * Do not track the packet, the old {@code -j NOTRACK} target: the same meaning as {@link
 * Ct#notrack()}. raw table only. Non-terminating.
 */
public enum Notrack implements Target {
  /** The one value. */
  INSTANCE;

  /** Returns {@link #INSTANCE}. */
  public static Notrack of() {
    return INSTANCE;
  }

  @Override
  public boolean terminating() {
    return false;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visitNotrack(this);
  }
}
