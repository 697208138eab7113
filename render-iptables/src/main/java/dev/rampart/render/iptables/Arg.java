package dev.rampart.render.iptables;

import static com.google.common.base.Preconditions.checkState;

import com.google.common.base.CharMatcher;
import com.google.common.collect.ImmutableMap;
import dev.rampart.core.Names;
import java.util.stream.Stream;

/**
 * One word of an iptables command line: an option or value we write ({@link #word}), free text from
 * the model ({@link #text}, a comment or log prefix) that {@code iptables-save} quotes when it
 * holds anything but {@code [A-Za-z0-9_-]}, or a token of an opaque match or target ({@link
 * #opaque}) written back as {@code iptables-save} printed it.
 */
record Arg(String value, Style style) {
  /** How a value is written for {@code iptables-restore}. */
  enum Style {
    /** Never quoted. */
    WORD,
    /** Quoted unless it is bare (xtables_save_string). */
    TEXT,
    /** Quoted, with {@code "} and {@code \} escaped, when it holds a space, quote or backslash. */
    OPAQUE,
    /** Always quoted, with {@code "} and {@code \} escaped (the string and u32 matches). */
    QUOTED
  }

  /** Characters {@code iptables-save} leaves unquoted (xtables_save_string). */
  private static final CharMatcher BARE =
      CharMatcher.inRange('a', 'z')
          .or(CharMatcher.inRange('A', 'Z'))
          .or(CharMatcher.inRange('0', '9'))
          .or(CharMatcher.anyOf("_-"))
          .precomputed();

  /** Characters that make {@code iptables-restore} split or unescape an unquoted token. */
  private static final CharMatcher NEEDS_QUOTES = CharMatcher.anyOf(" \"\\").precomputed();

  Arg {
    check(value, style);
  }

  /** Throws when {@code value} holds what core should have rejected for a word of {@code style}. */
  static void check(String value, Style style) {
    checkState(!value.isEmpty(), "empty argument");
    boolean opaque = style == Style.OPAQUE || style == Style.QUOTED;
    checkState(
        opaque ? Names.isPrintable(value) : Names.isSafeText(value),
        "argument holds a character core should have rejected: %s",
        value);
    checkState(
        style != Style.WORD || value.indexOf(' ') < 0, "a plain word holds a space: %s", value);
  }

  /** The options and values most rules hold, each made and checked once. */
  private static final ImmutableMap<String, Arg> COMMON =
      Stream.of(
              "-m",
              "-p",
              "-s",
              "-d",
              "-i",
              "-o",
              "-j",
              "-g",
              "!",
              "tcp",
              "udp",
              "icmp",
              "icmp6",
              "sctp",
              "conntrack",
              "--ctstate",
              "multiport",
              "--dports",
              "--sports",
              "--dport",
              "--sport",
              "set",
              "--match-set",
              "src",
              "dst",
              "comment",
              "--comment",
              "ACCEPT",
              "DROP",
              "RETURN",
              "REJECT",
              "LOG",
              "addrtype",
              "--src-type",
              "--dst-type")
          .collect(ImmutableMap.toImmutableMap(w -> w, w -> new Arg(w, Style.WORD)));

  /** An option or value we write. */
  static Arg word(String value) {
    Arg common = COMMON.get(value);
    return common != null ? common : new Arg(value, Style.WORD);
  }

  /** Free text from the model (comment, log prefix). */
  static Arg text(String value) {
    return new Arg(value, Style.TEXT);
  }

  /**
   * A token of an opaque match or target; {@code alwaysQuoted} for the values a module always
   * prints in quotes.
   */
  static Arg opaque(String value, boolean alwaysQuoted) {
    return new Arg(value, alwaysQuoted ? Style.QUOTED : Style.OPAQUE);
  }

  /** The argument as {@code iptables-save} prints it (and {@code iptables-restore} reads it). */
  String restore() {
    return switch (style) {
      case WORD -> value;
      case TEXT -> BARE.matchesAllOf(value) ? value : '"' + value + '"';
      case OPAQUE -> NEEDS_QUOTES.matchesNoneOf(value) ? value : escaped();
      case QUOTED -> escaped();
    };
  }

  /** Appends {@link #restore()} to {@code out}, copying nothing when the value is written as is. */
  void appendRestore(StringBuilder out) {
    appendRestore(out, value, style);
  }

  /** Appends {@code value} as {@code iptables-save} prints a word of {@code style}. */
  static void appendRestore(StringBuilder out, String value, Style style) {
    boolean quoted =
        switch (style) {
          case WORD -> false;
          case TEXT -> !BARE.matchesAllOf(value);
          case OPAQUE -> !NEEDS_QUOTES.matchesNoneOf(value);
          case QUOTED -> true;
        };
    if (!quoted) {
      out.append(value);
    } else if (style == Style.TEXT) {
      out.append('"').append(value).append('"');
    } else {
      out.append(escaped(value));
    }
  }

  private String escaped() {
    return escaped(value);
  }

  private static String escaped(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** The argument as one single-quoted POSIX shell word. */
  String shell() {
    return '\'' + value.replace("'", "'\\''") + '\'';
  }
}
