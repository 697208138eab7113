package dev.rampart.core.internal;

import com.google.common.base.Splitter;
import dev.rampart.core.Coexist;

/**
 * The awk program every iptables-based coexist apply runs: it reads the backend's own restore text
 * of one family (first argument) and the host's {@code iptables-save} (standard input) and prints
 * the ONE {@code iptables-restore --noflush} transaction of that family, as {@link Coexist} lays it
 * out. In each table it deletes every marked jump of ours in a built-in chain (duplicates included)
 * before the backend's text inserts the new ones, flushes and deletes the chains the registry lists
 * that the text no longer declares ({@code adopted} ones only flushed), gives the built-in policies
 * the text no longer sets the value the registry says they had, and records the chains and policies
 * of the text in the registry. The iptables renderer uses {@link #PROGRAM}; ferm, whose managed
 * chains ferm itself writes, uses {@link #withLeftovers()}.
 */
public final class CoexistMerge {
  /** The program of the iptables renderer's {@code apply.sh}. */
  public static final String PROGRAM =
      """
      function touch(t) { if (!(t in seen)) { seen[t] = 1; order[++n] = t } }
      FILENAME == ARGV[1] {
        if (substr($0, 1, 1) == "*") { t = substr($0, 2); touch(t); ours[t] = 1; next }
        if ($0 == "COMMIT") next
        body[t] = body[t] $0 "\\n"
        if (substr($0, 1, 1) == ":") {
          c = substr($1, 2)
          if ($2 != "-") { sets[t, c] = 1; setlist[t] = setlist[t] " " c }
          else if (c != reg) { declared[t, c] = 1; declist[t] = declist[t] " " c }
        }
        next
      }
      substr($0, 1, 1) == "*" { t = substr($0, 2); next }
      substr($0, 1, 1) == ":" { c = substr($1, 2); exists[t, c] = 1; if ($2 != "-") policy[t, c] = $2; next }
      $1 == "-A" && NF == 8 && $3 == "-m" && $4 == "comment" && $5 == "--comment" && $7 == "-j" {
        if ($6 == mark && ((t, $2) in policy)) {
          dels[t] = dels[t] "-D " $2 " -m comment --comment " mark " -j " $8 "\\n"; touch(t)
        } else if ($2 == reg && $8 == "RETURN") {
          v = $6
          gsub(/"/, "", v)
          split(v, f, ":")
          if (f[1] == created || f[1] == adopted) { kind[t, f[2]] = f[1]; owned[t] = owned[t] " " f[2] }
          if (f[1] == policyrec) { before[t, f[2]] = f[3]; beforelist[t] = beforelist[t] " " f[2] }
          touch(t)
        }
      }
      END {
        for (i = 1; i <= n; i++) {
          t = order[i]
          printf "*%s\\n%s", t, dels[t]
          stale = ""
          m = split(owned[t], ch, " ")
          for (j = 1; j <= m; j++) {
            c = ch[j]
            if (!((t, c) in declared) && ((t, c) in exists)) {
              print "-F " c
              if (kind[t, c] == created) stale = stale "-X " c "\\n"
            }
          }
          printf "%s%s", body[t], stale
          m = split(beforelist[t], pc, " ")
          for (j = 1; j <= m; j++) if (!((t, pc[j]) in sets)) print ":" pc[j] " " before[t, pc[j]] " [0:0]"
          if (t in ours) {
            m = split(declist[t], ch, " ")
            for (j = 1; j <= m; j++) {
              c = ch[j]
              k = ((t, c) in kind) ? kind[t, c] : (((t, c) in exists) ? adopted : created)
              print "-A " reg " -m comment --comment " k ":" c " -j RETURN"
            }
            m = split(setlist[t], pc, " ")
            for (j = 1; j <= m; j++) {
              c = pc[j]
              was = ((t, c) in before) ? before[t, c] : (((t, c) in policy) ? policy[t, c] : "ACCEPT")
              print "-A " reg " -m comment --comment " policyrec ":" c ":" was " -j RETURN"
            }
          } else if ((t, reg) in exists) { print "-F " reg; print "-X " reg }
          print "COMMIT"
        }
      }
      """;

  /** The awk variables the program reads: the names and record kinds of {@link Coexist}. */
  public static final String VARIABLES =
      "-v reg="
          + Coexist.REGISTRY
          + " -v mark="
          + Coexist.MARK
          + " -v created="
          + Coexist.CREATED
          + " -v adopted="
          + Coexist.ADOPTED
          + " -v policyrec="
          + Coexist.POLICY;

