package dev.rampart.core;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.util.Locale;

/**
 * Prints a value for a message on one line: IPv6 addresses compressed, control characters as {@code
 * \n}, {@code \t}, {@code \r} or {@code \xNN}, other non-ASCII characters as {@code \\uXXXX}, and a
 * backslash doubled so that the escapes stay unambiguous.
 */
public final class Printable {
  private Printable() {}

  /** Returns {@code value} as message text: an address compressed, any other value escaped. */
  public static String of(Object value) {
    String text =
        value instanceof InetAddress a ? InetAddresses.toAddrString(a) : String.valueOf(value);
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> escape(cp, out));
    return out.toString();
  }

  private static void escape(int cp, StringBuilder out) {
    switch (cp) {
      case '\\' -> out.append("\\\\");
      case '\n' -> out.append("\\n");
      case '\t' -> out.append("\\t");
      case '\r' -> out.append("\\r");
      default -> {
        if (cp >= 0x20 && cp < 0x7f) {
          out.appendCodePoint(cp);
        } else if (cp < 0x100) {
          out.append(String.format(Locale.ROOT, "\\x%02x", cp));
        } else {
          out.append(String.format(Locale.ROOT, "\\u%04x", cp));
        }
      }
    }
  }
}
