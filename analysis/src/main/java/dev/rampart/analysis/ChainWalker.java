package dev.rampart.analysis;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.ChainRef;
import dev.rampart.core.Family;
import dev.rampart.core.Place;
import dev.rampart.core.RuleRef;
import dev.rampart.core.TableName;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.core.snapshot.SnapshotChain;
import dev.rampart.core.snapshot.SnapshotTable;
import dev.rampart.core.target.Target;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Traverses the chains of one family with sets of packets instead of one packet: each rule splits
 * the packets reaching it into those it matches (which its target handles) and the rest (which go
 * on), exactly, across jumps, gotos and RETURNs, as the kernel's {@code ipt_do_table} does for each
 * of them. Records the packets that reached the rules a caller {@linkplain #watch watches}, and
 * only those: recording every rule's reach cost a union of packet sets per rule and walk (3.5 GB
 * allocated in one {@code check} of a 100k-rule dump) for the one rule a caller reads.
 */
final class ChainWalker {
  /** How packets left a chain. */
  enum Fate {
    ACCEPT,
    DROP,
    REJECT,
    /** Fell off the end or hit RETURN: the caller continues (the policy, for a built-in chain). */
    RETURN
  }

  /** Packets that left a chain, how, and the place that decided it. */
  record Ended(Fate fate, Piece piece, Place place) {}

  private static final int MAX_DEPTH = 64;

  private final Snapshot snapshot;
  private final Family family;
  private final Conditions conditions;
  private final TargetEffects effects;
  private final Map<TableName, SnapshotTable> tables = new HashMap<>();
  private final IdentityHashMap<Object, Conditions.Condition> ruleSets = new IdentityHashMap<>();
  private final Set<RuleRef> watched = new HashSet<>();
  private final Map<RuleRef, PacketSet> reached = new HashMap<>();

  ChainWalker(Snapshot snapshot, Family family, Conditions conditions, TargetEffects effects) {
    this.snapshot = snapshot;
    this.family = family;
    this.conditions = conditions;
    this.effects = effects;
    for (SnapshotTable t : snapshot.tables()) {
      if (t.family() == family) {
        tables.put(t.name(), t);
      }
    }
  }

  Snapshot snapshot() {
    return snapshot;
  }

  /** The chain {@code name} of {@code table}, if this family has it. */
  Optional<SnapshotChain> chain(TableName table, String name) {
    SnapshotTable t = tables.get(table);
    return t == null ? Optional.empty() : t.chain(name);
  }

  /** Records, in the walks from now on, the packets that reach the rule at {@code place}. */
  void watch(RuleRef place) {
    watched.add(place);
  }

  /**
   * The packets that reached the watched rule at {@code place} in the walks since it was watched;
   * empty when none did.
   */
  Optional<PacketSet> reached(RuleRef place) {
    if (!watched.contains(place)) {
      throw new IllegalArgumentException("not watched: " + place);
    }
    return Optional.ofNullable(reached.get(place));
  }

  /** The rules whose reach was recorded so far (each a watched one). */
  Set<RuleRef> recorded() {
    return Collections.unmodifiableSet(reached.keySet());
  }

  /**
   * Traverses built-in chain {@code name} of {@code table} with {@code in}: every packet ends
   * accepted, dropped or rejected (a RETURN from the built-in chain meets its policy).
   */
  List<Ended> builtin(TableName table, String name, Piece in) {
    Optional<SnapshotChain> chain = chain(table, name);
    ChainRef ref = ChainRef.of(family, table, name);
    if (chain.isEmpty()) {
      return List.of(new Ended(Fate.ACCEPT, in, ref));
    }
    List<Ended> out = new ArrayList<>();
    for (Ended e : walk(table, chain.get(), in, 0)) {
      if (e.fate() == Fate.RETURN) {
        ChainPolicy p = chain.get().policy().orElse(ChainPolicy.ACCEPT);
        out.add(new Ended(p == ChainPolicy.ACCEPT ? Fate.ACCEPT : Fate.DROP, e.piece(), ref));
      } else {
        out.add(e);
      }
    }
    return out;
  }

