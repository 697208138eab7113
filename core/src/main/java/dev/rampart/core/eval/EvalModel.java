package dev.rampart.core.eval;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.rampart.core.AddressSet;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.ChainRef;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.RuleRef;
import dev.rampart.core.RuleText;
import dev.rampart.core.TableName;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.core.snapshot.SnapshotChain;
import dev.rampart.core.snapshot.SnapshotTable;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The rules of one family as the evaluators read them: per table the chains by name, each with its
 * rules (places and texts computed once), and the sets with their contents where known.
 */
final class EvalModel {
  /**
   * A rule with its place; its text is written the first time a decision or trace names it, once,
   * and never for the many rules a check evaluates over without naming them.
   */
  static final class EvalRule {
    private final RuleRef ref;
    private final Rule rule;
    private @Nullable String text;

    EvalRule(RuleRef ref, Rule rule) {
      this.ref = ref;
      this.rule = rule;
    }

    /** The rule's place. */
    RuleRef ref() {
      return ref;
    }

    /** The rule. */
    Rule rule() {
      return rule;
    }

    /** The rule as {@link RuleText} writes it, computed on first use. */
    String text() {
      String t = text;
      if (t == null) {
        t = RuleText.of(rule); // a String is safe to publish racily: at worst written twice
        text = t;
      }
      return t;
    }

    @Override
    public String toString() {
      return ref + ": " + text();
    }
  }

  /**
   * A chain: its place, its policy (built-in chains), whether its rules are known (a foreign chain
   * of a ruleset is declared only), and its rules.
   */
  record EvalChain(
      ChainRef ref, Optional<ChainPolicy> policy, boolean known, ImmutableList<EvalRule> rules) {}

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
   * The rules of {@code snapshot} for {@code family}: each rule keeps its 1-based position in its
   * chain of that family (as {@code iptables -L --line-numbers} and {@code ip6tables} number them);
   * chains for which {@code unknownChain} holds have unknown rules; a set is known when {@code
   * knownSet} holds for it, and every set the snapshot does not list is unknown.
   */
  static EvalModel of(
      Snapshot snapshot,
      Family family,
      BiPredicate<TableName, String> unknownChain,
      Predicate<AddressSet> knownSet) {
    Map<TableName, ImmutableMap<String, EvalChain>> tables = new EnumMap<>(TableName.class);
    for (SnapshotTable table : snapshot.tables()) {
      if (table.family() != family) {
        continue;
      }
      Map<String, EvalChain> chains = new LinkedHashMap<>();
      for (SnapshotChain chain : table.chains()) {
        ChainRef ref = ChainRef.of(family, table.name(), chain.name());
        ImmutableList.Builder<EvalRule> rules = ImmutableList.builder();
        for (int i = 0; i < chain.rules().size(); i++) {
          Rule rule = chain.rules().get(i).rule();
          rules.add(new EvalRule(ref.rule(i + 1), rule));
        }
        boolean known = !unknownChain.test(table.name(), chain.name());
        chains.put(chain.name(), new EvalChain(ref, chain.policy(), known, rules.build()));
      }
      tables.put(table.name(), ImmutableMap.copyOf(chains));
    }
    ImmutableMap.Builder<String, Optional<ImmutableList<Cidr>>> sets = ImmutableMap.builder();
    for (AddressSet set : snapshot.sets()) {
      if (knownSet.test(set)) {
        sets.put(set.name(), Optional.of(ImmutableList.copyOf(set.elements())));
      }
    }
    return new EvalModel(family, ImmutableMap.copyOf(tables), sets.buildOrThrow());
  }

  /** A model of {@code family} with {@code tables} and {@code sets} as they are. */
  static EvalModel of(
      Family family,
      ImmutableMap<TableName, ImmutableMap<String, EvalChain>> tables,
      ImmutableMap<String, Optional<ImmutableList<Cidr>>> sets) {
    return new EvalModel(family, tables, sets);
  }

  /** The chain {@code name} of {@code table}, if the table and chain exist. */
  Optional<EvalChain> chain(TableName table, String name) {
    ImmutableMap<String, EvalChain> chains = tables.get(table);
    return chains == null ? Optional.empty() : Optional.ofNullable(chains.get(name));
  }
}
