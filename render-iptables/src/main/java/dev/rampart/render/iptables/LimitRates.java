package dev.rampart.render.iptables;

import dev.rampart.core.match.LimitMatch;
import java.util.Optional;

/**
 * The rate of a limit match as iptables prints it back. iptables stores {@code unit / rate} in
 * units of 1/10000 s and prints the largest unit that keeps it readable, so {@code 60/min} comes
 * back as {@code 1/sec} and {@code 9999/hour} as {@code 10000/hour}.
 */
final class LimitRates {
  private static final int SCALE = 10000;
  private static final long[] MULT = {SCALE * 86400L, SCALE * 3600L, SCALE * 60L, SCALE};
  private static final String[] NAME = {"day", "hour", "min", "sec"};
  private static final long[] SECONDS = {86400, 3600, 60, 1};

  private LimitRates() {}

  /**
   * The printed rate, e.g. {@code 5/sec}, or empty when iptables would store a different rate than
   * {@code limit} asks for.
   */
  static Optional<String> canonical(LimitMatch limit) {
    int unit = index(limit.unit());
    long period = MULT[unit] / limit.rate();
    int i = 1;
    while (i < MULT.length && period <= MULT[i] && MULT[i] / period >= MULT[i] % period) {
      i++;
    }
    long printed = MULT[i - 1] / period;
    // Same rate iff rate / seconds(unit) == printed / seconds(unit i-1).
    if (limit.rate() * SECONDS[i - 1] != printed * SECONDS[unit]) {
      return Optional.empty();
    }
    return Optional.of(printed + "/" + NAME[i - 1]);
  }

  private static int index(LimitMatch.Unit unit) {
    return switch (unit) {
      case DAY -> 0;
      case HOUR -> 1;
      case MINUTE -> 2;
      case SECOND -> 3;
    };
  }
}
