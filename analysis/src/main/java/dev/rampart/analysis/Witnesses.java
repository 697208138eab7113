package dev.rampart.analysis;

import dev.rampart.core.Place;
import dev.rampart.core.eval.Evaluation;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.Outcome;
import dev.rampart.core.eval.Packet;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The exhaustive search for a witness: one packet of each atom ({@link Atoms}) of the packets whose
 * fate may change, each told apart by what the header space does not track ({@link Untracked}),
 * evaluated before and after the swap. When no atom's fates differ the rules commute on those
 * packets, or the difference hangs on matches the evaluator cannot decide.
 */
final class Witnesses {
  /** The most atoms searched; beyond it the answer is "does not commute" with no witness. */
  static final int MAX_CLASSES = 20_000;

  /**
   * What the search found: a witness, or else the undecidable places some atom's fate hangs on
   * (with its possible fates before and after), or else nothing; {@code capped} when there were
   * more than {@value #MAX_CLASSES} atoms.
   */
  record Found(
      Optional<Packet> witness,
      boolean capped,
      List<Place> dependsOn,
      Set<Outcome> before,
      Set<Outcome> after) {
    static Found ofCap() {
      return new Found(Optional.empty(), true, List.of(), Set.of(), Set.of());
    }
  }

  private Witnesses() {}

  /** Searches the atoms of {@code d} for a packet {@code swap} decides differently. */
  static Found search(Atoms atoms, Untracked untracked, PacketSet d, Swap swap, Host host) {
    List<Packet> witness = new ArrayList<>(1);
    List<Swap.Both> depends = new ArrayList<>(1);
    Atoms.Walk walk =
        atoms.forEach(
            d,
            MAX_CLASSES,
            c -> {
              for (Packet p : Candidates.of(c.cubes().get(0), atoms.space(), host)) {
                for (Packet v : untracked.of(p)) {
                  if (swap.surelyAlike(v)) {
                    continue;
                  }
                  Optional<Swap.Both> both = swap.evaluate(v);
                  if (both.isEmpty()) {
                    continue;
                  }
                  if (both.get().differs()) {
                    witness.add(v);
                    return false;
                  }
                  if (depends.isEmpty() && both.get().depends()) {
                    depends.add(both.get());
                  }
                }
              }
              return true;
            });
    if (!witness.isEmpty()) {
      return new Found(Optional.of(witness.get(0)), false, List.of(), Set.of(), Set.of());
    }
    if (walk == Atoms.Walk.CAPPED) {
      return Found.ofCap();
    }
    if (depends.isEmpty()) {
      return new Found(Optional.empty(), false, List.of(), Set.of(), Set.of());
    }
    Evaluation before = depends.get(0).before();
    Evaluation after = depends.get(0).after();
    Set<Place> places = new LinkedHashSet<>(before.dependsOn());
    places.addAll(after.dependsOn());
    return new Found(
        Optional.empty(), false, List.copyOf(places), outcomes(before), outcomes(after));
  }

  private static Set<Outcome> outcomes(Evaluation e) {
    Set<Outcome> out = new LinkedHashSet<>();
    if (e.decision() == Evaluation.Decision.DEPENDS) {
      e.outcomes().forEach(o -> out.add(o.outcome()));
    } else {
      out.add(e.outcome());
    }
    return out;
  }
}
