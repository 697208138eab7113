package dev.rampart.render.iptables;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import java.util.Comparator;
import java.util.Optional;

/**
 * The part of a ruleset one family renders. Chains come in the order {@code iptables-save} prints
 * them: the table's built-in chains (declared or not), then user chains sorted by name. A chain
 * keeps the model's rules; the writer renders those of the family ({@link Ruleset#familiesOf}) in
 * place, numbered by their place in the model's chain.
 */
final class FamilyView {
  /**
   * A chain of the table: its rules of every family, and whether the family has one ({@code
   * hasRules}).
   */
  record RenderedChain(
      String name,
      boolean builtin,
      boolean managed,
      Optional<ChainPolicy> policy,
      ImmutableList<Rule> rules,
      boolean hasRules) {}

  /** A table of one family with its chains in {@code iptables-save} order. */
  record RenderedTable(Family family, TableName name, ImmutableList<RenderedChain> chains) {}

  private FamilyView() {}

  /** The tables of {@code ruleset} as {@code family} renders them. */
  static ImmutableList<RenderedTable> of(Ruleset ruleset, Family family) {
    ImmutableList.Builder<RenderedTable> tables = ImmutableList.builder();
    for (Table t : ruleset.tables()) {
      tables.add(table(ruleset, family, t));
    }
    return tables.build();
  }

  private static RenderedTable table(Ruleset ruleset, Family family, Table table) {
    ImmutableList.Builder<RenderedChain> chains = ImmutableList.builder();
    for (String builtin : table.name().builtinChains()) {
      Optional<Chain> chain = table.chain(builtin);
      chains.add(
          chain.isPresent()
              ? chain(ruleset, family, table.name(), chain.get())
              : new RenderedChain(
                  builtin, true, true, Optional.empty(), ImmutableList.of(), false));
    }
    table.chains().stream()
        .filter(c -> !table.name().hasBuiltin(c.name()))
        .sorted(Comparator.comparing(Chain::name))
        .forEach(c -> chains.add(chain(ruleset, family, table.name(), c)));
    return new RenderedTable(family, table.name(), chains.build());
  }

  private static RenderedChain chain(Ruleset ruleset, Family family, TableName table, Chain chain) {
    boolean hasRules = false;
    for (Rule rule : chain.rules()) {
      if (ruleset.familiesOf(rule).contains(family)) {
        hasRules = true;
        break;
      }
    }
    return new RenderedChain(
        chain.name(),
        table.hasBuiltin(chain.name()),
        chain.isManaged(),
        chain.policyFor(family),
        chain.rules(),
        hasRules);
  }
}
