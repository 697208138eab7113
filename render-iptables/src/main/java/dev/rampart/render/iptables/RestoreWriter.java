package dev.rampart.render.iptables;

import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Coexist;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Rule;
import dev.rampart.core.RuleRef;
import dev.rampart.render.iptables.FamilyView.RenderedChain;
import dev.rampart.render.iptables.FamilyView.RenderedRule;
import dev.rampart.render.iptables.FamilyView.RenderedTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes {@code iptables-restore} text for one family.
 *
 * <p>Own mode: every declared table in full, every built-in chain with its policy (ACCEPT when
 * unset), foreign chains declared empty, managed user chains with their rules; the text equals what
 * {@code iptables-save} prints after loading it (without its comment lines and counters).
 *
 * <p>Coexist mode, for {@code iptables-restore --noflush}, laid out as {@link Coexist} says: the
 * registry chain, the managed user chains and one managed chain {@code RAMPART-<chain>} per
 * built-in chain with rules are declared (which creates or flushes them) and filled; our marked
 * jump is inserted at the top of each such built-in chain; built-in policies are set ({@code :INPUT
 * DROP} sets the policy without flushing under {@code --noflush}). The apply script puts this text
 * into one transaction per family, with what it computes from the host: the old marked jumps
 * deleted, the chains the new policy no longer has removed, the policies it no longer sets
 * restored, the registry's records. Foreign chains appear only as jump targets. Tables with nothing
 * to write are left out.
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
    List<String> declarations = new ArrayList<>();
    List<String> rules = new ArrayList<>();
    List<String> jumps = new ArrayList<>();
    List<String> policies = new ArrayList<>();
    for (RenderedChain c : table.chains()) {
      if (!c.managed()) {
        continue;
      }
      if (c.builtin()) {
        c.policy().ifPresent(p -> policies.add(":" + c.name() + " " + p.name() + " [0:0]"));
        if (c.rules().isEmpty()) {
          continue;
        }
        String managed = Coexist.chainFor(c.name());
        declarations.add(":" + managed + " - [0:0]");
        appendRules(rules, managed, c);
        jumps.add("-I " + c.name() + " 1 " + jump(table, c.name()));
      } else {
        declarations.add(":" + c.name() + " - [0:0]");
        appendRules(rules, c.name(), c);
      }
    }
    List<String> lines = new ArrayList<>();
    if (!declarations.isEmpty() || !policies.isEmpty()) {
      lines.add(":" + Coexist.REGISTRY + " - [0:0]");
      lines.addAll(declarations);
      lines.addAll(rules);
      lines.addAll(jumps);
      lines.addAll(policies);
    }
    return lines;
  }

  /** The arguments of our marked jump in {@code builtin}. */
  private static String jump(RenderedTable table, String builtin) {
    return text(table, builtin, Coexist.jump(builtin));
  }

  private static String text(RenderedTable table, String chain, Rule rule) {
    RuleRef place = RuleRef.of(table.name(), chain, 1);
    return new RenderedRule(1, RuleArgs.of(table.family(), place, rule, name -> Optional.empty()))
        .restoreText();
  }

  private static void appendRules(List<String> lines, RenderedChain c) {
    appendRules(lines, c.name(), c);
  }

  private static void appendRules(List<String> lines, String name, RenderedChain c) {
    for (RenderedRule r : c.rules()) {
      lines.add("-A " + name + " " + r.restoreText());
    }
  }
}
