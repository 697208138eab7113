package dev.rampart.testing;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads an {@code iptables -S} dump (like {@code docker/swarm-portmap-28-S.txt}) into a namespace,
 * as Docker would have left it.
 *
 * <p>The dump is split into sections by header lines {@code # ---- table NAME (...)}; other {@code
 * #} lines and blank lines are skipped; every other line must be {@code -P}, {@code -N} or {@code
 * -A}.
 *
 * <pre>{@code
 * DockerDump.load(host, "iptables", Fixtures.read("docker/swarm-portmap-28-S.txt"));
 * }</pre>
 */
public final class DockerDump {
  private static final Pattern HEADER = Pattern.compile("# -+ table (\\S+)\\b.*");
  private static final Pattern BINARY = Pattern.compile("ip6?tables(-legacy|-nft)?");

  private DockerDump() {}

  /** One {@code -P}, {@code -N} or {@code -A} line of a dump, with its line number (from 1). */
  record Line(int number, String text, ImmutableList<String> args) {}

  /** The lines of one table. */
  record Section(String table, ImmutableList<Line> lines) {}

  /**
   * Runs every line of {@code dumpText} in {@code ns} as {@code BINARY -t TABLE ARGS...}.
   *
   * @param binary {@code iptables}, {@code iptables-legacy}, {@code ip6tables}, ...
   * @throws IllegalArgumentException if the dump is malformed, naming the line
   * @throws AssertionError naming the line, exit code and stderr if a command fails
   */
  public static void load(Netns ns, String binary, String dumpText) {
    checkArgument(BINARY.matcher(binary).matches(), "not an iptables binary: %s", binary);
    for (Section section : parse(dumpText)) {
      for (Line line : section.lines()) {
        List<String> argv = new ArrayList<>(List.of(binary, "-t", section.table()));
        argv.addAll(line.args());
        ExecResult result = ns.exec("", argv.toArray(new String[0]));
        if (result.exitCode() != 0) {
          throw new AssertionError(
              "docker dump line "
                  + line.number()
                  + " failed in namespace "
                  + ns.name()
                  + " (exit code "
                  + result.exitCode()
                  + "): "
                  + line.text()
                  + "\n"
                  + result.stderr().strip());
        }
      }
    }
  }

  /**
   * Converts a dump into {@code iptables-restore} input: per table {@code *TABLE}, a {@code :CHAIN
   * POLICY [0:0]} line per {@code -P} and {@code -N} (policy {@code -}), the {@code -A} lines,
   * {@code COMMIT}.
   *
   * @throws IllegalArgumentException if the dump is malformed, naming the line
   */
  public static String toRestore(String dumpText) {
    StringBuilder out = new StringBuilder();
    for (Section section : parse(dumpText)) {
      out.append('*').append(section.table()).append('\n');
      StringBuilder rules = new StringBuilder();
      for (Line line : section.lines()) {
        List<String> args = line.args();
        switch (args.get(0)) {
          case "-P" ->
              out.append(':')
                  .append(args.get(1))
                  .append(' ')
                  .append(args.get(2))
                  .append(" [0:0]\n");
          case "-N" -> out.append(':').append(args.get(1)).append(" - [0:0]\n");
          default -> rules.append(line.text()).append('\n');
        }
      }
      out.append(rules).append("COMMIT\n");
    }
    return out.toString();
  }

  /** Parses a dump into its table sections. */
  static ImmutableList<Section> parse(String dumpText) {
    ImmutableList.Builder<Section> sections = ImmutableList.builder();
    Optional<String> table = Optional.empty();
    ImmutableList.Builder<Line> lines = ImmutableList.builder();
    int number = 0;
    for (String raw : Splitter.on('\n').split(dumpText)) {
      number++;
      String text = raw.strip();
      Matcher header = HEADER.matcher(text);
      if (header.matches()) {
        if (table.isPresent()) {
          sections.add(new Section(table.get(), lines.build()));
        }
        table = Optional.of(header.group(1));
        lines = ImmutableList.builder();
      } else if (!text.isEmpty() && !text.startsWith("#")) {
        if (table.isEmpty()) {
          throw new IllegalArgumentException(
              "line " + number + ": rule before any table header: " + text);
        }
        lines.add(line(number, text));
      }
    }
    if (table.isPresent()) {
      sections.add(new Section(table.get(), lines.build()));
    }
    return sections.build();
  }

  private static Line line(int number, String text) {
    ImmutableList<String> args;
    try {
      args = splitArgs(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("line " + number + ": " + e.getMessage(), e);
    }
    String command = args.get(0);
    int arity = command.equals("-P") ? 3 : command.equals("-N") ? 2 : 0;
    if (arity == 0 && !command.equals("-A")) {
      throw new IllegalArgumentException("line " + number + ": not -P, -N or -A: " + text);
    }
    if (arity > 0 && args.size() != arity) {
      throw new IllegalArgumentException(
          "line " + number + ": " + command + " takes " + (arity - 1) + " argument(s): " + text);
    }
    if (command.equals("-A") && args.size() < 2) {
      throw new IllegalArgumentException("line " + number + ": -A without a chain: " + text);
    }
    return new Line(number, text, args);
  }

  /**
   * Splits a rule line into arguments the way {@code iptables -S} quotes them: blanks separate,
   * double quotes group, a backslash inside quotes escapes the next character.
   *
   * @throws IllegalArgumentException on an unterminated quote
   */
  static ImmutableList<String> splitArgs(String text) {
    ImmutableList.Builder<String> args = ImmutableList.builder();
    StringBuilder current = new StringBuilder();
    boolean inWord = false;
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '\\' && i + 1 < text.length()) {
          current.append(text.charAt(++i));
        } else if (c == '"') {
          quoted = false;
        } else {
          current.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        inWord = true;
      } else if (c == ' ' || c == '\t') {
        if (inWord) {
          args.add(current.toString());
          current.setLength(0);
          inWord = false;
        }
      } else {
        current.append(c);
        inWord = true;
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("unterminated quote: " + text);
    }
    if (inWord) {
      args.add(current.toString());
    }
    return args.build();
  }
}
