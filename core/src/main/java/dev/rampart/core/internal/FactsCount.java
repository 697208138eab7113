package dev.rampart.core.internal;

/**
 * How many times this thread derived a rule's facts ({@link dev.rampart.core.RuleFacts#of}): a hook
 * for the renderers' tests, which pin that a render derives each rule's facts once.
 */
public final class FactsCount {
  private static final ThreadLocal<long[]> COUNT = ThreadLocal.withInitial(() -> new long[1]);

  private FactsCount() {}

  /** Counts one derivation on this thread; called by {@code RuleFacts} only. */
  public static void derived() {
    COUNT.get()[0]++;
  }

  /** The derivations this thread made so far. */
  public static long onThisThread() {
    return COUNT.get()[0];
  }
}
