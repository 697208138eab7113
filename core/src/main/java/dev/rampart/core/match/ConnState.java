package dev.rampart.core.match;

/** A conntrack state, as in {@code -m conntrack --ctstate}. */
public enum ConnState {
  /** The first packet of a connection. */
  NEW,
  /** A packet of a connection that has seen traffic both ways. */
  ESTABLISHED,
  /** A packet starting a connection related to an existing one (ICMP errors, FTP data). */
  RELATED,
  /** A packet that belongs to no known connection. */
  INVALID,
  /** A packet exempted from tracking in the raw table. */
  UNTRACKED,
  /** A connection whose source was translated. */
  SNAT,
  /** A connection whose destination was translated. */
  DNAT
}
