package dev.rampart.core.match;

import java.util.Locale;

/** Shows control and non-ASCII characters of a rejected value as {@code \\uXXXX} in messages. */
final class Printable {
  private Printable() {}

  /** Returns {@code text} with every character outside printable ASCII escaped. */
  static String of(String text) {
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
