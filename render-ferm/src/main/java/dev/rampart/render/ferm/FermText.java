package dev.rampart.render.ferm;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.CharMatcher;
import com.google.common.net.InetAddresses;
import dev.rampart.core.Cidr;
import dev.rampart.core.Names;
import dev.rampart.core.match.OwnerMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.TcpFlag;
import java.util.Set;

/** How values are spelled in ferm's syntax, and the one way strings are quoted. */
final class FermText {
  /** What a POSIX shell reads as one plain word, without quotes. */
  private static final CharMatcher SHELL_BARE =
      CharMatcher.inRange('a', 'z')
          .or(CharMatcher.inRange('A', 'Z'))
          .or(CharMatcher.inRange('0', '9'))
          .or(CharMatcher.anyOf("_.,:/=+@%-"))
          .precomputed();

  private FermText() {}

  /**
   * Returns {@code text} in double quotes. ferm ends a double-quoted string at the next {@code "},
   * expands {@code $name} inside it, and hands it on to iptables-restore, which knows {@code \};
   * backticks run a shell in other ferm contexts: {@link Names#isSafeText safe text} holds none of
   * these, and core's name checks keep them out of the model.
   *
   * @throws IllegalArgumentException when {@code text} holds a character ferm could misread
   */
  static String quoted(String text) {
    checkArgument(
        Names.isSafeText(text),
        "ferm cannot quote a string with quotes, backslash, backtick, dollar or control"
            + " characters: %s",
        text);
    return "\"" + text + "\"";
  }

  /**
   * Returns {@code word} as one POSIX shell word that can stand inside a double-quoted ferm string:
   * as it is when it holds only letters, digits and {@code _ . , : / = + @ % -}, else in single
   * quotes.
   *
   * @throws IllegalArgumentException when {@code word} holds a character ferm could misread
   */
  static String shellWord(String word) {
    checkArgument(
        Names.isSafeText(word),
        "ferm cannot quote a string with quotes, backslash, backtick, dollar or control"
            + " characters: %s",
        word);
    return !word.isEmpty() && SHELL_BARE.matchesAllOf(word) ? word : "'" + word + "'";
  }

  /** An address or prefix as ferm reads it: {@code 10.0.0.0/8}, a single address without length. */
  static String address(Cidr cidr) {
    return cidr.isHost() ? InetAddresses.toAddrString(cidr.address()) : cidr.toString();
  }

  /** A port or range as ferm and iptables read it: {@code 22}, {@code 1000:2000}. */
  static String ports(PortRange range) {
    return range.isSingle() ? Integer.toString(range.first()) : range.first() + ":" + range.last();
  }

  /** A list of words: the word itself for one, {@code (a b c)} for more. */
  static String list(Iterable<String> words) {
    StringBuilder out = new StringBuilder();
    int n = 0;
    for (String w : words) {
      out.append(n++ == 0 ? "" : " ").append(w);
    }
    return n == 1 ? out.toString() : "(" + out + ")";
  }

  /** A ferm variable name ({@code \w+}) made from a model name such as a set name. */
  static String variableStem(String name) {
    return CharMatcher.anyOf("-.").replaceFrom(name, '_');
  }

  /** An owner id or range: {@code 1000}, {@code 1000-2000}. */
  static String ids(OwnerMatch m) {
    return m.low() == m.high() ? Long.toString(m.low()) : m.low() + "-" + m.high();
  }

  /** TCP flags as ferm reads them: {@code SYN}, {@code (FIN SYN)}, {@code NONE} for none. */
  static String flags(Set<TcpFlag> flags) {
    return flags.isEmpty() ? "NONE" : list(flags.stream().map(Enum::name).toList());
  }

  /** TCP flags as iptables reads them: {@code FIN,SYN}, {@code NONE} for none. */
  static String flagList(Set<TcpFlag> flags) {
    return flags.isEmpty()
        ? "NONE"
        : flags.stream().map(Enum::name).collect(java.util.stream.Collectors.joining(","));
  }

  /** A mark value and mask as iptables prints them: {@code 0x1/0xffffffff}. */
  static String xmark(long value, long mask) {
    return "0x" + Long.toHexString(value) + "/0x" + Long.toHexString(mask);
  }

  /** A hex mask: {@code 0xff}. */
  static String hex(long n) {
    return "0x" + Long.toHexString(n);
  }
}