  private List<Ended> walk(TableName table, SnapshotChain chain, Piece in, int depth) {
    ChainRef ref = ChainRef.of(family, table, chain.name());
    if (depth > MAX_DEPTH) {
      throw new IllegalStateException(ref + ": jumps nest deeper than " + MAX_DEPTH);
    }
    List<Ended> out = new ArrayList<>();
    List<Piece> live = new ArrayList<>(List.of(in));
    for (int i = 0; i < chain.rules().size() && !live.isEmpty(); i++) {
      RuleRef place = ref.rule(i + 1);
      var rule = chain.rules().get(i).rule();
      Conditions.Condition cond =
          ruleSets.computeIfAbsent(rule, r -> conditions.all(rule.matches()));
      List<Piece> next = new ArrayList<>();
      boolean watching = !watched.isEmpty() && watched.contains(place);
      for (Piece p : live) {
        if (watching) {
          reached.merge(place, p.set(), PacketSet::union);
        }
        PacketSet rest = p.set().minus(cond.known());
        if (!rest.isEmpty()) {
          next.add(p.withSet(rest));
        }
        Piece matched = p.withSet(p.set().intersect(cond.known()));
        if (matched.set().isEmpty()) {
          continue;
        }
        if (!cond.exact()) {
          // the packets of the known part may or may not match: both ways, each an assumption
          next.add(matched.assuming(place));
          matched = matched.assuming(place);
        }
        apply(table, rule.target(), place, matched, depth, next, out);
      }
      live = merge(next);
    }
    for (Piece p : live) {
      out.add(new Ended(Fate.RETURN, p, ref));
    }
    return out;
  }

  private void apply(
      TableName table,
      Target target,
      RuleRef place,
      Piece matched,
      int depth,
      List<Piece> next,
      List<Ended> out) {
    TargetEffects.Effect e = effects.of(target, matched, place);
    e.dropped().ifPresent(d -> out.add(new Ended(Fate.DROP, d, place)));
    switch (e.kind()) {
      case CONTINUE -> next.addAll(e.pieces());
      case ACCEPT, DROP, REJECT -> {
        for (Piece p : e.pieces()) {
          out.add(new Ended(Fate.valueOf(e.kind().name()), p, place));
        }
      }
      case RETURN -> out.add(new Ended(Fate.RETURN, matched, place));
      case JUMP, GOTO -> {
        Optional<SnapshotChain> target2 = chain(table, e.chain());
        if (target2.isEmpty()) {
          // a chain the snapshot does not hold: its effect is unknown
          Piece unknown = matched.assuming(place);
          next.add(unknown);
          out.add(new Ended(Fate.ACCEPT, unknown, place));
          out.add(new Ended(Fate.DROP, unknown, place));
          return;
        }
        for (Ended sub : walk(table, target2.get(), matched, depth + 1)) {
          if (sub.fate() == Fate.RETURN && e.kind() == TargetEffects.Kind.JUMP) {
            next.add(sub.piece());
          } else {
            out.add(sub);
          }
        }
      }
      case UNKNOWN -> {
        Piece unknown = matched.assuming(place);
        if (e.mayContinue()) {
          next.add(unknown);
        }
        out.add(new Ended(Fate.ACCEPT, unknown, place));
        out.add(new Ended(Fate.DROP, unknown, place));
      }
    }
  }

  /** Pieces with the same assumptions and decider merged into one. */
  private static List<Piece> merge(List<Piece> pieces) {
    if (pieces.size() < 2) {
      return pieces;
    }
    Map<List<Object>, Piece> byKey = new java.util.LinkedHashMap<>();
    for (Piece p : pieces) {
      List<Object> key = List.of(p.assumes(), p.decider());
      byKey.merge(key, p, (a, b) -> a.withSet(a.set().union(b.set())));
    }
    return new ArrayList<>(byKey.values());
  }

  static ImmutableList<Piece> pieces(List<Ended> ended, Fate fate) {
    ImmutableList.Builder<Piece> out = ImmutableList.builder();
    for (Ended e : ended) {
      if (e.fate() == fate) {
        out.add(e.piece());
      }
    }
    return out.build();
  }
}
