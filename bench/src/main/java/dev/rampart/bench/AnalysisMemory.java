package dev.rampart.bench;

import dev.rampart.analysis.Exposure;
import dev.rampart.analysis.SourceClass;
import dev.rampart.core.Ruleset;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Model plus analysis memory per rule: the heap a {@link Rulesets#realistic(int)} ruleset and its
 * {@link Exposure} (which keeps the analysis of each family for membership tests) hold, measured as
 * used heap after full collections with both alive, minus used heap after full collections before
 * either was built, divided by the rule count. Target (issue 13): at most 500 bytes per rule.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.rampart.bench.AnalysisMemory [RULES...]}
 * (default 10000 50000 100000); prints one line per size. Figures are of the running JVM (its
 * compressed pointers, its collector); they vary by a few percent between runs.
 */
public final class AnalysisMemory {
  private AnalysisMemory() {}

  /** Prints the bytes per rule for each size given (default 10k, 50k and 100k rules). */
  public static void main(String[] args) {
    List<Integer> sizes = new ArrayList<>();
    for (String a : args) {
      sizes.add(Integer.parseInt(a));
    }
    if (sizes.isEmpty()) {
      sizes.addAll(List.of(10_000, 50_000, 100_000));
    }
    for (int rules : sizes) {
      System.out.println(
          String.format(
              Locale.ROOT, "AnalysisMemory rules=%d: %.0f bytes/rule", rules, bytesPerRule(rules)));
    }
  }

  /** The retained heap of a ruleset of {@code rules} rules and its exposure map, per rule. */
  static double bytesPerRule(int rules) {
    long before = usedAfterGc();
    Ruleset rs = Rulesets.realistic(rules);
    Exposure e = Exposure.of(rs, AnalysisBenchmark.HOST, SourceClass.internet());
    try {
      long after = usedAfterGc();
      return (after - before) / (double) EvaluateBenchmark.ruleCount(rs);
    } finally {
      // both stay reachable until the heap is measured
      Reference.reachabilityFence(rs);
      Reference.reachabilityFence(e);
    }
  }

  private static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
