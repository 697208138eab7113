package dev.rampart.render.iptables;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Coexist;
import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.TableName;
import dev.rampart.render.iptables.FamilyView.RenderedChain;
import dev.rampart.render.iptables.FamilyView.RenderedTable;

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
  private final StringBuilder out;
  private final Family family;
  private final Ruleset ruleset;
  private final RuleArgs args;

  private RestoreWriter(Ruleset ruleset, Family family, StringBuilder out) {
    this.out = out;
    this.family = family;
    this.ruleset = ruleset;
    this.args = new RuleArgs(family, ruleset::set, out);
  }

  /**
   * Appends the restore text of {@code tables}, the view of {@code ruleset} for {@code family}, in
   * {@code mode} to {@code out}.
   *
   * @throws dev.rampart.core.UnsupportedFeatureException for what iptables cannot express, with
   *     part of the text appended
   */
  static void write(
      Ruleset ruleset,
      Family family,
      Iterable<RenderedTable> tables,
      RenderMode mode,
      StringBuilder out) {
    RestoreWriter writer = new RestoreWriter(ruleset, family, out);
    for (RenderedTable table : tables) {
      if (mode == RenderMode.OWN) {
        writer.own(table);
      } else {
        writer.coexist(table);
      }
    }
  }

  private void own(RenderedTable table) {
    out.append('*').append(table.name().label()).append('\n');
    for (RenderedChain c : table.chains()) {
      String policy = c.builtin() ? c.policy().orElse(ChainPolicy.ACCEPT).name() : "-";
      declare(c.name(), policy);
    }
    for (RenderedChain c : table.chains()) {
      appendRules(table.name(), c.name(), c);
    }
    out.append("COMMIT\n");
  }

  /**
   * The registry, the declarations, the rules, the marked jumps and the policies, each in chain
   * order; nothing when the table has no managed chain to declare and no policy to set.
   */
  private void coexist(RenderedTable table) {
    boolean any = false;
    for (RenderedChain c : table.chains()) {
      any |= c.managed() && (!c.builtin() || c.policy().isPresent() || c.hasRules());
    }
    if (!any) {
      return;
    }
    out.append('*').append(table.name().label()).append('\n');
    declare(Coexist.REGISTRY, "-");
    for (RenderedChain c : table.chains()) {
      if (c.managed() && (!c.builtin() || c.hasRules())) {
        declare(c.builtin() ? Coexist.chainFor(c.name()) : c.name(), "-");
      }
    }
    for (RenderedChain c : table.chains()) {
      if (c.managed()) {
        appendRules(table.name(), c.builtin() ? Coexist.chainFor(c.name()) : c.name(), c);
      }
    }
    for (RenderedChain c : table.chains()) {
      if (c.managed() && c.builtin() && c.hasRules()) {
        out.append("-I ").append(c.name()).append(" 1 ");
        args.write(table.name(), c.name(), 1, Coexist.jump(c.name())); // our marked jump
        out.append('\n');
      }
    }
    for (RenderedChain c : table.chains()) {
      if (c.managed() && c.builtin() && c.policy().isPresent()) {
        declare(c.name(), c.policy().get().name());
      }
    }
    out.append("COMMIT\n");
  }

  private void declare(String chain, String policy) {
    out.append(':').append(chain).append(' ').append(policy).append(" [0:0]\n");
  }

  /** The rules of the family in {@code c}, written as rules of {@code name}. */
  private void appendRules(TableName table, String name, RenderedChain c) {
    ImmutableList<Rule> rules = c.rules();
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      if (ruleset.familiesOf(rule).contains(family)) {
        out.append("-A ").append(name).append(' ');
        args.write(table, c.name(), i + 1, rule);
        out.append('\n');
      }
    }
  }
}
