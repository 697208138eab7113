package dev.rampart.core;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.CharMatcher;
import com.google.common.collect.ImmutableSet;
import java.util.Locale;

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

  /** Longest {@code NFLOG --nflog-prefix}. */
  public static final int MAX_NFLOG_PREFIX = 63;

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

  /**
   * Names iptables refuses for a chain ("chain name may not clash with target name"): the standard
   * verdicts and every target extension of iptables 1.8.
   */
  private static final ImmutableSet<String> RESERVED =
      ImmutableSet.of(
          "ACCEPT",
          "DROP",
          "QUEUE",
          "RETURN",
          "AUDIT",
          "CHECKSUM",
          "CLASSIFY",
          "CLUSTERIP",
          "CONNMARK",
          "CONNSECMARK",
          "CT",
          "DNAT",
          "DNPT",
          "DSCP",
          "ECN",
          "HL",
          "HMARK",
          "IDLETIMER",
          "LED",
          "LOG",
          "MARK",
          "MASQUERADE",
          "NAT",
          "NETMAP",
          "NFLOG",
          "NFQUEUE",
          "NOTRACK",
          "RATEEST",
          "REDIRECT",
          "REJECT",
          "SECMARK",
          "SET",
          "SNAT",
          "SNPT",
          "SYNPROXY",
          "TCPMSS",
          "TCPOPTSTRIP",
          "TEE",
          "TOS",
          "TPROXY",
          "TRACE",
          "TTL",
          "ULOG");

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
        name.length() <= MAX_CHAIN,
        "chain name longer than %s characters: %s",
        MAX_CHAIN,
        printable(name));
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
        name.length() <= MAX_SET,
        "set name longer than %s characters: %s",
        MAX_SET,
        printable(name));
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
        printable(name));
    String stem = name.endsWith("+") ? name.substring(0, name.length() - 1) : name;
    checkArgument(
        NAME_CHARS.matchesAllOf(stem) && !stem.equals(".") && !stem.equals(".."),
        "interface name may only hold letters, digits, '_', '-', '.' and a final '+': %s",
        printable(name));
    return name;
  }

  /**
   * Checks a rule comment: 1 to 255 printable ASCII characters ({@code ' '} to {@code '~'}) other
   * than {@code " ' \ ` $}, neither starting nor ending with a space.
   *
   * @throws IllegalArgumentException naming the problem and the value
   */
  public static String checkComment(String text) {
    checkText("comment", text, MAX_COMMENT);
    checkArgument(
        !text.startsWith(" ") && !text.endsWith(" "),
        "comment may not start or end with a space: %s",
        printable(text));
    return text;
  }

  /**
   * Checks a log prefix: 1 to 29 printable ASCII characters ({@code ' '} to {@code '~'}) other than
   * {@code " ' \ ` $}, not starting with a space. A trailing space is allowed: the kernel writes
   * the prefix directly before {@code IN=}, so prefixes conventionally end in one.
   *
   * @throws IllegalArgumentException naming the problem and the value
   */
  public static String checkLogPrefix(String text) {
    checkText("log prefix", text, MAX_LOG_PREFIX);
    checkArgument(
        !text.startsWith(" "), "log prefix may not start with a space: %s", printable(text));
    return text;
  }

  /**
   * Checks an NFLOG prefix: 1 to 63 printable ASCII characters ({@code ' '} to {@code '~'}) other
   * than {@code " ' \ ` $}, not starting with a space.
   *
   * @throws IllegalArgumentException naming the problem and the value
   */
  public static String checkNflogPrefix(String text) {
    checkText("nflog prefix", text, MAX_NFLOG_PREFIX);
    checkArgument(
        !text.startsWith(" "), "nflog prefix may not start with a space: %s", printable(text));
    return text;
  }

  private static void checkText(String what, String text, int max) {
    checkArgument(!text.isEmpty(), "%s is empty", what);
    checkArgument(
        text.length() <= max, "%s longer than %s characters: %s", what, max, printable(text));
    checkArgument(
        TEXT_CHARS.matchesAllOf(text),
        "%s may only hold printable ASCII without quotes, backslash, backtick or dollar: %s",
        what,
        printable(text));
  }

  /**
   * Renders a rejected value so that control and non-ASCII characters are visible in the message:
   * they appear as {@code \\uXXXX}, and a backslash is doubled so that the escapes stay
   * unambiguous.
   */
  static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .forEach(
            cp -> {
              if (cp == '\\') {
                out.append("\\\\");
              } else if (cp >= 0x20 && cp < 0x7f) {
                out.appendCodePoint(cp);
              } else {
                out.append(String.format(Locale.ROOT, "\\u%04x", cp));
              }
            });
    return out.toString();
  }
}
