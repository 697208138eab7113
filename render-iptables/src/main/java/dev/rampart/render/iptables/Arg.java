package dev.rampart.render.iptables;

import static com.google.common.base.Preconditions.checkState;

import com.google.common.base.CharMatcher;

/**
 * One word of an iptables command line: an option or value we write ({@link #word}) or free text
 * from the model ({@link #text}, a comment or log prefix) that {@code iptables-save} quotes when it
 * holds anything but {@code [A-Za-z0-9_-]}.
 */
record Arg(String value, boolean freeText) {
  /** Characters {@code iptables-save} leaves unquoted (xtables_save_string). */
  private static final CharMatcher BARE =
      CharMatcher.inRange('a', 'z')
          .or(CharMatcher.inRange('A', 'Z'))
          .or(CharMatcher.inRange('0', '9'))
          .or(CharMatcher.anyOf("_-"))
          .precomputed();

  /** Characters that may reach any output at all: printable ASCII without quotes and escapes. */
  private static final CharMatcher SAFE =
      CharMatcher.inRange(' ', '~').and(CharMatcher.noneOf("\"'\\`$")).precomputed();

  Arg {
    checkState(!value.isEmpty(), "empty argument");
    checkState(
        SAFE.matchesAllOf(value),
        "argument holds a character core should have rejected: %s",
        value);
    checkState(freeText || !value.contains(" "), "a plain word holds a space: %s", value);
  }

  /** An option or value we write. */
  static Arg word(String value) {
    return new Arg(value, false);
  }

  /** Free text from the model (comment, log prefix). */
  static Arg text(String value) {
    return new Arg(value, true);
  }

  /** The argument as {@code iptables-save} prints it (and {@code iptables-restore} reads it). */
  String restore() {
    if (!freeText || BARE.matchesAllOf(value)) {
      return value;
    }
    return '"' + value + '"';
  }

  /** The argument as one single-quoted POSIX shell word. */
  String shell() {
    return '\'' + value + '\'';
  }
}
