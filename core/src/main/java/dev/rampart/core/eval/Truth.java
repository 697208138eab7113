package dev.rampart.core.eval;

/** The value of a match for a packet: it holds, it does not, or the model cannot know. */
enum Truth {
  TRUE,
  FALSE,
  UNKNOWN;

  static Truth of(boolean b) {
    return b ? TRUE : FALSE;
  }

  /** This value under {@code !} when {@code negated}. */
  Truth negate(boolean negated) {
    if (!negated || this == UNKNOWN) {
      return this;
    }
    return this == TRUE ? FALSE : TRUE;
  }
}
