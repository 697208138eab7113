package dev.rampart.analysis;

import dev.rampart.core.eval.Host;
import dev.rampart.core.snapshot.SnapshotChain;
import dev.rampart.core.snapshot.SnapshotRule;
import dev.rampart.core.snapshot.SnapshotTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The atoms of one family's ruleset: the sets of packets every rule's known matches (and the host's
 * routing) tell apart. Two packets of one atom match the same rules (as far as the header space
 * tracks their matches) and are routed alike, so the evaluator decides them alike but for what the
 * header space does not track ({@link Untracked}) and matches it cannot decide (rate limits, sets
 * filled at run time: the evaluation then lists each outcome).
 */
final class Atoms {
  private final Space space;
  private final List<PacketSet> splitters;

  private Atoms(Space space, List<PacketSet> splitters) {
    this.space = space;
    this.splitters = splitters;
  }

  /** The atoms of the rules {@code reach} walked and of {@code host}'s routes. */
  static Atoms of(RuleReach reach, Host host) {
    Space space = reach.space();
    List<PacketSet> out = new ArrayList<>();
    Routes routes = Routes.of(space, host);
    for (Field f : List.of(Field.DESTINATION, Field.SOURCE)) { // sources: reverse-path checks
      out.add(PacketSet.of(space, space.where(f, routes.local())));
      for (Routes.Route r : routes.routes()) {
        out.add(PacketSet.of(space, space.where(f, r.destinations())));
      }
    }
    for (SnapshotTable t : reach.tables().values()) {
      for (SnapshotChain c : t.chains()) {
        for (SnapshotRule rule : c.rules()) {
          PacketSet known = reach.condition(rule.rule()).known();
          if (!known.isEmpty()) {
            out.add(known);
          }
        }
      }
    }
    return new Atoms(space, out);
  }

  /**
   * {@code set} split into its atoms, each non-empty; empty when there are more than {@code cap}.
   */
  Optional<List<PacketSet>> split(PacketSet set, int cap) {
    List<PacketSet> classes = new ArrayList<>();
    if (!set.isEmpty()) {
      classes.add(set);
    }
    for (PacketSet s : splitters) {
      List<PacketSet> next = new ArrayList<>(classes.size());
      for (PacketSet x : classes) {
        PacketSet in = x.intersect(s);
        if (in.isEmpty()) {
          next.add(x);
          continue;
        }
        PacketSet out = x.minus(s);
        next.add(in);
        if (!out.isEmpty()) {
          next.add(out);
        }
      }
      if (next.size() > cap) {
        return Optional.empty();
      }
      classes = next;
    }
    return Optional.of(classes);
  }

  Space space() {
    return space;
  }
}
