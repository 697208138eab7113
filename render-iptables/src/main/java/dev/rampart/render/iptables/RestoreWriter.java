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

  /** Writes the restore text of {@code tables} in {@code mode} to {@code out}. */
  static void write(Iterable<RenderedTable> tables, RenderMode mode, Appendable out)
      throws IOException {
    // into the caller's builder directly; any other Appendable gets the text table by table
    StringBuilder text = out instanceof StringBuilder b ? b : new StringBuilder();
    for (RenderedTable table : tables) {
      if (mode == RenderMode.OWN) {
        own(table, text);
      } else {
        coexist(table, text);
      }
      if (text != out) {
        out.append(text);
        text.setLength(0);
      }
    }
  }

  private static void own(RenderedTable table, StringBuilder out) {
    out.append('*').append(table.name().label()).append('\n');
    for (RenderedChain c : table.chains()) {
      String policy = c.builtin() ? c.policy().orElse(ChainPolicy.ACCEPT).name() : "-";
      declare(out, c.name(), policy);
    }
    for (RenderedChain c : table.chains()) {
      appendRules(out, c.name(), c);
    }
    out.append("COMMIT\n");
  }

  /**
   * The registry, the declarations, the rules, the marked jumps and the policies, each in chain
   * order; nothing when the table has no managed chain to declare and no policy to set.
   */
  private static void coexist(RenderedTable table, StringBuilder out) {
    boolean any = false;
    for (RenderedChain c : table.chains()) {
      any |= c.managed() && (!c.builtin() || c.policy().isPresent() || !c.rules().isEmpty());
    }
    if (!any) {
      return;
    }
    out.append('*').append(table.name().label()).append('\n');
    declare(out, Coexist.REGISTRY, "-");
    for (RenderedChain c : table.chains()) {
      if (c.managed() && (!c.builtin() || !c.rules().isEmpty())) {
        declare(out, c.builtin() ? Coexist.chainFor(c.name()) : c.name(), "-");
      }
    }
    for (RenderedChain c : table.chains()) {
      if (c.managed()) {
        appendRules(out, c.builtin() ? Coexist.chainFor(c.name()) : c.name(), c);
      }
    }
    for (RenderedChain c : table.chains()) {
      if (c.managed() && c.builtin() && !c.rules().isEmpty()) {
        out.append("-I ").append(c.name()).append(" 1 ").append(jump(table, c.name())).append('\n');
      }
    }
    for (RenderedChain c : table.chains()) {
      if (c.managed() && c.builtin() && c.policy().isPresent()) {
        declare(out, c.name(), c.policy().get().name());
      }
    }
    out.append("COMMIT\n");
  }

  private static void declare(StringBuilder out, String chain, String policy) {
    out.append(':').append(chain).append(' ').append(policy).append(" [0:0]\n");
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

  private static void appendRules(StringBuilder out, String name, RenderedChain c) {
    for (RenderedRule r : c.rules()) {
      out.append("-A ").append(name).append(' ');
      r.appendRestoreText(out);
      out.append('\n');
    }
  }
}
