package dev.rampart.core.snapshot;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Family;
import dev.rampart.core.TableName;
import dev.rampart.core.TableRef;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One netfilter table of one family as a host holds it.
 *
 * <p>The kernel always has every built-in chain of a table, so a snapshot table always lists them:
 * building one adds those not given (empty, policy {@link ChainPolicy#ACCEPT}) and gives {@code
 * ACCEPT} to a built-in chain built without a policy. {@link #chains()} lists the built-in chains
 * first, in netfilter's order ({@link TableName#builtinChains()}, the order {@code iptables-save}
 * prints), then the user chains in the order given.
 *
 * <p>Building checks what the kernel checks, with messages naming the place: chain names unique and
 * at most 28 characters, no built-in chain of another table, no policy on a user chain, every jump
 * or goto target present in the table, no jump cycle. Anything else a real host may hold is
 * accepted: Docker's chains with their rules, comments with quotes, sets nobody declared.
 */
@Value.Immutable
public abstract class SnapshotTable {
  SnapshotTable() {}

  /** The family. */
  public abstract Family family();

  /** Which table. */
  public abstract TableName name();

  /** The chains: built-in chains first, in netfilter's order, then user chains. */
  public abstract ImmutableList<SnapshotChain> chains();

  /** The chain named {@code name}, if the table has it. */
  public final Optional<SnapshotChain> chain(String name) {
    return Optional.ofNullable(chainsByName().get(name));
  }

  /** The table as a place, {@code ipv4 table filter}. */
  public final TableRef ref() {
    return TableRef.of(family(), name());
  }

  @Value.Lazy
  ImmutableMap<String, SnapshotChain> chainsByName() {
    return chains().stream()
        .collect(ImmutableMap.toImmutableMap(SnapshotChain::name, c -> c, (a, b) -> a));
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The table {@code name} of {@code family} with {@code chains}; built-in chains not among them
   * are added.
   *
   * @throws IllegalArgumentException if the kernel would refuse the table
   */
  public static SnapshotTable of(Family family, TableName name, Iterable<SnapshotChain> chains) {
    return builder().family(family).name(name).addAllChains(chains).build();
  }

  /** Builds a {@link SnapshotTable}. */
  public static final class Builder extends ImmutableSnapshotTable.Builder {}

  @Value.Check
  SnapshotTable normalize() {
    ImmutableList<SnapshotChain> normal = normalized(name(), chains());
    if (!normal.equals(chains())) {
      return builder().family(family()).name(name()).addAllChains(normal).build();
    }
    KernelChecks.checkTable(this);
    return this;
  }

  /**
   * The built-in chains of {@code table} first, in netfilter's order, each with a policy (added
   * empty with {@code ACCEPT} when missing), then the other chains in their order. Duplicates are
   * kept, for the checks to report.
   */
  private static ImmutableList<SnapshotChain> normalized(
      TableName table, ImmutableList<SnapshotChain> chains) {
    ImmutableList.Builder<SnapshotChain> out = ImmutableList.builder();
    for (String builtin : table.builtinChains()) {
      boolean found = false;
      for (SnapshotChain c : chains) {
        if (c.name().equals(builtin)) {
          found = true;
          out.add(
              c.policy().isPresent()
                  ? c
                  : SnapshotChain.builder().from(c).policy(ChainPolicy.ACCEPT).build());
        }
      }
      if (!found) {
        out.add(SnapshotChain.builder().name(builtin).policy(ChainPolicy.ACCEPT).build());
      }
    }
    chains.stream().filter(c -> !table.hasBuiltin(c.name())).forEach(out::add);
    return out.build();
  }
}
