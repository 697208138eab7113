package dev.rampart.core.match;

import org.immutables.value.Value;

/**
 * Matches whether a packet was (or will be) processed by IPsec, {@code -m policy --dir in --pol
 * ipsec}. Never negated: use the other {@link Processing} instead.
 */
@Value.Immutable
public abstract non-sealed class PolicyMatch implements Match {
  PolicyMatch() {}

  /** Decapsulation ({@code in}) or encapsulation ({@code out}). */
  public enum Dir {
    /** Policy used for decapsulation, valid in PREROUTING, INPUT and FORWARD. */
    IN,
    /** Policy used for encapsulation, valid in POSTROUTING, OUTPUT and FORWARD. */
    OUT
  }

  /** Whether the packet is subject to IPsec. */
  public enum Processing {
    /** Processed by IPsec. */
    IPSEC,
    /** Not processed by IPsec. */
    NONE
  }

  /** The direction. */
  @Value.Parameter
  public abstract Dir dir();

  /**
   * Whether the packet is (or is not) processed by IPsec: {@code --pol ipsec} or {@code --pol
   * none}.
   */
  @Value.Parameter
  public abstract Processing processing();

  @Override
  public final boolean negated() {
    return false;
  }

  /** Returns the match for {@code dir} and {@code processing}. */
  public static PolicyMatch of(Dir dir, Processing processing) {
    return ImmutablePolicyMatch.of(dir, processing);
  }

  @Override
  public final <R> R accept(Visitor<R> visitor) {
    return visitor.visitPolicy(this);
  }
}
