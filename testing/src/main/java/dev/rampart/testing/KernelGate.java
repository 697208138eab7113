package dev.rampart.testing;

import java.util.List;
import java.util.Optional;

/** Decides whether a kernel test runs, is skipped or fails, from the facts of the host. */
final class KernelGate {
  /** The environment variable that makes kernel tests mandatory. */
  static final String MODE_VARIABLE = "RAMPART_KERNEL_TESTS";

  private KernelGate() {}

  /** What to do with a kernel test. */
  enum Outcome {
    RUN,
    SKIP,
    FAIL
  }

  /** An outcome and its reason ({@code ""} when the test runs). */
  record Verdict(Outcome outcome, String reason) {}

  /**
   * Decides from: are we root, which required tools are missing, the value of {@link
   * #MODE_VARIABLE} ({@code required} turns every skip into a failure; empty or {@code auto} skips;
   * anything else is a configuration error and fails).
   */
  static Verdict decide(boolean root, List<String> missingTools, Optional<String> mode) {
    String value = mode.orElse("");
    if (!value.isEmpty() && !value.equals("auto") && !value.equals("required")) {
      return new Verdict(
          Outcome.FAIL, MODE_VARIABLE + " must be unset, auto or required: " + value);
    }
    String problem = problem(root, missingTools);
    if (problem.isEmpty()) {
      return new Verdict(Outcome.RUN, "");
    }
    if (value.equals("required")) {
      return new Verdict(
          Outcome.FAIL, "kernel test cannot run: " + problem + " (" + MODE_VARIABLE + "=required)");
    }
    return new Verdict(
        Outcome.SKIP,
        "kernel test skipped: " + problem + " (" + MODE_VARIABLE + "=required fails instead)");
  }

  private static String problem(boolean root, List<String> missingTools) {
    StringBuilder problem = new StringBuilder();
    if (!root) {
      problem.append("not root");
    }
    if (!missingTools.isEmpty()) {
      if (problem.length() > 0) {
        problem.append(", ");
      }
      problem
          .append(missingTools.size() == 1 ? "missing tool: " : "missing tools: ")
          .append(String.join(", ", missingTools));
    }
    return problem.toString();
  }
}
