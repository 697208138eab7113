package dev.rampart.core.target;

import dev.rampart.core.InvalidModelException;
import dev.rampart.core.Names;
import java.util.Optional;
import org.immutables.value.Value;

/** Log the packet to the kernel log and continue with the next rule. */
@Value.Immutable
public abstract non-sealed class Log implements Target {
  Log() {}

  /**
   * The log prefix, 1 to 29 characters (the kernel's limit). A policy accepts only the prefixes
   * {@link Names#checkLogPrefix} accepts, checked when its {@link dev.rampart.core.Ruleset} is
   * built; a host's snapshot may hold any.
   */
  public abstract Optional<String> prefix();

  /** The syslog level 0-7, if not the default (4, warning). */
  public abstract Optional<Integer> level();

  /** Log with no prefix. */
  public static Log of() {
    return builder().build();
  }

  /** Log with {@code prefix}. */
  public static Log prefixed(String prefix) {
    return builder().prefix(prefix).build();
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Log}. */
  public static final class Builder extends ImmutableLog.Builder {}

  @Override
  public final boolean terminating() {
    return false;
  }

  @Value.Check
  final void check() {
    prefix()
        .ifPresent(
            p -> {
              if (p.isEmpty()) {
                throw InvalidModelException.of("log prefix is empty", "");
              }
              if (p.length() > Names.MAX_LOG_PREFIX) {
                throw InvalidModelException.of(
                    "log prefix longer than " + Names.MAX_LOG_PREFIX + " characters", p);
              }
            });
    level()
        .filter(l -> l < 0 || l > 7)
        .ifPresent(
            l -> {
              throw InvalidModelException.of("log level out of range [0, 7]", l);
            });
  }

  @Override
  public final <R> R accept(Visitor<R> visitor) {
    return visitor.visitLog(this);
  }
}
