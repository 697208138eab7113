package dev.rampart.core.match;

import dev.rampart.core.InvalidModelException;
import java.util.Optional;
import org.immutables.value.Value;

/** A token-bucket rate limit, {@code -m limit --limit 5/sec --limit-burst 10}. Never negated. */
@Value.Immutable
public abstract non-sealed class LimitMatch implements Match {
  LimitMatch() {}

  /** The unit of a rate. */
  public enum Unit {
    /** Per second. */
    SECOND,
    /** Per minute. */
    MINUTE,
    /** Per hour. */
    HOUR,
    /** Per day. */
    DAY
  }

  /** Packets per unit, at least 1. */
  @Value.Parameter
  public abstract int rate();

  /** The unit of {@link #rate()}. */
  @Value.Parameter
  public abstract Unit unit();

  /** The burst, if not the kernel default of 5. */
  @Value.Parameter
  public abstract Optional<Integer> burst();

  @Override
  public final boolean negated() {
    return false;
  }

  /** A limit of {@code rate} packets per {@code unit}, default burst. */
  public static LimitMatch of(int rate, Unit unit) {
    return ImmutableLimitMatch.of(rate, unit, Optional.empty());
  }

  /** A limit of {@code rate} packets per {@code unit} with a {@code burst}. */
  public static LimitMatch of(int rate, Unit unit, int burst) {
    return ImmutableLimitMatch.of(rate, unit, Optional.of(burst));
  }

  @Value.Check
  final void check() {
    if (rate() < 1 || rate() > 10000) {
      throw InvalidModelException.of("rate out of range [1, 10000]", rate());
    }
    burst()
        .filter(b -> b < 1 || b > 10000)
        .ifPresent(
            b -> {
              throw InvalidModelException.of("burst out of range [1, 10000]", b);
            });
  }

  @Override
  public final <R> R accept(Visitor<R> visitor) {
    return visitor.visitLimit(this);
  }
}
