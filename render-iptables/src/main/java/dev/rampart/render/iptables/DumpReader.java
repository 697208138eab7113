package dev.rampart.render.iptables;

import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.TableName;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.core.snapshot.SnapshotTable;
import dev.rampart.render.iptables.TableDump.ChainDump;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The line-by-line state machine of {@link IptablesParser}: detects the format on the first line
 * that is not a comment, keeps the table being read, and turns every problem into an {@link
 * IptablesParseException} naming the line.
 */
final class DumpReader {
  /** The two formats. */
  enum Format {
    /** {@code iptables-save}: {@code *table}, {@code :CHAIN POLICY [p:b]}, {@code -A}, COMMIT. */
    SAVE,
    /** {@code iptables -S}: {@code -P CHAIN POLICY}, {@code -N CHAIN}, {@code -A}. */
    LIST
  }

  private final @Nullable Family callerFamily;
  private final TableName defaultTable;
  private final Tokens tokens = new Tokens();
  private final RuleReader rules = new RuleReader(tokens);
  private final List<TableDump> done = new ArrayList<>();
  private final List<SnapshotTable> tables = new ArrayList<>();
  private @Nullable Format format;
  private @Nullable Family banner;
  private @Nullable TableDump table;

  /** -S: the built-in chains of the current run of -P lines, in order. */
  private final List<String> policyRun = new ArrayList<>();

  private boolean inPolicyRun;
  private int lastLine;
  private String lastText = "";

  DumpReader(@Nullable Family callerFamily, TableName defaultTable) {
    this.callerFamily = callerFamily;
    this.defaultTable = defaultTable;
  }

  /** The format, once a line showed it. */
  @Nullable Format format() {
    return format;
  }

  /**
   * Reads line {@code number}.
   *
   * @throws IptablesParseException for a line iptables would refuse or the model cannot hold
   */
  void line(int number, String text) {
    try {
      read(number, text);
    } catch (IptablesParseException e) {
      throw e;
    } catch (ParseProblem e) {
      throw new IptablesParseException(number, String.valueOf(e.getMessage()), text);
    } catch (RuntimeException e) { // a model check (e.g. a name over the kernel's limit)
      throw new IptablesParseException(number, "invalid: " + e.getMessage(), text);
    }
  }

  /**
   * Ends the input and returns the tables read.
   *
   * @throws IptablesParseException for a table without COMMIT
   */
  Snapshot finish() {
    try {
      TableDump t = table;
      if (t != null && format == Format.SAVE) {
        throw new ParseProblem(
            "dump ends before COMMIT of table "
                + t.name().label()
                + " (opened at line "
                + t.line
                + ")");
      }
      if (t != null) {
        endList();
      }
      return Snapshot.builder().addAllTables(tables).build();
    } catch (IptablesParseException e) {
      throw e;
    } catch (ParseProblem e) {
      throw new IptablesParseException(lastLine, String.valueOf(e.getMessage()), lastText);
    } catch (RuntimeException e) {
      throw new IptablesParseException(lastLine, "invalid: " + e.getMessage(), lastText);
    }
  }

  private void read(int number, String text) {
    int start = 0;
    int n = text.length();
    while (start < n && (text.charAt(start) == ' ' || text.charAt(start) == '\t')) {
      start++;
    }
    if (start == n || (n - start == 1 && text.charAt(start) == '\r')) {
      return;
    }
    char c = text.charAt(start);
    if (c == '#') {
      comment(text);
      return;
    }
    String line = start == 0 ? text : text.substring(start);
    if (line.endsWith("\r")) {
      line = line.substring(0, line.length() - 1);
    }
    if (c == '[' && !isCounter(line) && isPrompt(line)) {
      return; // a pasted shell prompt running the dump command
    }
    int previousLine = lastLine;
    String previousText = lastText;
    lastLine = number;
    lastText = text;
    if (c == '*') {
      format(Format.SAVE);
      startTable(number, line.substring(1), previousLine);
    } else if (c == ':') {
      format(Format.SAVE);
      chainLine(number, line);
    } else if (line.equals("COMMIT")) {
      format(Format.SAVE);
      commit();
    } else if (c == '[') {
      format(Format.SAVE);
      int close = line.indexOf(']');
      long[] counters = counters(line.substring(0, close + 1));
      tokens.split(line, close + 1);
      if (tokens.size() == 0 || !tokens.word(0).equals("-A")) {
        throw new ParseProblem("counters before something else than -A");
      }
      append(number, line, counters[0], counters[1]);
    } else if (line.startsWith("-A ") || line.startsWith("-P ") || line.startsWith("-N ")) {
      if (format == null) {
        format = Format.LIST;
      }
      tokens.split(line, 0);
      if (format == Format.SAVE) {
        if (!tokens.word(0).equals("-A")) {
          throw new ParseProblem("iptables -S line in an iptables-save dump");
        }
        append(number, line, -1, -1);
      } else {
        listLine(number, line);
      }
    } else if (isPrompt(line)) {
      lastLine = previousLine;
      lastText = previousText;
    } else {
      throw new ParseProblem("not a line of iptables-save or iptables -S");
    }
  }

