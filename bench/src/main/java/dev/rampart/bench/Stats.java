package dev.rampart.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Least and median of measured runs, and the table row {@code bench/run} prints for them. */
final class Stats {
  private Stats() {}

  static double min(List<Double> values) {
    return Collections.min(values);
  }

  /** The median; of an even count, the mean of the two middle values. */
  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** {@code | what | params | min | median | unit |}, times with three decimals. */
  static String row(String what, String params, List<Double> values, String unit) {
    return String.format(
        Locale.ROOT,
        "| %s | %s | %.3f | %.3f | %s |",
        what,
        params,
        min(values),
        median(values),
        unit);
  }
}
