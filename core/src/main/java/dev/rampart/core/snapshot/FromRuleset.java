package dev.rampart.core.snapshot;

import dev.rampart.core.Chain;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import java.util.Comparator;

/**
 * Builds the snapshot of a host that loaded a ruleset alone (own mode): user chains come in name
 * order, as the iptables backend declares them and {@code iptables-save} lists them.
 */
final class FromRuleset {
  private FromRuleset() {}

  static Snapshot snapshot(Ruleset ruleset) {
    Snapshot.Builder out = Snapshot.builder().addAllSets(ruleset.sets());
    for (Family family : Family.values()) {
      for (Table table : ruleset.tables()) {
        SnapshotTable.Builder t = SnapshotTable.builder().family(family).name(table.name());
        table.chains().stream()
            .sorted(Comparator.comparing(Chain::name))
            .forEach(c -> t.addChain(chain(ruleset, family, c)));
        out.addTable(t.build());
      }
    }
    return out.build();
  }

  /** {@code chain} as loaded in {@code family}: its rules of that family, foreign ones empty. */
  static SnapshotChain chain(Ruleset ruleset, Family family, Chain chain) {
    SnapshotChain.Builder out = SnapshotChain.builder().name(chain.name());
    chain.policyFor(family).ifPresent(out::policy);
    if (chain.isManaged()) {
      for (Rule rule : rulesOf(ruleset, family, chain)) {
        out.addRule(rule);
      }
    }
    return out.build();
  }

  /** The rules of {@code chain} that {@code family} includes, in order. */
  static Iterable<Rule> rulesOf(Ruleset ruleset, Family family, Chain chain) {
    return chain.rules().stream().filter(r -> ruleset.familiesOf(r).contains(family)).toList();
  }
}
