package dev.rampart.testing;

/** The outcome of a command: its exit code and everything it wrote. */
public record ExecResult(int exitCode, String stdout, String stderr) {

  /** Returns whether the command exited with status 0. */
  public boolean succeeded() {
    return exitCode == 0;
  }
}
