package dev.rampart.analysis;

import com.google.common.base.Suppliers;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainRef;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.RuleRef;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.eval.CompiledEvaluator;
import dev.rampart.core.eval.Evaluation;
import dev.rampart.core.eval.Evaluator;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.Outcome;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.core.snapshot.SnapshotChain;
import dev.rampart.core.snapshot.SnapshotRule;
import dev.rampart.core.snapshot.SnapshotTable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** Core's evaluator over the rules as they are and with two adjacent rules swapped. */
final class Swap {
  private final Evaluator before;
  private final Evaluator after;
  private final Supplier<CompiledEvaluator> fastBefore;
  private final Supplier<CompiledEvaluator> fastAfter;

  private Swap(Evaluator before, Evaluator after) {
    this.before = before;
    this.after = after;
    this.fastBefore = Suppliers.memoize(before::compile);
    this.fastAfter = Suppliers.memoize(after::compile);
  }

  /**
   * The evaluators of {@code policy} (when given, as loaded alone) or else {@code snapshot}, before
   * and after the rule at {@code first} (with its family) and the next one change places.
   */
  static Swap of(Snapshot snapshot, Optional<Ruleset> policy, Host host, RuleRef first) {
    if (policy.isPresent()) {
      Optional<Ruleset> swapped = swapped(policy.get(), first);
      if (swapped.isPresent()) {
        return new Swap(Evaluator.of(policy.get(), host), Evaluator.of(swapped.get(), host));
      }
    }
    return new Swap(Evaluator.of(snapshot, host), Evaluator.of(swapped(snapshot, first), host));
  }

  /** Whether the evaluator decides {@code packet} differently after the swap. */
  boolean differs(Packet packet) {
    return evaluate(packet).map(Both::differs).orElse(false);
  }

  /** The evaluations of {@code packet} before and after the swap. */
  record Both(Evaluation before, Evaluation after) {
    /** Whether the possible fates differ. */
    boolean differs() {
      return !fates(before).equals(fates(after));
    }

    /** Whether either evaluation hangs on a match the evaluator cannot decide. */
    boolean depends() {
      return before.decision() == Evaluation.Decision.DEPENDS
          || after.decision() == Evaluation.Decision.DEPENDS;
    }
  }

  /**
   * Whether the compiled evaluators decide {@code packet} alike before and after the swap, with a
   * fate the model knows (then its fates do not differ and do not depend on anything); compiled on
   * first use.
   */
  boolean surelyAlike(Packet packet) {
    try {
      Outcome o = fastBefore.get().outcome(packet);
      return o.decision() != Evaluation.Decision.DEPENDS
          && o.equals(fastAfter.get().outcome(packet));
    } catch (IllegalArgumentException e) {
      return false; // the tracing evaluator says which
    }
  }

  /** Both evaluations of {@code packet}; empty when the evaluator does not take it. */
  Optional<Both> evaluate(Packet packet) {
    try {
      return Optional.of(new Both(before.evaluate(packet), after.evaluate(packet)));
    } catch (IllegalArgumentException e) {
      return Optional
          .empty(); // not a packet the evaluator takes (a candidate the host cannot route)
    }
  }

  /** Every possible fate of an evaluation: decision, destination after NAT, output interface. */
  static Set<String> fates(Evaluation e) {
    Set<String> out = new LinkedHashSet<>();
    List<Evaluation> all = e.decision() == Evaluation.Decision.DEPENDS ? e.outcomes() : List.of(e);
    for (Evaluation o : all) {
      out.add(
          o.decision()
              + " "
              + o.destination().map(a -> a.getHostAddress()).orElse("")
              + " "
              + o.destinationPort()
              + " "
              + o.outInterface().orElse(""));
    }
    return out;
  }

  private static Optional<Ruleset> swapped(Ruleset policy, RuleRef first) {
    Family family = first.family().orElseThrow();
    ChainRef ref = first.chain();
    List<Table> tables = new ArrayList<>();
    for (Table t : policy.tables()) {
      if (t.name() != ref.table()) {
        tables.add(t);
        continue;
      }
      List<Chain> chains = new ArrayList<>();
      for (Chain c : t.chains()) {
        chains.add(c.name().equals(ref.name()) ? swapped(policy, family, c, first.index()) : c);
      }
      tables.add(Table.builder().from(t).chains(chains).build());
    }
    try {
      return Optional.of(Ruleset.builder().from(policy).tables(tables).build());
    } catch (RuntimeException e) {
      return Optional.empty(); // the swapped rules do not validate (a lockout, say)
    }
  }

  /** {@code chain} with its family's rules {@code index} and {@code index + 1} swapped. */
  private static Chain swapped(Ruleset policy, Family family, Chain chain, int index) {
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < chain.rules().size(); i++) {
      if (policy.familiesOf(chain.rules().get(i)).contains(family)) {
        positions.add(i);
      }
    }
    List<Rule> rules = new ArrayList<>(chain.rules());
    int a = positions.get(index - 1);
    int b = positions.get(index);
    rules.set(a, chain.rules().get(b));
    rules.set(b, chain.rules().get(a));
    return Chain.builder().from(chain).rules(rules).build();
  }

  private static Snapshot swapped(Snapshot snapshot, RuleRef first) {
    Family family = first.family().orElseThrow();
    ChainRef ref = first.chain();
    List<SnapshotTable> tables = new ArrayList<>();
    for (SnapshotTable t : snapshot.tables()) {
      if (t.family() != family || t.name() != ref.table()) {
        tables.add(t);
        continue;
      }
      List<SnapshotChain> chains = new ArrayList<>();
      for (SnapshotChain c : t.chains()) {
        if (!c.name().equals(ref.name())) {
          chains.add(c);
          continue;
        }
        List<SnapshotRule> rules = new ArrayList<>(c.rules());
        int a = first.index() - 1;
        rules.set(a, c.rules().get(a + 1));
        rules.set(a + 1, c.rules().get(a));
        chains.add(SnapshotChain.builder().from(c).rules(rules).build());
      }
      tables.add(SnapshotTable.builder().from(t).chains(chains).build());
    }
    return Snapshot.builder().from(snapshot).tables(tables).build();
  }
}
