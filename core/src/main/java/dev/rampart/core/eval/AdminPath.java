package dev.rampart.core.eval;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.rampart.core.AddressSet;
import dev.rampart.core.AdminAccess;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainRef;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.EvalModel.EvalChain;
import dev.rampart.core.eval.EvalModel.EvalRule;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The rules a new admin connection can meet on its way from the wire to filter INPUT, in one
 * family: the chains reachable from raw, mangle and nat PREROUTING and mangle, filter and nat INPUT
 * through rules that may match it, each holding only the rules that may match it ({@link
 * AdminTraffic}), numbered by their place in the whole chain. Evaluating an admin packet over this
 * model gives what it gets over the whole ruleset; its size does not grow with rules no admin
 * packet meets.
 */
final class AdminPath {
  /** The chains a packet to the host passes, per table, before filter INPUT decides. */
  static final ImmutableList<Hook> INPUT_PATH =
      ImmutableList.of(
          new Hook(TableName.RAW, "PREROUTING"),
          new Hook(TableName.MANGLE, "PREROUTING"),
          new Hook(TableName.NAT, "PREROUTING"),
          new Hook(TableName.MANGLE, "INPUT"),
          new Hook(TableName.NAT, "INPUT"),
          new Hook(TableName.FILTER, "INPUT"));

  /** A built-in chain of a table. */
  record Hook(TableName table, String chain) {}

  private AdminPath() {}

  /** The admin traffic of {@code family} as {@code admin} declares it, over {@code ruleset}. */
  static AdminTraffic traffic(Ruleset ruleset, Family family, AdminAccess admin) {
    return new AdminTraffic(
        family,
        admin.sources(family),
        admin.ports(),
        rewritesPorts(ruleset, family),
        admin.interfaces(),
        ruleset::set);
  }

  /**
   * Whether a rule of nat PREROUTING (or a chain it reaches) translates addresses: a DNAT or
   * REDIRECT may change the port filter INPUT sees, so no rule is left out for its destination
   * port.
   */
  private static boolean rewritesPorts(Ruleset ruleset, Family family) {
    Optional<Table> nat = ruleset.table(TableName.NAT);
    if (nat.isEmpty()) {
      return false;
    }
    Map<String, Boolean> seen = new LinkedHashMap<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.add("PREROUTING");
    while (!todo.isEmpty()) {
      String name = todo.pop();
      Optional<Chain> chain = nat.get().chain(name);
      if (seen.put(name, true) != null || chain.isEmpty()) {
        continue;
      }
      for (Rule rule : chain.get().rules()) {
        if (!ruleset.familiesOf(rule).contains(family)) {
          continue;
        }
        if (rule.target().natOnly()) {
          return true;
        }
        rule.target().chain().ifPresent(todo::add);
      }
    }
    return false;
  }

  /** The model of what {@code traffic} meets in {@code ruleset}, for the evaluators. */
  static EvalModel model(Ruleset ruleset, Family family, AdminTraffic traffic) {
    Map<TableName, ImmutableMap<String, EvalChain>> tables = new EnumMap<>(TableName.class);
    for (Table table : ruleset.tables()) {
      Map<String, EvalChain> chains = new LinkedHashMap<>();
      Deque<String> todo = new ArrayDeque<>();
      INPUT_PATH.stream().filter(h -> h.table() == table.name()).forEach(h -> todo.add(h.chain()));
      while (!todo.isEmpty()) {
        String name = todo.pop();
        Optional<Chain> chain = table.chain(name);
        if (chains.containsKey(name) || chain.isEmpty()) {
          continue;
        }
        ChainRef ref = ChainRef.of(family, table.name(), name);
        ImmutableList.Builder<EvalRule> rules = ImmutableList.builder();
        boolean known = chain.get().isManaged();
        if (known) {
          ImmutableList<Rule> all = chain.get().rules();
          for (int i = 0; i < all.size(); i++) {
            Rule rule = all.get(i);
            if (traffic.mayMatch(rule) && ruleset.familiesOf(rule).contains(family)) {
              rules.add(new EvalRule(ref.rule(i + 1), rule));
              rule.target().chain().ifPresent(todo::add);
            }
          }
        }
        chains.put(name, new EvalChain(ref, chain.get().policyFor(family), known, rules.build()));
      }
      if (!chains.isEmpty()) {
        tables.put(table.name(), ImmutableMap.copyOf(chains));
      }
    }
    Map<String, Optional<ImmutableList<Cidr>>> sets = new LinkedHashMap<>();
    for (AddressSet set : ruleset.sets()) {
      if (!set.elements().isEmpty()) {
        sets.putIfAbsent(set.name(), Optional.of(ImmutableList.copyOf(set.elements())));
      }
    }
    return EvalModel.of(family, ImmutableMap.copyOf(tables), ImmutableMap.copyOf(sets));
  }

  /** The model of a family the check does not try: no tables. */
  static EvalModel empty(Family family) {
    return EvalModel.of(family, ImmutableMap.of(), ImmutableMap.of());
  }

  /** The number of rules of {@code model}, every chain. */
  static int size(EvalModel model) {
    int n = 0;
    for (var table : model.tables.values()) {
      for (EvalChain chain : table.values()) {
        n += chain.rules().size();
      }
    }
    return n;
  }
}
