package dev.rampart.core.snapshot;

import static com.google.common.base.Preconditions.checkArgument;

import org.immutables.value.Value;

/**
 * Where a rule or chain came from in a dump: its 1-based line number and the line as read, so that
 * a finding can quote it ({@code line 42: -A INPUT -p tcp -j ACCEPT}).
 */
@Value.Immutable
public abstract class Origin {
  Origin() {}

  /** The 1-based line number. */
  @Value.Parameter
  public abstract int line();

  /** The line as read, without its line end. */
  @Value.Parameter
  public abstract String text();

  /**
   * The line {@code line} (1-based) reading {@code text}.
   *
   * @throws IllegalArgumentException if {@code line} is below 1
   */
  public static Origin of(int line, String text) {
    return ImmutableOrigin.of(line, text);
  }

  /** Returns {@code line 42: -A INPUT -j ACCEPT}. */
  @Override
  public String toString() {
    return "line " + line() + ": " + text();
  }

  @Value.Check
  final void check() {
    checkArgument(line() >= 1, "origin: line number below 1: %s", line());
  }
}
