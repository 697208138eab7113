package dev.rampart.core.eval;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.rampart.core.AddressSet;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainRef;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Policy;
import dev.rampart.core.Rule;
import dev.rampart.core.RuleRef;
import dev.rampart.core.RuleText;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The rules of one family as the evaluators read them: per table the chains by name, each with its
 * rules (places and texts computed once), and the sets with their contents where known.
 */
final class EvalModel {
  /** A rule with its place and text. */
  record EvalRule(RuleRef ref, Rule rule, String text) {}

  /**
   * A chain: its place, its policy (built-in chains), whether its rules are known (a foreign chain
   * of a ruleset is declared only), and its rules.
   */
  record EvalChain(
      ChainRef ref, Optional<Policy> policy, boolean known, ImmutableList<EvalRule> rules) {}

  final Family family;
  final ImmutableMap<TableName, ImmutableMap<String, EvalChain>> tables;

  /** Set contents by name; empty when filled at run time (unknown). */
  final ImmutableMap<String, Optional<ImmutableList<Cidr>>> sets;

  private EvalModel(
      Family family,
      ImmutableMap<TableName, ImmutableMap<String, EvalChain>> tables,
      ImmutableMap<String, Optional<ImmutableList<Cidr>>> sets) {
    this.family = family;
    this.tables = tables;
    this.sets = sets;
  }

  /**
   * The rules of {@code ruleset} for {@code family}: each rule keeps its 1-based index in the
   * model's chain; foreign chains are unknown; an empty set is filled at run time, so unknown.
   */
  static EvalModel of(Ruleset ruleset, Family family) {
    Map<TableName, ImmutableMap<String, EvalChain>> tables = new EnumMap<>(TableName.class);
    for (Table table : ruleset.tables()) {
      Map<String, EvalChain> chains = new LinkedHashMap<>();
      for (Chain chain : table.chains()) {
        ChainRef ref = ChainRef.of(family, table.name(), chain.name());
        ImmutableList.Builder<EvalRule> rules = ImmutableList.builder();
        for (int i = 0; i < chain.rules().size(); i++) {
          Rule rule = chain.rules().get(i);
          if (ruleset.familiesOf(rule).contains(family)) {
            rules.add(new EvalRule(ref.rule(i + 1), rule, RuleText.of(rule)));
          }
        }
        chains.put(
            chain.name(), new EvalChain(ref, chain.policy(), chain.isManaged(), rules.build()));
      }
      tables.put(table.name(), ImmutableMap.copyOf(chains));
    }
    ImmutableMap.Builder<String, Optional<ImmutableList<Cidr>>> sets = ImmutableMap.builder();
    for (AddressSet set : ruleset.sets()) {
      sets.put(
          set.name(),
          set.elements().isEmpty()
              ? Optional.empty()
              : Optional.of(ImmutableList.copyOf(set.elements())));
    }
    return new EvalModel(family, ImmutableMap.copyOf(tables), sets.buildOrThrow());
  }

  /** The chain {@code name} of {@code table}, if the table and chain exist. */
  Optional<EvalChain> chain(TableName table, String name) {
    ImmutableMap<String, EvalChain> chains = tables.get(table);
    return chains == null ? Optional.empty() : Optional.ofNullable(chains.get(name));
  }
}
