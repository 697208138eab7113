package dev.rampart.render.iptables;

import dev.rampart.core.ChainPolicy;
import dev.rampart.core.RenderMode;
import dev.rampart.render.iptables.FamilyView.RenderedChain;
import dev.rampart.render.iptables.FamilyView.RenderedRule;
import dev.rampart.render.iptables.FamilyView.RenderedTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code iptables-restore} text for one family.
 *
 * <p>Own mode: every declared table in full, every built-in chain with its policy (ACCEPT when
 * unset), foreign chains declared empty, managed user chains with their rules; the text equals what
 * {@code iptables-save} prints after loading it (without its comment lines and counters).
 *
 * <p>Coexist mode, for {@code iptables-restore --noflush}: only managed user chains are declared
 * (which creates or flushes them) and filled. Built-in chains are not mentioned: their rules are
 * inserted and their policies set by the apply script, after the inserts, so that a failure half
 * way never leaves a DROP policy without its accept rules. Foreign chains appear only as jump
 * targets. Tables with nothing to write are left out.
 */
final class RestoreWriter {
  private RestoreWriter() {}

  static void write(Iterable<RenderedTable> tables, RenderMode mode, Appendable out)
      throws IOException {
    for (RenderedTable table : tables) {
      List<String> lines = mode == RenderMode.OWN ? own(table) : coexist(table);
      if (mode == RenderMode.OWN || !lines.isEmpty()) {
        out.append('*').append(table.name().label()).append('\n');
        for (String line : lines) {
          out.append(line).append('\n');
        }
        out.append("COMMIT\n");
      }
    }
  }

  private static List<String> own(RenderedTable table) {
    List<String> lines = new ArrayList<>();
    for (RenderedChain c : table.chains()) {
      String policy = c.builtin() ? c.policy().orElse(ChainPolicy.ACCEPT).name() : "-";
      lines.add(":" + c.name() + " " + policy + " [0:0]");
    }
    for (RenderedChain c : table.chains()) {
      appendRules(lines, c);
    }
    return lines;
  }

  private static List<String> coexist(RenderedTable table) {
    List<String> lines = new ArrayList<>();
    for (RenderedChain c : table.chains()) {
      if (!c.builtin() && c.managed()) {
        lines.add(":" + c.name() + " - [0:0]");
      }
    }
    for (RenderedChain c : table.chains()) {
      if (!c.builtin() && c.managed()) {
        appendRules(lines, c);
      }
    }
    return lines;
  }

  private static void appendRules(List<String> lines, RenderedChain c) {
    for (RenderedRule r : c.rules()) {
      lines.add("-A " + c.name() + " " + r.restoreText());
    }
  }
}
