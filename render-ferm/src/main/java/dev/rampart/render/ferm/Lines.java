package dev.rampart.render.ferm;

/** Text built line by line with explicit indentation (four spaces a level). */
final class Lines {
  private final StringBuilder out = new StringBuilder();

  /** Appends {@code text} at {@code depth}. */
  Lines add(int depth, String text) {
    out.append("    ".repeat(depth)).append(text).append('\n');
    return this;
  }

  /** Appends the lines of {@code other} as they are. */
  Lines append(Lines other) {
    out.append(other.out);
    return this;
  }

  /** Appends an empty line. */
  Lines blank() {
    out.append('\n');
    return this;
  }

  /** Whether nothing was added. */
  boolean isEmpty() {
    return out.length() == 0;
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
