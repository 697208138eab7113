package dev.rampart.core;

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
  private static final CharMatcher PRINTABLE = CharMatcher.inRange(' ', '~').precomputed();

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
   * Whether iptables 1.8 knows {@code name} as a target, a standard verdict or a target extension
   * (so a chain may not take the name, and a dump's {@code -j NAME} is that target).
   */
  public static boolean isTargetName(String name) {
    return RESERVED.contains(name);
  }

  private static void check(boolean ok, String problem, Object value) {
    if (!ok) {
      throw InvalidModelException.of(problem, value);
    }
  }

  /**
   * Checks a chain name: 1 to 28 of {@code [A-Za-z0-9_.-]}, not starting with {@code -}, and not a
   * target's name.
   *
   * @throws InvalidModelException naming the problem and the value
   */
  public static String checkChain(String name) {
    check(!name.isEmpty(), "chain name is empty", "");
    check(name.length() <= MAX_CHAIN, "chain name longer than " + MAX_CHAIN + " characters", name);
    check(
        NAME_CHARS.matchesAllOf(name) && name.charAt(0) != '-',
        "chain name may only hold letters, digits, '_', '-', '.' and not start with '-'",
        name);
    check(!RESERVED.contains(name), "chain name is a target's name", name);
    return name;
  }

  /**
   * Checks a set name: 1 to 31 of {@code [A-Za-z0-9_.-]}, starting with a letter or {@code _}.
   *
   * @throws InvalidModelException naming the problem and the value
   */
  public static String checkSet(String name) {
    check(!name.isEmpty(), "set name is empty", "");
    check(name.length() <= MAX_SET, "set name longer than " + MAX_SET + " characters", name);
    char first = name.charAt(0);
    check(
        NAME_CHARS.matchesAllOf(name) && (Character.isLetter(first) || first == '_'),
        "set name may only hold letters, digits, '_', '-', '.' and start with a letter or '_'",
        name);
    return name;
  }

  /**
   * Checks an interface name: 1 to 15 of {@code [A-Za-z0-9_.-]}, optionally ending in {@code +}
   * (any interface with that prefix); not {@code .} or {@code ..}.
   *
   * @throws InvalidModelException naming the problem and the value
   */
  public static String checkInterface(String name) {
    check(!name.isEmpty(), "interface name is empty", "");
    check(
        name.length() <= MAX_INTERFACE,
        "interface name longer than " + MAX_INTERFACE + " characters",
        name);
    String stem = name.endsWith("+") ? name.substring(0, name.length() - 1) : name;
    check(
        NAME_CHARS.matchesAllOf(stem) && !stem.equals(".") && !stem.equals(".."),
        "interface name may only hold letters, digits, '_', '-', '.' and a final '+'",
        name);
    return name;
  }

  /**
   * Checks a rule comment: 1 to 255 printable ASCII characters ({@code ' '} to {@code '~'}) other
   * than {@code " ' \ ` $}, neither starting nor ending with a space.
   *
   * @throws InvalidModelException naming the problem and the value
   */
  public static String checkComment(String text) {
    checkText("comment", text, MAX_COMMENT);
    check(
        !text.startsWith(" ") && !text.endsWith(" "),
        "comment may not start or end with a space",
        text);
    return text;
  }

  /**
   * Checks a log prefix: 1 to 29 printable ASCII characters ({@code ' '} to {@code '~'}) other than
   * {@code " ' \ ` $}, not starting with a space. A trailing space is allowed: the kernel writes
   * the prefix directly before {@code IN=}, so prefixes conventionally end in one.
   *
   * @throws InvalidModelException naming the problem and the value
   */
  public static String checkLogPrefix(String text) {
    checkText("log prefix", text, MAX_LOG_PREFIX);
    check(!text.startsWith(" "), "log prefix may not start with a space", text);
    return text;
  }

  /**
   * Checks an NFLOG prefix: 1 to 63 printable ASCII characters ({@code ' '} to {@code '~'}) other
   * than {@code " ' \ ` $}, not starting with a space.
   *
   * @throws InvalidModelException naming the problem and the value
   */
  public static String checkNflogPrefix(String text) {
    checkText("nflog prefix", text, MAX_NFLOG_PREFIX);
    check(!text.startsWith(" "), "nflog prefix may not start with a space", text);
    return text;
  }

  /**
   * Whether {@code text} is printable ASCII ({@code ' '} to {@code '~'}): what an argument of an
   * opaque match or target may hold, written back quoted and escaped as {@code iptables-save} does.
   */
  public static boolean isPrintable(String text) {
    return PRINTABLE.matchesAllOf(text);
  }

  /**
   * Whether {@code text} holds only characters every backend writes as they are inside quotes:
   * printable ASCII ({@code ' '} to {@code '~'}) other than {@code " ' \ ` $}, which a shell, ferm
   * or iptables-restore could read as syntax. Comments, log prefixes and names hold no others.
   */
  public static boolean isSafeText(String text) {
    return TEXT_CHARS.matchesAllOf(text);
  }

  private static void checkText(String what, String text, int max) {
    check(!text.isEmpty(), what + " is empty", "");
    check(text.length() <= max, what + " longer than " + max + " characters", text);
    check(
        TEXT_CHARS.matchesAllOf(text),
        what + " may only hold printable ASCII without quotes, backslash, backtick or dollar",
        text);
  }
}
