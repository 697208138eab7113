package dev.rampart.core;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.CharMatcher;
import com.google.common.collect.ImmutableSet;

/**
 * Checks for every name and free text that reaches a renderer. Each check either accepts the string
 * unchanged or throws with a message ending in the offending value; renderers may then emit the
 * string with their format's quoting and nothing else.
 */
public final class Names {
  /** Longest chain name the kernel accepts. */
  public static final int MAX_CHAIN = 28;

  /** Longest ipset / set name the kernel accepts. */
  public static final int MAX_SET = 31;

  /** Longest interface name ({@code IFNAMSIZ - 1}). */
  public static final int MAX_INTERFACE = 15;

  /** Longest rule comment ({@code XT_MAX_COMMENT_LEN - 1}). */
  public static final int MAX_COMMENT = 255;

  /** Longest {@code LOG --log-prefix}. */
  public static final int MAX_LOG_PREFIX = 29;

  private static final CharMatcher NAME_CHARS =
      CharMatcher.inRange('a', 'z')
          .or(CharMatcher.inRange('A', 'Z'))
          .or(CharMatcher.inRange('0', '9'))
          .or(CharMatcher.anyOf("_-."))
          .precomputed();

  /**
   * Characters allowed in comments and log prefixes: printable ASCII except quotes, backslash,
   * backtick and dollar, which a shell, ferm or iptables-restore could read as syntax.
   */
  private static final CharMatcher TEXT_CHARS =
      CharMatcher.inRange(' ', '~').and(CharMatcher.noneOf("\"'\\`$")).precomputed();

  private static final ImmutableSet<String> RESERVED =
      ImmutableSet.of(
          "ACCEPT",
          "DROP",
          "QUEUE",
          "RETURN",
          "REJECT",
          "LOG",
          "DNAT",
          "SNAT",
          "MASQUERADE",
          "NFQUEUE",
          "MARK",
          "CONNMARK",
          "REDIRECT",
          "TRACE",
          "NOTRACK",
          "CT");

  private Names() {}

  /**
   * Checks a chain name: 1 to 28 of {@code [A-Za-z0-9_.-]}, not starting with {@code -}, and not a
   * target's name.
   *
   * @throws IllegalArgumentException naming the problem and the value
   */
  public static String checkChain(String name) {
    checkArgument(!name.isEmpty(), "chain name is empty");
    checkArgument(
        name.length() <= MAX_CHAIN, "chain name longer than %s characters: %s", MAX_CHAIN, name);
    checkArgument(
        NAME_CHARS.matchesAllOf(name) && name.charAt(0) != '-',
        "chain name may only hold letters, digits, '_', '-', '.' and not start with '-': %s",
        printable(name));
    checkArgument(!RESERVED.contains(name), "chain name is a target's name: %s", name);
    return name;
  }

  /**
   * Checks a set name: 1 to 31 of {@code [A-Za-z0-9_.-]}, starting with a letter or {@code _}.
   *
   * @throws IllegalArgumentException naming the problem and the value
   */
  public static String checkSet(String name) {
    checkArgument(!name.isEmpty(), "set name is empty");
    checkArgument(
        name.length() <= MAX_SET, "set name longer than %s characters: %s", MAX_SET, name);
    char first = name.charAt(0);
    checkArgument(
        NAME_CHARS.matchesAllOf(name) && (Character.isLetter(first) || first == '_'),
        "set name may only hold letters, digits, '_', '-', '.' and start with a letter or '_': %s",
        printable(name));
    return name;
  }

  /**
   * Checks an interface name: 1 to 15 of {@code [A-Za-z0-9_.-]}, optionally ending in {@code +}
   * (any interface with that prefix); not {@code .} or {@code ..}.
   *
   * @throws IllegalArgumentException naming the problem and the value
   */
  public static String checkInterface(String name) {
    checkArgument(!name.isEmpty(), "interface name is empty");
    checkArgument(
        name.length() <= MAX_INTERFACE,
        "interface name longer than %s characters: %s",
        MAX_INTERFACE,
        name);
    String stem = name.endsWith("+") ? name.substring(0, name.length() - 1) : name;
    checkArgument(
        NAME_CHARS.matchesAllOf(stem) && !stem.equals(".") && !stem.equals(".."),
        "interface name may only hold letters, digits, '_', '-', '.' and a final '+': %s",
        printable(name));
    return name;
  }

  /**
   * Checks a rule comment: at most 255 printable ASCII characters without {@code " ' \ ` $}.
   *
   * @throws IllegalArgumentException naming the problem and the value
   */
  public static String checkComment(String text) {
    return checkText("comment", text, MAX_COMMENT);
  }

  /**
   * Checks a log prefix: at most 29 printable ASCII characters without {@code " ' \ ` $}.
   *
   * @throws IllegalArgumentException naming the problem and the value
   */
  public static String checkLogPrefix(String text) {
    return checkText("log prefix", text, MAX_LOG_PREFIX);
  }

  private static String checkText(String what, String text, int max) {
    checkArgument(!text.isEmpty(), "%s is empty", what);
    checkArgument(
        text.length() <= max, "%s longer than %s characters: %s", what, max, printable(text));
    checkArgument(
        TEXT_CHARS.matchesAllOf(text),
        "%s may only hold printable ASCII without quotes, backslash, backtick or dollar: %s",
        what,
        printable(text));
    checkArgument(
        !text.startsWith(" ") && !text.endsWith(" "),
        "%s may not start or end with a space: %s",
        what,
        printable(text));
    return text;
  }

  /** Renders a rejected value so that control characters are visible in the message. */
  static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .forEach(
            cp -> {
              if (cp >= 0x20 && cp < 0x7f) {
                out.appendCodePoint(cp);
              } else {
                out.append(String.format("\\u%04x", cp));
              }
            });
    return out.toString();
  }
}
