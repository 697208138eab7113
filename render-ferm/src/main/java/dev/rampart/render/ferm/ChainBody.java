package dev.rampart.render.ferm;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Family;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays out the statements of one chain: single-family rules that render alike for both families
 * merge into one statement, runs of single-family statements go into one {@code @if @eq($DOMAIN,
 * ip)} block, and consecutive statements that share leading words nest in a block.
 */
final class ChainBody {
  private ChainBody() {}

  /** Writes {@code statements} (in model order) at {@code depth}. */
  static void write(List<Statement> statements, Lines out, int depth) {
    List<Statement> merged = merge(statements);
    int i = 0;
    while (i < merged.size()) {
      Statement first = merged.get(i);
      int j = i + 1;
      while (j < merged.size() && merged.get(j).families().equals(first.families())) {
        j++;
      }
      List<ImmutableList<String>> run =
          merged.subList(i, j).stream().map(Statement::words).toList();
      if (first.both()) {
        nest(run, out, depth);
      } else {
        String domain = first.families().contains(Family.IPV4) ? "ip" : "ip6";
        String condition = "@if @eq($DOMAIN, " + domain + ")";
        if (run.size() == 1) {
          out.add(depth, condition + " " + String.join(" ", run.get(0)) + ";");
        } else {
          out.add(depth, condition + " {");
          nest(run, out, depth + 1);
          out.add(depth, "}");
        }
      }
      i = j;
    }
  }

  /**
   * Merges, within each run of single-family statements, the longest common subsequence of the IPv4
   * and IPv6 statements into statements for both; each family keeps its order.
   */
  static List<Statement> merge(List<Statement> statements) {
    List<Statement> out = new ArrayList<>();
    int i = 0;
    while (i < statements.size()) {
      if (statements.get(i).both()) {
        out.add(statements.get(i++));
        continue;
      }
      List<Statement> v4 = new ArrayList<>();
      List<Statement> v6 = new ArrayList<>();
      while (i < statements.size() && !statements.get(i).both()) {
        Statement s = statements.get(i++);
        (s.families().contains(Family.IPV4) ? v4 : v6).add(s);
      }
      mergeRun(v4, v6, out);
    }
    return out;
  }

  private static void mergeRun(List<Statement> v4, List<Statement> v6, List<Statement> out) {
    int[][] lcs = new int[v4.size() + 1][v6.size() + 1];
    for (int a = v4.size() - 1; a >= 0; a--) {
      for (int b = v6.size() - 1; b >= 0; b--) {
        lcs[a][b] =
            v4.get(a).words().equals(v6.get(b).words())
                ? lcs[a + 1][b + 1] + 1
                : Math.max(lcs[a + 1][b], lcs[a][b + 1]);
      }
    }
    int a = 0;
    int b = 0;
    while (a < v4.size() || b < v6.size()) {
      if (a < v4.size() && b < v6.size() && v4.get(a).words().equals(v6.get(b).words())) {
        out.add(v4.get(a).forBoth());
        a++;
        b++;
      } else if (b >= v6.size() || (a < v4.size() && lcs[a + 1][b] >= lcs[a][b + 1])) {
        out.add(v4.get(a++));
      } else {
        out.add(v6.get(b++));
      }
    }
  }

  /** Writes statements, nesting consecutive ones that share their first words in a block. */
  static void nest(List<ImmutableList<String>> run, Lines out, int depth) {
    int i = 0;
    while (i < run.size()) {
      ImmutableList<String> first = run.get(i);
      int j = i + 1;
      while (j < run.size()
          && first.size() > 1
          && run.get(j).size() > 1
          && run.get(j).get(0).equals(first.get(0))) {
        j++;
      }
      if (j - i < 2) {
        out.add(depth, String.join(" ", first) + ";");
        i++;
        continue;
      }
      List<ImmutableList<String>> group = run.subList(i, j);
      int shared = 1;
      while (sharesWord(group, shared)) {
        shared++;
      }
      out.add(depth, String.join(" ", first.subList(0, shared)) + " {");
      final int cut = shared;
      nest(group.stream().map(w -> w.subList(cut, w.size())).toList(), out, depth + 1);
      out.add(depth, "}");
      i = j;
    }
  }

  /** Whether every statement of {@code group} has word {@code k}, the same, and more after it. */
  private static boolean sharesWord(List<ImmutableList<String>> group, int k) {
    String word = group.get(0).size() > k + 1 ? group.get(0).get(k) : null;
    if (word == null) {
      return false;
    }
    return group.stream().allMatch(w -> w.size() > k + 1 && w.get(k).equals(word));
  }
}
