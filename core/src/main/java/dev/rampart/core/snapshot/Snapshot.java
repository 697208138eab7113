package dev.rampart.core.snapshot;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.rampart.core.AddressSet;
import dev.rampart.core.Family;
import dev.rampart.core.Ruleset;
import dev.rampart.core.SetRef;
import dev.rampart.core.TableName;
import dev.rampart.core.TableRef;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * What a host holds: per family, its tables with their chains and rules (whoever wrote them), and
 * the address sets whose contents are known. Unlike a {@link Ruleset}, which is a policy we write
 * and is held to our rules, a snapshot is checked only as the kernel checks (see {@link
 * SnapshotTable}): Docker's chains with their rules, rules others put into built-in chains,
 * comments with quotes and sets that are referenced but not listed are all representable. A set a
 * rule references but {@link #sets()} does not list is one whose contents are unknown.
 *
 * <p>A snapshot comes from a parser of {@code iptables-save} output, from {@link #of(Ruleset)}
 * (what a host holds after loading a policy alone), from {@link AfterApply#of} (what a host holds
 * after applying a policy beside Docker), or is built by hand in a test:
 *
 * <pre>{@code
 * Snapshot docker = Snapshot.builder()
 *     .addTables(SnapshotTable.of(Family.IPV4, TableName.FILTER, List.of(
 *         SnapshotChain.builder().name("FORWARD").policy(Policy.DROP)
 *             .addRule(Rule.of(List.of(), Jump.to("DOCKER-USER")))
 *             .build(),
 *         SnapshotChain.builder().name("DOCKER-USER").build())))
 *     .build();                      // INPUT and OUTPUT are added, policy ACCEPT
 * Snapshot after = AfterApply.of(docker, policy);
 * after.table(Family.IPV4, TableName.FILTER).flatMap(t -> t.chain("INPUT"));
 * }</pre>
 */
@Value.Immutable
public abstract class Snapshot {
  Snapshot() {}

  /** The tables, at most one per family and table name, in the order given. */
  public abstract ImmutableList<SnapshotTable> tables();

  /** The address sets whose contents are known (from {@code ipset save}, say), names unique. */
  public abstract ImmutableList<AddressSet> sets();

  /** The table {@code name} of {@code family}, if the snapshot has it. */
  public final Optional<SnapshotTable> table(Family family, TableName name) {
    return Optional.ofNullable(tablesByRef().get(TableRef.of(family, name)));
  }

  /** The known set named {@code name}, if listed. */
  public final Optional<AddressSet> set(String name) {
    return sets().stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** The families that have at least one table, in {@link Family} order. */
  public final ImmutableSet<Family> families() {
    return tables().stream()
        .map(SnapshotTable::family)
        .sorted()
        .collect(ImmutableSet.toImmutableSet());
  }

  @Value.Lazy
  ImmutableMap<TableRef, SnapshotTable> tablesByRef() {
    return tables().stream()
        .collect(ImmutableMap.toImmutableMap(SnapshotTable::ref, t -> t, (a, b) -> a));
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * What a host holds after loading {@code ruleset} alone, in own mode: for each family, every
   * table of the ruleset with its built-in chains (policy as declared for that family, else {@code
   * ACCEPT}), its managed chains with the rules of that family ({@link Ruleset#familiesOf}), its
   * foreign chains empty, user chains in name order (as {@code iptables-save} lists them); and the
   * ruleset's sets.
   */
  public static Snapshot of(Ruleset ruleset) {
    return FromRuleset.snapshot(ruleset);
  }

  /** Builds a {@link Snapshot}. */
  public static final class Builder extends ImmutableSnapshot.Builder {}

  @Value.Check
  final void check() {
    Set<TableRef> seenTables = new HashSet<>();
    for (SnapshotTable table : tables()) {
      KernelChecks.check(
          seenTables.add(table.ref()),
          "%s: table listed twice: %s",
          table.ref(),
          table.name().label());
    }
    Set<String> seenSets = new HashSet<>();
    for (AddressSet set : sets()) {
      KernelChecks.check(
          seenSets.add(set.name()), "%s: set listed twice: %s", SetRef.of(set.name()), set.name());
    }
  }
}
