package dev.rampart.core;

import org.quicktheories.QuickTheory;

/**
 * The seed of core's property tests (core cannot use {@code rampart-testing}, which depends on it):
 * {@code -Drampart.seed=N} when set, else a fixed default; QuickTheories prints it on failure.
 */
final class Seeds {
  private static final long DEFAULT = 20_260_501L;

  private Seeds() {}

  /** Returns a QuickTheories entry point with the fixed or requested seed. */
  static QuickTheory qt() {
    String value = System.getProperty("rampart.seed", "").strip();
    return QuickTheory.qt().withFixedSeed(value.isEmpty() ? DEFAULT : Long.parseLong(value));
  }
}