  private static boolean isCounter(String line) {
    int close = line.indexOf(']');
    int colon = line.indexOf(':');
    return close > 0 && colon > 0 && colon < close;
  }

  /**
   * A shell prompt line pasted with the dump ({@code user@host:~$ sudo iptables-save -c}): a {@code
   * $ } or {@code # } prompt followed by a command running iptables or ip6tables.
   */
  private static boolean isPrompt(String line) {
    int dollar = line.indexOf("$ ");
    int hash = line.indexOf("# ");
    int prompt = dollar < 0 ? hash : hash < 0 ? dollar : Math.min(dollar, hash);
    return prompt >= 0 && line.indexOf("tables", prompt) > 0 && line.indexOf("ip", prompt) > 0;
  }

  private void comment(String text) {
    if (text.startsWith("# Generated by ip6tables")) {
      banner = Family.IPV6;
    } else if (text.startsWith("# Generated by iptables")) {
      banner = Family.IPV4;
    }
  }

  private void format(Format f) {
    if (format == null) {
      format = f;
    } else if (format != f) {
      throw new ParseProblem("iptables-save line in an iptables -S dump");
    }
  }

  private static long[] counters(String text) {
    int colon = text.indexOf(':');
    if (text.length() < 5 || text.charAt(0) != '[' || !text.endsWith("]") || colon < 0) {
      throw new ParseProblem("bad counters: " + text);
    }
    long packets = Numbers.parseLong(text.substring(1, colon));
    long bytes = Numbers.parseLong(text.substring(colon + 1, text.length() - 1));
    if (packets < 0 || bytes < 0) {
      throw new ParseProblem("bad counters: " + text);
    }
    return new long[] {packets, bytes};
  }

  private @Nullable Family initialFamily() {
    return callerFamily != null ? callerFamily : banner;
  }

  private void startTable(int number, String name, int previousLine) {
    TableDump open = table;
    if (open != null) {
      throw new ParseProblem(
          "table "
              + open.name().label()
              + " (opened at line "
              + open.line
              + ", last line "
              + previousLine
              + ") not committed before the next table");
    }
    TableName parsed = null;
    for (TableName t : TableName.values()) {
      if (t.label().equals(name)) {
        parsed = t;
      }
    }
    if (parsed == null) {
      throw new ParseProblem("unknown table: " + name);
    }
    table = new TableDump(parsed, initialFamily(), number, "*" + name);
  }

  private TableDump openTable(String what) {
    TableDump t = table;
    if (t == null) {
      throw new ParseProblem(what + " outside a table");
    }
    return t;
  }

  private void chainLine(int number, String line) {
    TableDump t = openTable("chain");
    tokens.split(line, 1);
    if (tokens.size() < 2 || tokens.size() > 3) {
      throw new ParseProblem("chain line needs a name, a policy and counters");
    }
    String name = tokens.word(0);
    String policy = tokens.word(1);
    long[] counters = tokens.size() == 3 ? counters(tokens.word(2)) : new long[] {-1, -1};
    declare(t, number, line, name, policy.equals("-") ? null : policy, counters);
  }

  private void declare(
      TableDump t, int number, String line, String name, @Nullable String policy, long[] counters) {
    boolean builtin = t.name().hasBuiltin(name);
    ChainPolicy p = null;
    if (builtin) {
      if (policy == null) {
        throw new ParseProblem("built-in chain without a policy: " + name);
      }
      p = policy(policy);
    } else if (policy != null) {
      throw new ParseProblem("policy on a user chain: " + name);
    }
    if (t.chains.containsKey(name)) {
      throw new ParseProblem("chain declared twice: " + name);
    }
    t.chains.put(name, new ChainDump(name, p, counters[0], counters[1], number, line));
  }

