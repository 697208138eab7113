package dev.rampart.core;

/** The verdict a built-in chain applies to packets that reach its end. */
public enum Policy {
  /** Accept. */
  ACCEPT,
  /** Drop. */
  DROP
}
