package dev.rampart.core.snapshot;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.AddressSet;
import dev.rampart.core.Chain;
import dev.rampart.core.Coexist;
import dev.rampart.core.Family;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a host holds after a policy is applied to it beside Docker, in coexist mode, exactly as the
 * iptables backend's {@code apply.sh} does it (laid out as {@link Coexist} says). For each family
 * and each table that holds something of ours, before or after:
 *
 * <ul>
 *   <li>every marked jump of ours ({@code -m comment --comment rampart -j CHAIN}) is deleted from
 *       the built-in chains, duplicates included;
 *   <li>the chains the registry ({@value Coexist#REGISTRY}) lists that the policy no longer has are
 *       flushed, and deleted when an apply created them;
 *   <li>the registry, every managed user chain of the policy and one chain {@code RAMPART-<chain>}
 *       per built-in chain with rules of the family are created if missing (appended after the
 *       table's chains) and otherwise flushed in place, then filled ({@link Ruleset#familiesOf});
 *   <li>one marked jump into {@code RAMPART-<chain>} is inserted at the top of each such built-in
 *       chain; the policy's built-in policies are set, and a built-in policy an earlier apply set
 *       that this policy no longer sets gets back the value the registry recorded;
 *   <li>the registry lists the chains (created or adopted) and the policies it set with their value
 *       from before; a table with nothing of ours loses its registry;
 *   <li>foreign chains, Docker's rules in built-in chains and everything else are left untouched.
 * </ul>
 *
 * A table the host snapshot lacks is taken as the kernel creates it: built-in chains only, policy
 * {@code ACCEPT}. The policy's address sets replace the host's known sets of the same name (in
 * place); other sets are added after them. Applying P1, then P2, gives what applying P2 alone
 * gives.
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
   * @throws dev.rampart.core.UnsupportedFeatureException for a policy coexist mode cannot lay out
   *     ({@link Coexist#check})
   * @throws IllegalArgumentException naming the rule when the policy jumps to a foreign chain the
   *     host does not have in that table and family (the apply would fail there)
   */
  public static Snapshot of(Snapshot host, Ruleset policy) {
    Coexist.check(policy, "iptables");
    Map<TableRef, SnapshotTable> tables = new LinkedHashMap<>();
    host.tables().forEach(t -> tables.put(t.ref(), t));
    for (Family family : Family.values()) {
      for (Table table : policy.tables()) {
        if (hasContent(policy, family, table)) {
          TableRef ref = TableRef.of(family, table.name());
          SnapshotTable before =
              Objects.requireNonNullElseGet(
                  tables.get(ref), () -> SnapshotTable.of(family, table.name(), List.of()));
          tables.put(ref, CoexistApply.apply(before, policy, Optional.of(table)));
        }
      }
    }
    for (SnapshotTable table : host.tables()) {
      TableRef ref = table.ref();
      Family family = ref.family().orElseThrow();
      boolean ours =
          policy.table(table.name()).filter(t -> hasContent(policy, family, t)).isPresent();
      if (!ours) {
        tables.put(ref, CoexistApply.apply(table, policy, Optional.empty()));
      }
    }
    return Snapshot.builder().addAllTables(tables.values()).addAllSets(sets(host, policy)).build();
  }

  /**
   * Whether the apply writes anything of {@code table} in {@code family}: a managed user chain, a
   * built-in chain with rules of the family, or a built-in policy.
   */
  static boolean hasContent(Ruleset policy, Family family, Table table) {
    for (Chain chain : table.chains()) {
      if (!chain.isManaged()) {
        continue;
      }
      if (!table.name().hasBuiltin(chain.name()) || chain.policyFor(family).isPresent()) {
        return true;
      }
      if (chain.rules().stream().anyMatch(r -> policy.familiesOf(r).contains(family))) {
        return true;
      }
    }
    return false;
  }

  private static ImmutableList<AddressSet> sets(Snapshot host, Ruleset policy) {
    Map<String, AddressSet> sets = new LinkedHashMap<>();
    host.sets().forEach(s -> sets.put(s.name(), s));
    policy.sets().forEach(s -> sets.put(s.name(), s));
    return ImmutableList.copyOf(sets.values());
  }
}
