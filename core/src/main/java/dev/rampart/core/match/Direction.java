package dev.rampart.core.match;

/** Which end of a packet a match looks at. */
public enum Direction {
  /** The source address or port. */
  SOURCE,
  /** The destination address or port. */
  DESTINATION
}
