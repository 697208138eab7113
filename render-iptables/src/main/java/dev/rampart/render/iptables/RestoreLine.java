package dev.rampart.render.iptables;

import dev.rampart.render.iptables.Arg.Style;

/**
 * The arguments of one rule written in place into restore text, word by word, a space between
 * words: no list of words and no string per word is made. Words written piece by piece (addresses,
 * port lists, numbers) go straight into the text through {@link #begin()}.
 */
final class RestoreLine {
  private final StringBuilder out;
  private boolean first = true;

  RestoreLine(StringBuilder out) {
    this.out = out;
  }

  /** Starts the arguments of the next rule: its first word gets no space before it. */
  RestoreLine start() {
    first = true;
    return this;
  }

  /** An option or value we write, never quoted. */
  void word(String value) {
    Arg.check(value, Style.WORD);
    begin().append(value);
  }

  /** Free text from the model (a comment, a log prefix), quoted unless bare. */
  void text(String value) {
    Arg.check(value, Style.TEXT);
    Arg.appendRestore(begin(), value, Style.TEXT);
  }

  /** A token of an opaque match or target, written back as {@code iptables-save} printed it. */
  void opaque(String value, boolean alwaysQuoted) {
    Style style = alwaysQuoted ? Style.QUOTED : Style.OPAQUE;
    Arg.check(value, style);
    Arg.appendRestore(begin(), value, style);
  }

  /**
   * Starts a word the caller appends piece by piece to the returned text (digits, dots, colons and
   * commas only: it is never quoted).
   */
  StringBuilder begin() {
    if (!first) {
      out.append(' ');
    }
    first = false;
    return out;
  }
}
