package dev.rampart.render.iptables;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.RuleFacts;
import dev.rampart.core.RuleRef;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The part of a ruleset one family renders, rule arguments computed once. Chains come in the order
 * {@code iptables-save} prints them: the table's built-in chains (declared or not), then user
 * chains sorted by name.
 */
final class FamilyView {
  /** A rule of the family with its 1-based number in the model's chain. */
  record RenderedRule(int number, ImmutableList<Arg> args) {
    /** The arguments as {@code iptables-restore} reads them. */
    String restoreText() {
      StringBuilder out = new StringBuilder();
      appendRestoreText(out);
      return out.toString();
    }

    /** Appends {@link #restoreText()} to {@code out}, word by word. */
    void appendRestoreText(StringBuilder out) {
      for (int i = 0; i < args.size(); i++) {
        if (i > 0) {
          out.append(' ');
        }
        args.get(i).appendRestore(out);
      }
    }

    /** The arguments as single-quoted shell words. */
    String shellText() {
      return args.stream().map(Arg::shell).collect(Collectors.joining(" "));
    }
  }

  /** A chain of the table with the rules of the family. */
  record RenderedChain(
      String name,
      boolean builtin,
      boolean managed,
      Optional<ChainPolicy> policy,
      ImmutableList<RenderedRule> rules) {}

  /** A table of one family with its chains in {@code iptables-save} order. */
  record RenderedTable(Family family, TableName name, ImmutableList<RenderedChain> chains) {}

  private FamilyView() {}

  /**
   * Renders every rule of {@code ruleset} that {@code family} includes.
   *
   * @throws dev.rampart.core.UnsupportedFeatureException for what iptables cannot express
   */
  static ImmutableList<RenderedTable> of(Ruleset ruleset, Family family) {
    return ruleset.tables().stream()
        .map(t -> table(ruleset, family, t))
        .collect(ImmutableList.toImmutableList());
  }

  private static RenderedTable table(Ruleset ruleset, Family family, Table table) {
    ImmutableList.Builder<RenderedChain> chains = ImmutableList.builder();
    for (String builtin : table.name().builtinChains()) {
      chains.add(
          table
              .chain(builtin)
              .map(c -> chain(ruleset, family, table.name(), c))
              .orElse(
                  new RenderedChain(builtin, true, true, Optional.empty(), ImmutableList.of())));
    }
    table.chains().stream()
        .filter(c -> !table.name().hasBuiltin(c.name()))
        .sorted(Comparator.comparing(Chain::name))
        .forEach(c -> chains.add(chain(ruleset, family, table.name(), c)));
    return new RenderedTable(family, table.name(), chains.build());
  }

  private static RenderedChain chain(Ruleset ruleset, Family family, TableName table, Chain chain) {
    ImmutableList.Builder<RenderedRule> rules = ImmutableList.builder();
    for (int i = 0; i < chain.rules().size(); i++) {
      Rule rule = chain.rules().get(i);
      RuleFacts facts = RuleFacts.of(rule, ruleset); // once per rule: families, then arguments
      if (facts.families().contains(family)) {
        RuleRef place = RuleRef.of(table, chain.name(), i + 1);
        rules.add(new RenderedRule(i + 1, RuleArgs.of(family, place, rule, facts, ruleset::set)));
      }
    }
    return new RenderedChain(
        chain.name(),
        table.hasBuiltin(chain.name()),
        chain.isManaged(),
        chain.policyFor(family),
        rules.build());
  }
}
