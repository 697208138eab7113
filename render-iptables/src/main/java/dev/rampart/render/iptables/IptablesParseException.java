package dev.rampart.render.iptables;

/**
 * A dump that {@link IptablesParser} cannot read: names the 1-based line and quotes it, e.g. {@code
 * line 42: unknown option --foo of module tcp: -A INPUT -p tcp -m tcp --foo 1 -j ACCEPT}.
 */
public final class IptablesParseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final String problem;
  private final String text;

  /** The exception for {@code problem} on line {@code line}, whose text is {@code text}. */
  public IptablesParseException(int line, String problem, String text) {
    super("line " + line + ": " + problem + ": " + text);
    this.line = line;
    this.problem = problem;
    this.text = text;
  }

  /** The 1-based number of the line the problem is on. */
  public int line() {
    return line;
  }

  /** What is wrong, without the place and the line: {@code unknown option --foo of module tcp}. */
  public String problem() {
    return problem;
  }

  /** The text of the line, as read. */
  public String text() {
    return text;
  }
}
