package dev.rampart.render.iptables;

/**
 * What is wrong with one line, before the reader adds the line number and text; caught by {@link
 * DumpReader} and never seen outside the package. Carries no stack trace.
 */
final class ParseProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ParseProblem(String problem) {
    super(problem, null, false, false);
  }
}