  /**
   * Collects the host's chains named {@code RAMPART-<built-in chain>}; placed after the save's
   * chain-declaration rule.
   */
  private static final String COLLECT =
      """
      substr($0, 1, 1) == ":" && substr($1, 2, 8) == "RAMPART-" && $2 == "-" { left[t] = left[t] " " substr($1, 2); touch(t) }
      """;

  /** Records the chains the backend's text jumps to ({@code -I CHAIN 1 ... -j RAMPART-CHAIN}). */
  private static final String KEPT =
      """
        if (substr($0, 1, 3) == "-I ") kept[t, $NF] = 1
      """;

  /**
   * Deletes, after the registry's stale chains, every collected chain of a built-in chain's name
   * that the text neither declares nor jumps to and the registry does not list.
   */
  private static final String DELETE =
      """
          m = split(left[t], ch, " ")
          for (j = 1; j <= m; j++) {
            c = ch[j]
            if (((t, substr(c, 9)) in policy) && !((t, c) in declared) && !((t, c) in kept) && !((t, c) in kind)) {
              print "-F " c
              stale = stale "-X " c "\\n"
            }
          }
      """;

  /**
   * Reads the backend's lines {@code OWNED CHAIN KIND}: a chain the backend writes itself (so the
   * text does not declare it, which would flush it), recorded in the registry like a declared one;
   * {@code KIND} says whether the host had it before the backend loaded ({@code adopted}) or not
   * ({@code chain}), for a chain the registry does not list yet.
   */
  private static final String OWNED =
      """
        if ($1 == "OWNED") { declared[t, $2] = 1; declist[t] = declist[t] " " $2; hint[t, $2] = $3; next }
      """;

  /** The kind of a newly recorded chain: the backend's hint first. */
  private static final String KIND = "(((t, c) in exists) ? adopted : created)";

  private CoexistMerge() {}

  /**
   * The program for a backend that writes the managed chains {@code RAMPART-<chain>} itself (ferm,
   * which flushes and refills them and declares every one of them so that an old jump still loads):
   * {@link #PROGRAM}, and also every chain named {@code RAMPART-<built-in chain>} on the host that
   * the backend's text does not jump to is flushed and deleted, in every table; and the text's
   * lines {@code OWNED CHAIN KIND} (not loaded) record chains the backend wrote itself ({@code
   * DOCKER-USER}), so that a later text without them flushes an adopted one and deletes a created
   * one.
   */
  public static String withLeftovers() {
    String withOwned =
        replaceOnce(
            insertBefore(PROGRAM, "  if ($0 == \"COMMIT\") next", OWNED),
            KIND,
            "(((t, c) in hint) ? hint[t, c] : " + KIND + ")");
    String withKept = insertBefore(withOwned, "  next\n}\nsubstr($0, 1, 1) == \"*\"", KEPT);
    String withCollect =
        insertBefore(withKept, "substr($0, 1, 1) == \":\" { c = substr($1, 2); exists", COLLECT);
    return insertBefore(withCollect, "    printf \"%s%s\", body[t], stale", DELETE);
  }

  /**
   * {@code program} on one line, statements and rules separated by {@code ;}, for a configuration
   * whose strings cannot span lines (ferm); it holds no single quote.
   */
  public static String oneLine(String program) {
    StringBuilder out = new StringBuilder();
    for (String line : Splitter.on('\n').trimResults().omitEmptyStrings().split(program)) {
      if (out.length() > 0) {
        char last = out.charAt(out.length() - 1);
        out.append(last == '{' || line.startsWith("}") || line.startsWith("else") ? " " : "; ");
      }
      out.append(line);
    }
    return out.toString();
  }

  private static String replaceOnce(String text, String anchor, String replacement) {
    String marked = insertBefore(text, anchor, "");
    int at = marked.indexOf(anchor);
    return marked.substring(0, at) + replacement + marked.substring(at + anchor.length());
  }

  private static String insertBefore(String text, String anchor, String insert) {
    int at = text.indexOf(anchor);
    if (at < 0 || text.indexOf(anchor, at + 1) >= 0) {
      throw new IllegalStateException("merge program: anchor not found once: " + anchor);
    }
    return text.substring(0, at) + insert + text.substring(at);
  }
}
