package dev.rampart.analysis;

import dev.rampart.core.match.ConnState;

/** The values of {@link Field#STATE}: the five real conntrack states. */
final class ConnStates {
  private ConnStates() {}

  /** The field value of real state {@code s} (not the SNAT/DNAT pseudo-states). */
  static long value(ConnState s) {
    return switch (s) {
      case NEW -> 0;
      case ESTABLISHED -> 1;
      case RELATED -> 2;
      case INVALID -> 3;
      case UNTRACKED -> 4;
      case SNAT, DNAT ->
          throw new IllegalArgumentException("not a conntrack state of its own: " + s);
    };
  }
}
