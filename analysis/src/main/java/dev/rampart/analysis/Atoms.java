package dev.rampart.analysis;

import dev.rampart.core.eval.Host;
import dev.rampart.core.snapshot.SnapshotChain;
import dev.rampart.core.snapshot.SnapshotRule;
import dev.rampart.core.snapshot.SnapshotTable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

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

  /** How a walk over the atoms ended. */
  enum Walk {
    /** Every atom was visited. */
    DONE,
    /** The visitor stopped the walk. */
    STOPPED,
    /** There were more atoms than the cap. */
    CAPPED
  }

  /**
   * Visits the atoms of {@code set} (each non-empty), depth first, until {@code visit} returns
   * false or more than {@code cap} atoms were visited.
   */
  Walk forEach(PacketSet set, int cap, Predicate<PacketSet> visit) {
    if (set.isEmpty()) {
      return Walk.DONE;
    }
    List<PacketSet> within = new ArrayList<>();
    for (PacketSet s : splitters) {
      PacketSet in = s.intersect(set);
      if (!in.isEmpty() && !set.minus(in).isEmpty()) {
        within.add(in); // only the splitters that cut the set
      }
    }
    int[] visited = {0};
    return walk(set, 0, within, cap, visit, visited);
  }

  private static Walk walk(
      PacketSet x,
      int from,
      List<PacketSet> within,
      int cap,
      Predicate<PacketSet> visit,
      int[] visited) {
    for (int i = from; i < within.size(); i++) {
      PacketSet in = x.intersect(within.get(i));
      if (in.isEmpty()) {
        continue;
      }
      PacketSet out = x.minus(within.get(i));
      if (out.isEmpty()) {
        continue;
      }
      Walk w = walk(in, i + 1, within, cap, visit, visited);
      return w != Walk.DONE ? w : walk(out, i + 1, within, cap, visit, visited);
    }
    if (++visited[0] > cap) {
      return Walk.CAPPED;
    }
    return visit.test(x) ? Walk.DONE : Walk.STOPPED;
  }

  Space space() {
    return space;
  }
}
