package dev.rampart.analysis;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.ChainRef;
import dev.rampart.core.Place;
import dev.rampart.core.Rule;
import dev.rampart.core.RuleRef;
import dev.rampart.core.TableName;
import dev.rampart.core.snapshot.SnapshotChain;
import dev.rampart.core.target.Target;
import dev.rampart.core.target.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether removing a verdict rule changes the fate of any packet it decides: the packets it matched
 * are followed from the next rule on (into jumped chains, and to the policy at a built-in chain's
 * end) and must all meet the same verdict, untouched. Anything else on their way (a target that
 * changes the packet, a chain whose rules are unknown, an unknown match whose rule would decide
 * otherwise) keeps the rule: the answer is never a guess.
 */
final class Redundancy {
  private final RuleReach reach;

  /** How a followed set left a chain: the places that decided it, the packets that returned. */
  private record Followed(List<Place> deciders, PacketSet returned) {}

  Redundancy(RuleReach reach) {
    this.reach = reach;
  }

  /**
   * The places that would decide the packets of the rule at {@code index} (0-based) of {@code
   * chain} if it were removed, when they decide them as it does; empty when it is not redundant.
   */
  Optional<ImmutableList<Place>> deciders(TableName table, SnapshotChain chain, int index) {
    ChainRef ref = ChainRef.of(reach.family(), table, chain.name());
    RuleRef place = ref.rule(index + 1);
    Optional<RuleReach.Seen> seen = reach.seen(place);
    if (seen.isEmpty() || seen.get().matched.isEmpty()) {
      return Optional.empty();
    }
    Rule rule = chain.rules().get(index).rule();
    PacketSet matched = seen.get().matched;
    Piece piece = new Piece(matched, ImmutableList.of(), Optional.empty());
    TargetEffects.Effect e = reach.effects().of(rule.target(), piece, place);
    if (!isVerdict(e, matched)) {
      return Optional.empty();
    }
    boolean builtin = table.hasBuiltin(chain.name());
    Target key = key(rule.target(), e.kind(), chain, builtin);
    Optional<Followed> f = follow(table, chain, index + 1, matched, key, 0);
    return f.map(x -> ImmutableList.copyOf(x.deciders()));
  }

  /** Whether {@code e} is a plain verdict (ACCEPT, DROP, REJECT, RETURN) leaving packets as are. */
  private static boolean isVerdict(TargetEffects.Effect e, PacketSet in) {
    return switch (e.kind()) {
      case ACCEPT, DROP, REJECT, RETURN -> e.dropped().isEmpty() && unchanged(e, in);
      default -> false;
    };
  }

  private static boolean unchanged(TargetEffects.Effect e, PacketSet in) {
    PacketSet out = PacketSet.empty(in.space());
    for (Piece p : e.pieces()) {
      out = out.union(p.set());
    }
    return same(out, in);
  }

  /** Whether {@code a} and {@code b} hold the same packets. */
  static boolean same(PacketSet a, PacketSet b) {
    return a.minus(b).isEmpty() && b.minus(a).isEmpty();
  }

  /** The fate a verdict rule gives at the top of its chain: a RETURN there meets the policy. */
  private static Target key(
      Target target, TargetEffects.Kind kind, SnapshotChain chain, boolean builtin) {
    return kind == TargetEffects.Kind.RETURN ? end(chain, builtin) : target;
  }

  /** What the end of a chain does: its policy for a built-in chain, RETURN for a user chain. */
  private static Target end(SnapshotChain chain, boolean builtin) {
    if (!builtin) {
      return Verdict.RETURN;
    }
    return chain.policy().orElse(ChainPolicy.ACCEPT) == ChainPolicy.ACCEPT
        ? Verdict.ACCEPT
        : Verdict.DROP;
  }

  private Optional<Followed> follow(
      TableName table, SnapshotChain chain, int from, PacketSet in, Target key, int depth) {
    ChainRef ref = ChainRef.of(reach.family(), table, chain.name());
    boolean builtin = depth == 0 && table.hasBuiltin(chain.name());
    List<Place> deciders = new ArrayList<>();
    PacketSet live = in;
    PacketSet returned = PacketSet.empty(reach.space());
    for (int i = from; i < chain.rules().size() && !live.isEmpty(); i++) {
      RuleRef place = ref.rule(i + 1);
      Rule rule = chain.rules().get(i).rule();
      Conditions.Condition cond = reach.condition(rule);
      PacketSet matched = live.intersect(cond.known());
      if (matched.isEmpty()) {
        continue;
      }
      PacketSet rest = cond.exact() ? live.minus(cond.known()) : live;
      Piece piece = new Piece(matched, ImmutableList.of(), Optional.empty());
      TargetEffects.Effect e = reach.effects().of(rule.target(), piece, place);
      if (e.dropped().isPresent() || !unchanged(e, matched)) {
        return Optional.empty(); // the packets change: a later table may decide otherwise
      }
      switch (e.kind()) {
        case CONTINUE -> {
          // LOG, NFLOG and the like: they go on untouched
        }
        case ACCEPT, DROP, REJECT -> {
          if (!rule.target().equals(key)) {
            return Optional.empty();
          }
          deciders.add(place);
          live = rest;
        }
        case RETURN -> {
          if (depth > 0) {
            returned = returned.union(matched);
          } else if (end(chain, builtin).equals(key)) {
            deciders.add(place);
          } else {
            return Optional.empty();
          }
          live = rest;
        }
        case JUMP, GOTO -> {
          Optional<SnapshotChain> sub = reach.known(table, e.chain());
          if (sub.isEmpty()) {
            return Optional.empty();
          }
          Optional<Followed> f = follow(table, sub.get(), 0, matched, key, depth + 1);
          if (f.isEmpty()) {
            return Optional.empty();
          }
          deciders.addAll(f.get().deciders());
          PacketSet back = f.get().returned();
          if (e.kind() == TargetEffects.Kind.JUMP) {
            live = cond.exact() ? rest.union(back) : live;
          } else if (depth > 0) {
            returned = returned.union(back);
            live = rest;
          } else if (back.isEmpty() || end(chain, builtin).equals(key)) {
            live = rest;
          } else {
            return Optional.empty();
          }
        }
        case UNKNOWN -> {
          return Optional.empty();
        }
      }
    }
    if (!live.isEmpty()) {
      if (depth > 0) {
        returned = returned.union(live);
      } else if (end(chain, builtin).equals(key)) {
        deciders.add(ref);
      } else {
        return Optional.empty();
      }
    }
    return Optional.of(new Followed(deciders, returned));
  }
}
