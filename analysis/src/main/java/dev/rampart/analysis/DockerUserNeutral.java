package dev.rampart.analysis;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.ChainRef;
import dev.rampart.core.Family;
import dev.rampart.core.Place;
import dev.rampart.core.RuleRef;
import dev.rampart.core.TableName;
import dev.rampart.core.docker.DockerChains;
import dev.rampart.core.eval.Evaluation;
import dev.rampart.core.eval.Evaluator;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.core.snapshot.SnapshotChain;
import dev.rampart.core.snapshot.SnapshotRule;
import dev.rampart.core.snapshot.SnapshotTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The DOCKER-USER-ends-neutral invariant. It applies where filter FORWARD jumps to DOCKER-USER and
 * has rules after the jump (Docker's chains). Every packet arriving from outside, in every
 * conntrack state, is followed to DOCKER-USER; then:
 *
 * <ul>
 *   <li>a place in DOCKER-USER (or a chain it calls) that accepts packets which FORWARD, with
 *       DOCKER-USER empty, would drop or reject is a finding: the accept takes from Docker's chains
 *       a decision they would make otherwise (allowing means RETURN there);
 *   <li>when no packet entering DOCKER-USER returns from it, DOCKER-USER itself is a finding:
 *       Docker's chains after it decide nothing (a catch-all verdict at its end).
 * </ul>
 *
 * Drops in DOCKER-USER are what it is for and are not findings. An accept's witness is a packet
 * core's evaluator confirms (accepted there, dropped or rejected with DOCKER-USER empty), tried
 * with the variants of what the header space does not track ({@link Untracked}); where none is
 * found the finding has no witness and names the undecided places it depends on. The whole chain's
 * witness is likewise a packet the evaluator shows decided in DOCKER-USER, or none.
 */
final class DockerUserNeutral {
  private DockerUserNeutral() {}

  static ImmutableList<Finding> of(Snapshot snapshot, Host host) {
    ImmutableList.Builder<Finding> out = ImmutableList.builder();
    for (Family family : snapshot.families()) {
      Optional<SnapshotChain> forward =
          snapshot.table(family, TableName.FILTER).flatMap(t -> t.chain("FORWARD"));
      if (forward.isEmpty()) {
        continue;
      }
      int jump = jumpIndex(forward.get());
      if (jump < 0 || jump == forward.get().rules().size() - 1) {
        continue;
      }
      out.addAll(family(snapshot, family, host, jump));
    }
    return out.build();
  }

  private static int jumpIndex(SnapshotChain forward) {
    List<SnapshotRule> rules = forward.rules();
    for (int i = 0; i < rules.size(); i++) {
      if (rules
          .get(i)
          .rule()
          .target()
          .chain()
          .filter(DockerChains.DOCKER_USER::equals)
          .isPresent()) {
        return i;
      }
    }
    return -1;
  }

  private static List<Finding> family(Snapshot snapshot, Family family, Host host, int jump) {
    Analysis a = Flows.analysis(snapshot, family, host);
    Space space = a.space();
    Optional<Cube> all = Flows.arriving(a, snapshot, host, ConnState.NEW);
    if (all.isEmpty()) {
      return List.of();
    }
    RuleRef jumpRef = ChainRef.of(family, TableName.FILTER, "FORWARD").rule(jump + 1);
    a.walker().watch(jumpRef);
    a.path()
        .run(Flows.piece(PacketSet.of(space, all.get().with(Field.STATE, space.all(Field.STATE)))));
    PacketSet entering = a.walker().reached(jumpRef).orElse(null);
    if (entering == null || entering.isEmpty()) {
      return List.of();
    }
    ChainRef user = ChainRef.of(family, TableName.FILTER, DockerChains.DOCKER_USER);
    Snapshot emptied = emptied(snapshot, family);
    Analysis without = Analysis.of(emptied, family, host, space);
    List<Finding> out = new ArrayList<>();
    boolean returned = false;
    Set<Place> deciders = new LinkedHashSet<>();
    Map<Place, PacketSet> accepts = new LinkedHashMap<>();
    Map<Place, Set<Place>> assumed = new LinkedHashMap<>();
    for (ChainWalker.Ended e :
        a.walker().builtin(TableName.FILTER, DockerChains.DOCKER_USER, Flows.piece(entering))) {
      if (e.place().equals(user)) {
        returned = true;
        continue;
      }
      deciders.add(e.place());
      if (e.fate() == ChainWalker.Fate.ACCEPT) {
        accepts.merge(e.place(), e.piece().set(), PacketSet::union);
        assumed.computeIfAbsent(e.place(), k -> new LinkedHashSet<>()).addAll(e.piece().assumes());
      }
    }
    Evaluator evaluator = Evaluator.of(snapshot, host);
    Evaluator evaluatorWithout = Evaluator.of(emptied, host);
    Untracked untracked = Untracked.of(filterTables(snapshot, family));
    for (Map.Entry<Place, PacketSet> acc : accepts.entrySet()) {
      PacketSet judged = PacketSet.empty(space);
      Set<Place> by = new LinkedHashSet<>();
      for (ChainWalker.Ended e :
          without.walker().builtin(TableName.FILTER, "FORWARD", Flows.piece(acc.getValue()))) {
        if (e.fate() == ChainWalker.Fate.DROP || e.fate() == ChainWalker.Fate.REJECT) {
          judged = judged.union(e.piece().set());
          by.add(e.place());
        }
      }
      if (judged.isEmpty()) {
        continue;
      }
      Place place = acc.getKey();
      Optional<Packet> witness =
          confirmed(judged, untracked, p -> confirms(evaluator, evaluatorWithout, place, p));
      Finding.Builder f =
          Finding.builder()
              .kind(Finding.Kind.DOCKER_USER_NOT_NEUTRAL)
              .place(place)
              .addAllRelated(by);
      if (witness.isPresent()) {
        f.message(
                "accepts packets Docker's chains would drop (allow with RETURN): " + witness.get())
            .witness(witness);
      } else {
        Set<Place> hangs = assumed.getOrDefault(place, Set.of());
        f.message(
                "may accept packets Docker's chains would drop (allow with RETURN), depending on"
                    + " matches the analysis cannot decide"
                    + (hangs.isEmpty() ? "" : " at " + hangs)
                    + ": no packet found that shows it")
            .addAllRelated(hangs);
      }
      out.add(f.build());
    }
    if (!returned) {
      // the witness, like an accept's, is one the evaluator shows decided in DOCKER-USER
      Optional<Packet> witness =
          confirmed(
              entering,
              untracked,
              p ->
                  some(
                      evaluator.evaluate(p),
                      e -> e.decidedBy().filter(deciders::contains).isPresent()));
      out.add(
          Finding.builder()
              .kind(Finding.Kind.DOCKER_USER_NOT_NEUTRAL)
              .place(user)
              .message(
                  "no packet returns to Docker's chains: every packet is decided here, the first "
                      + witness.map(Packet::toString).orElse("(no packet found that shows it)"))
              .witness(witness)
              .addAllRelated(deciders)
              .build());
    }
    return out;
  }

  /** The most cubes of a judged set tried for a witness. */
  private static final int MAX_CUBES = 64;

  /**
   * A packet of {@code set}, or one of its variants by what the header space does not track ({@link
   * Untracked}: a mark mask with holes, say), that {@code test} holds for; the set's own witness
   * first.
   */
  private static Optional<Packet> confirmed(
      PacketSet set, Untracked untracked, Predicate<Packet> test) {
    List<Packet> bases = new ArrayList<>();
    bases.add(Flows.witness(set));
    List<Cube> cubes = set.cubes();
    for (int i = 0; i < cubes.size() && i < MAX_CUBES; i++) {
      bases.add(Flows.witness(PacketSet.of(set.space(), cubes.get(i))));
    }
    for (Packet base : bases) {
      for (Packet p : untracked.of(base)) {
        if (test.test(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Whether the evaluator shows {@code p} accepted at {@code place} and, with DOCKER-USER empty,
   * dropped or rejected (each in one of its outcomes, when it depends on what it cannot decide).
   */
  private static boolean confirms(Evaluator with, Evaluator without, Place place, Packet p) {
    return some(with.evaluate(p), e -> e.isAccepted() && e.decidedBy().equals(Optional.of(place)))
        && some(
            without.evaluate(p),
            e ->
                e.decision() == Evaluation.Decision.DROPPED
                    || e.decision() == Evaluation.Decision.REJECTED);
  }

  private static boolean some(Evaluation e, Predicate<Evaluation> test) {
    return e.decision() == Evaluation.Decision.DEPENDS
        ? e.outcomes().stream().anyMatch(test)
        : test.test(e);
  }

  /** {@code snapshot}'s filter tables of {@code family}. */
  private static List<SnapshotTable> filterTables(Snapshot snapshot, Family family) {
    return snapshot.tables().stream()
        .filter(t -> t.family() == family && t.name() == TableName.FILTER)
        .toList();
  }

  /** {@code snapshot} with {@code family}'s DOCKER-USER emptied (policy-neutral). */
  private static Snapshot emptied(Snapshot snapshot, Family family) {
    List<SnapshotTable> tables = new ArrayList<>();
    for (SnapshotTable t : snapshot.tables()) {
      if (t.family() != family || t.name() != TableName.FILTER) {
        tables.add(t);
        continue;
      }
      List<SnapshotChain> chains = new ArrayList<>();
      for (SnapshotChain c : t.chains()) {
        chains.add(
            c.name().equals(DockerChains.DOCKER_USER)
                ? SnapshotChain.builder().from(c).rules(ImmutableList.of()).build()
                : c);
      }
      tables.add(SnapshotTable.builder().from(t).chains(chains).build());
    }
    return Snapshot.builder().from(snapshot).tables(tables).build();
  }
}