  private static ChainPolicy policy(String text) {
    for (ChainPolicy p : ChainPolicy.values()) {
      if (p.name().equals(text)) {
        return p;
      }
    }
    throw new ParseProblem("unknown policy: " + text);
  }

  private void commit() {
    TableDump t = openTable("COMMIT");
    finishTable(t);
    table = null;
  }

  private void finishTable(TableDump t) {
    if (t.family == null) {
      t.family = Family.IPV4;
    }
    for (TableDump other : done) {
      if (other.name == t.name && other.family == t.family) {
        throw new IptablesParseException(
            t.line,
            "second dump of table "
                + t.name().label()
                + " "
                + t.family.label()
                + " (first at line "
                + other.line
                + ")",
            t.text);
      }
    }
    tables.add(t.toSnapshot());
    done.add(t);
  }

  private void append(int number, String line, long packets, long bytes) {
    TableDump t = openTable("rule");
    if (tokens.size() < 2) {
      throw new ParseProblem("option -A needs a chain");
    }
    String name = tokens.word(1);
    ChainDump chain = t.chains.get(name);
    if (chain == null && format == Format.SAVE && t.name().hasBuiltin(name)) {
      chain = new ChainDump(name, null, -1, -1, 0, ""); // built-in chains always exist
      t.chains.put(name, chain);
    }
    if (chain == null) {
      throw new ParseProblem("chain used before it is declared: " + name);
    }
    Rule rule = rules.read(2, t::isUserChain);
    if (rules.packets >= 0) {
      packets = rules.packets;
      bytes = rules.bytes;
    }
    Family f = rules.family;
    if (f != null) {
      if (t.family == null) {
        t.family = f;
        t.familyLine = number;
      } else if (t.family != f) {
        throw new ParseProblem(
            f.label()
                + " rule in an "
                + t.family.label()
                + " table ("
                + (t.familyLine > 0
                    ? t.family.label() + " since line " + t.familyLine
                    : t.family.label() + " by the banner or the caller")
                + ")");
      }
    }
    chain.rules.add(new TableDump.RuleLine(rule, packets, bytes, number, line));
  }

  private void listLine(int number, String line) {
    String op = tokens.word(0);
    if (op.equals("-P")) {
      if (tokens.size() != 3 && !(tokens.size() == 6 && tokens.word(3).equals("-c"))) {
        throw new ParseProblem("-P needs a chain and a policy");
      }
      if (!inPolicyRun || policyRun.contains(tokens.word(1))) {
        TableDump open = table;
        if (open != null) {
          endList();
        }
        table = new TableDump(null, initialFamily(), number, line);
        policyRun.clear();
        inPolicyRun = true;
      }
      TableDump t = openTable("policy");
      long[] counters = {-1, -1};
      if (tokens.size() == 6) {
        counters[0] = Numbers.parseLong(tokens.word(4));
        counters[1] = Numbers.parseLong(tokens.word(5));
        if (counters[0] < 0 || counters[1] < 0) {
          throw new ParseProblem("bad counters: " + tokens.word(4) + " " + tokens.word(5));
        }
      }
      policy(tokens.word(2));
      policyRun.add(tokens.word(1));
      t.chains.put(
          tokens.word(1),
          new ChainDump(
              tokens.word(1), policy(tokens.word(2)), counters[0], counters[1], number, line));
      return;
    }
    if (inPolicyRun) {
      resolveTable();
    }
    TableDump t = table;
    if (t == null) {
      t = new TableDump(defaultTable, initialFamily(), number, line);
      table = t;
    }
    if (op.equals("-N")) {
      if (tokens.size() != 2) {
        throw new ParseProblem("-N needs one chain name");
      }
      declare(t, number, line, tokens.word(1), null, new long[] {-1, -1});
    } else {
      append(number, line, -1, -1);
    }
  }

  /** -S: names the table of the current -P run by its built-in chains. */
  private void resolveTable() {
    inPolicyRun = false;
    TableDump t = openTable("policy");
    TableName name = null;
    for (TableName candidate : TableName.values()) {
      if (candidate.builtinChains().equals(policyRun)) {
        name = candidate;
      }
    }
    if (name == null) {
      name = defaultTable;
      for (String chain : policyRun) {
        if (!name.hasBuiltin(chain)) {
          throw new ParseProblem(
              "-P for a chain that is not built into table " + name.label() + ": " + chain);
        }
      }
    }
    t.name = name;
  }

  private void endList() {
    if (inPolicyRun) {
      resolveTable();
    }
    TableDump t = openTable("dump");
    finishTable(t);
    table = null;
  }
}
