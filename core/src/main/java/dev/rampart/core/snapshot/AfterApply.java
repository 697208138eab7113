package dev.rampart.core.snapshot;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.AddressSet;
import dev.rampart.core.Chain;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.TableRef;
import dev.rampart.core.match.Match;
import dev.rampart.core.target.Target;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a host holds after a policy is applied to it beside Docker, in coexist mode, exactly as the
 * iptables backend's {@code apply.sh} does it. For each family and each table of the policy:
 *
 * <ul>
 *   <li>every managed user chain is created if missing (appended after the table's chains, new ones
 *       in name order) and otherwise flushed and refilled in place, with the policy's rules of that
 *       family ({@link Ruleset#familiesOf}); a refilled chain has no counters or dump line;
 *   <li>the rules the policy puts in a built-in chain are inserted in order, the n-th at position
 *       n, each only if an identical rule (same matches in order, target and comment; {@code
 *       iptables -C}) is not already in the chain, so applying twice inserts nothing the second
 *       time;
 *   <li>a built-in chain's policy is set where the policy declares one (its counters are kept);
 *   <li>foreign chains, tables the policy does not use and every other rule are left untouched.
 * </ul>
 *
 * A table the host snapshot lacks is taken as the kernel creates it: built-in chains only, policy
 * {@code ACCEPT}. The policy's address sets replace the host's known sets of the same name (in
 * place); other sets are added after them.
 *
 * <pre>{@code
 * Snapshot after = AfterApply.of(IptablesParser.parse(dump), swarmPolicy);
 * AfterApply.of(after, swarmPolicy).equals(after); // true: applying again changes nothing
 * }</pre>
 */
public final class AfterApply {
  private AfterApply() {}

  /**
   * What {@code host} holds after {@code policy} is applied to it in coexist mode.
   *
   * @throws IllegalArgumentException naming the rule when the policy jumps to a foreign chain the
   *     host does not have in that table and family (the apply would fail there), or when the
   *     policy holds two identical rules in one built-in chain (the iptables backend refuses it)
   */
  public static Snapshot of(Snapshot host, Ruleset policy) {
    Map<TableRef, SnapshotTable> tables = new LinkedHashMap<>();
    host.tables().forEach(t -> tables.put(t.ref(), t));
    for (Family family : Family.values()) {
      for (Table table : policy.tables()) {
        TableRef ref = TableRef.of(family, table.name());
        SnapshotTable before =
            Objects.requireNonNullElseGet(
                tables.get(ref), () -> SnapshotTable.of(family, table.name(), List.of()));
        tables.put(ref, apply(before, policy, table));
      }
    }
    return Snapshot.builder().addAllTables(tables.values()).addAllSets(sets(host, policy)).build();
  }

  private static SnapshotTable apply(SnapshotTable before, Ruleset policy, Table table) {
    Family family = before.family();
    TableName name = table.name();
    Map<String, SnapshotChain> chains = new LinkedHashMap<>();
    before.chains().forEach(c -> chains.put(c.name(), c));
    table.chains().stream()
        .filter(c -> c.isManaged() && !name.hasBuiltin(c.name()))
        .sorted(Comparator.comparing(Chain::name))
        .forEach(c -> chains.put(c.name(), FromRuleset.chain(policy, family, c)));
    for (Chain chain : table.chains()) {
      if (name.hasBuiltin(chain.name())) {
        SnapshotChain host = Objects.requireNonNull(chains.get(chain.name()));
        chains.put(chain.name(), builtin(before.ref(), host, policy, chain));
      }
    }
    return SnapshotTable.of(family, name, chains.values());
  }

  /** {@code host} after the inserts and the policy of the policy's built-in {@code chain}. */
  private static SnapshotChain builtin(
      TableRef where, SnapshotChain host, Ruleset policy, Chain chain) {
    Family family = where.family().orElseThrow();
    List<SnapshotRule> rules = new ArrayList<>(host.rules());
    Map<KernelRule, Integer> seen = new HashMap<>();
    int position = 0;
    for (int i = 0; i < chain.rules().size(); i++) {
      Rule rule = chain.rules().get(i);
      if (!policy.familiesOf(rule).contains(family)) {
        continue;
      }
      position++;
      KernelRule key = KernelRule.of(rule);
      Integer first = seen.putIfAbsent(key, i + 1);
      KernelChecks.check(
          first == null,
          "%s: a second identical rule in a built-in chain, coexist mode inserts each rule once:"
              + " rule %s",
          where.chain(chain.name()).rule(i + 1),
          first);
      if (rules.stream().noneMatch(r -> KernelRule.of(r.rule()).equals(key))) {
        rules.add(position - 1, SnapshotRule.of(rule));
      }
    }
    SnapshotChain.Builder out =
        SnapshotChain.builder().from(host).rules(ImmutableList.copyOf(rules));
    chain.policyFor(family).ifPresent(out::policy);
    return out.build();
  }

  /**
   * A rule as the kernel holds it and {@code iptables -C} compares it: matches in order, target and
   * comment; its family is the table's, not the rule's.
   */
  private record KernelRule(List<Match> matches, Target target, Optional<String> comment) {
    static KernelRule of(Rule rule) {
      return new KernelRule(rule.matches(), rule.target(), rule.comment());
    }
  }

  private static ImmutableList<AddressSet> sets(Snapshot host, Ruleset policy) {
    Map<String, AddressSet> sets = new LinkedHashMap<>();
    host.sets().forEach(s -> sets.put(s.name(), s));
    policy.sets().forEach(s -> sets.put(s.name(), s));
    return ImmutableList.copyOf(sets.values());
  }
}
