package dev.rampart.core;

/** The verdict a built-in chain applies to packets that reach its end. */
public enum ChainPolicy {
  /** Accept. */
  ACCEPT,
  /** Drop. */
  DROP
}
