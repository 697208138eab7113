package dev.rampart.render.iptables;

import java.util.Arrays;

/**
 * The words of one line as {@code iptables-restore} splits them: blanks separate words, a double
 * quote opens a quoted word in which a backslash escapes the next character (the inverse of {@code
 * iptables-save}'s quoting), a closing quote ends the word. A quoted {@code "!"} is a value, not a
 * negation. Reused from line to line.
 */
final class Tokens {
  private String[] words = new String[48];
  private boolean[] quoted = new boolean[48];
  private int size;
  private final StringBuilder buffer = new StringBuilder();

  /**
   * Splits {@code line} from {@code from} on.
   *
   * @throws ParseProblem for an unterminated quote
   */
  void split(String line, int from) {
    size = 0;
    int n = line.length();
    int i = from;
    while (i < n) {
      char c = line.charAt(i);
      if (c == ' ' || c == '\t') {
        i++;
      } else if (c == '"') {
        i = quotedWord(line, i + 1);
      } else {
        int start = i;
        while (i < n && (c = line.charAt(i)) != ' ' && c != '\t' && c != '"') {
          i++;
        }
        add(line.substring(start, i), false);
      }
    }
  }

  private int quotedWord(String line, int from) {
    buffer.setLength(0);
    int n = line.length();
    for (int i = from; i < n; i++) {
      char c = line.charAt(i);
      if (c == '\\') {
        if (++i == n) {
          break;
        }
        buffer.append(line.charAt(i));
      } else if (c == '"') {
        add(buffer.toString(), true);
        return i + 1;
      } else {
        buffer.append(c);
      }
    }
    throw new ParseProblem("unterminated quote");
  }

  private void add(String word, boolean isQuoted) {
    if (size == words.length) {
      words = Arrays.copyOf(words, size * 2);
      quoted = Arrays.copyOf(quoted, size * 2);
    }
    words[size] = word;
    quoted[size] = isQuoted;
    size++;
  }

  /** The number of words. */
  int size() {
    return size;
  }

  /** The word at {@code i}, unquoted. */
  String word(int i) {
    return words[i];
  }

  /** Whether the word at {@code i} was quoted. */
  boolean quoted(int i) {
    return quoted[i];
  }

  /** Whether the word at {@code i} is an unquoted {@code !}. */
  boolean isBang(int i) {
    return i < size && !quoted[i] && words[i].equals("!");
  }

  /** Whether the word at {@code i} is an unquoted word starting with {@code -} (an option). */
  boolean isOption(int i) {
    return i < size && !quoted[i] && words[i].length() > 1 && words[i].charAt(0) == '-';
  }
}
