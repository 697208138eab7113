package dev.rampart.analysis;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Lists;
import dev.rampart.core.AddressSet;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainRef;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.RuleRef;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.core.snapshot.SnapshotChain;
import dev.rampart.core.snapshot.SnapshotRule;
import dev.rampart.core.snapshot.SnapshotTable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Rule order: whether two adjacent rules commute (swapping them changes the fate of no packet, at
 * any entry point), exactly, with a witness packet when they do not.
 *
 * <p>The packets that reach the first rule (from every entry point) are split by what each rule
 * does with them (accept, drop, reject, return, go on, unknown); the pair commutes unless some
 * packet both rules match gets a different fate from each, or one rule rewrites a packet (MARK,
 * NAT, NOTRACK) that the other tests. Those packets are then checked with core's evaluator on the
 * original and the swapped rules, through every table of their path: first a few candidates, then,
 * when none shows a difference, one packet of each atom (the sets every rule's matches and the
 * host's routes tell apart) with each variant the header space does not track (packet type, TCP
 * flags). A packet whose possible fates change is the witness; when none changes the pair commutes,
 * or {@link Commutation.Answer#DEPENDS depends} when some atom's fate hangs on matches the
 * evaluator cannot decide.
 *
 * <pre>{@code
 * RuleOrder order = RuleOrder.of(policy, Host.parse("eth0=198.51.100.1/24,default=eth0"));
 * Commutation c = order.commutes(RuleRef.of(TableName.FILTER, "INPUT", 3));
 * switch (c.answer()) {
 *   case DOES_NOT_COMMUTE -> System.out.println(c.witness()); // decided differently once swapped
 *   case DEPENDS -> System.out.println(c.dependsOn()); // the rate limits, sets... it hangs on
 *   case COMMUTES -> {}
 * }
 * }</pre>
 */
public final class RuleOrder {
  private static final int CANDIDATE_CUBES = 16;
  private static final int FOCUS_RULES = 64;
  private static final int FOCUS_CUBES = 4;

  private final Snapshot snapshot;
  private final Optional<Ruleset> policy;
  private final Host host;
  private final Map<Family, RuleReach> reach = new EnumMap<>(Family.class);
  private final Set<Family> marksTested = EnumSet.noneOf(Family.class);
  private final Map<Family, Atoms> atoms = new EnumMap<>(Family.class);
  private final Map<Family, Untracked> untracked = new EnumMap<>(Family.class);

  private RuleOrder(
      Snapshot snapshot,
      Optional<Ruleset> policy,
      Host host,
      Predicate<AddressSet> knownSets,
      Set<String> unknownChains) {
    this.snapshot = snapshot;
    this.policy = policy;
    this.host = host;
    for (Family family : snapshot.families()) {
      reach.put(family, RuleReach.of(snapshot, family, host, knownSets, unknownChains, true));
    }
    for (SnapshotTable t : snapshot.tables()) {
      for (SnapshotChain c : t.chains()) {
        for (SnapshotRule r : c.rules()) {
          if (r.rule().matches().stream().anyMatch(MarkTests::of)) {
            marksTested.add(t.family());
          }
        }
      }
    }
  }

  /**
   * The rule order of {@code policy} as a host holds it after loading it alone (foreign chains and
   * empty sets unknown, as for {@code Evaluator.of(Ruleset, Host)}).
   */
  public static RuleOrder of(Ruleset policy, Host host) {
    checkNotNull(policy, "policy");
    checkNotNull(host, "host");
    Set<String> foreign = new HashSet<>();
    for (Table t : policy.tables()) {
      for (Chain c : t.chains()) {
        if (!c.isManaged()) {
          foreign.add(c.name());
        }
      }
    }
    return new RuleOrder(
        Snapshot.of(policy), Optional.of(policy), host, s -> !s.elements().isEmpty(), foreign);
  }

  /** The rule order of what {@code snapshot} holds on {@code host}. */
  public static RuleOrder of(Snapshot snapshot, Host host) {
    checkNotNull(snapshot, "snapshot");
    checkNotNull(host, "host");
    return new RuleOrder(snapshot, Optional.empty(), host, s -> true, Set.of());
  }

  /**
   * Whether the rule at {@code first} and the rule after it commute; a place without a family means
   * the rule of that number in each family that has one (a witness in any family answers {@code
   * DOES_NOT_COMMUTE}, else a dependence in any answers {@code DEPENDS}).
   *
   * @throws IllegalArgumentException when no family has a rule after {@code first} in its chain
   */
  public Commutation commutes(RuleRef first) {
    checkNotNull(first, "first");
    List<Family> families =
        first.family().map(List::of).orElse(ImmutableList.copyOf(snapshot.families()));
    boolean found = false;
    boolean capped = false;
    Optional<Witnesses.Found> depends = Optional.empty();
    for (Family family : families) {
      RuleReach r = reach.get(family);
      if (r == null) {
        continue;
      }
      ChainRef chainRef = first.chain().in(family);
      Optional<SnapshotChain> chain = r.known(chainRef.table(), chainRef.name());
      if (chain.isEmpty() || first.index() < 1 || first.index() >= chain.get().rules().size()) {
        continue;
      }
      found = true;
      PacketSet d =
          new Conflicts(
                  r, chainRef.table(), chain.get(), first.index() - 1, marksTested.contains(family))
              .differ();
      if (d.isEmpty()) {
        continue;
      }
      Swap swap = Swap.of(snapshot, policy, host, first.in(family));
      Optional<Packet> witness = witness(r, swap, d);
      if (witness.isPresent()) {
        return Commutation.notCommute(first, witness);
      }
      Witnesses.Found all = Witnesses.search(atoms(r), untracked(r), d, swap, host);
      if (all.witness().isPresent()) {
        return Commutation.notCommute(first, all.witness());
      }
      capped |= all.capped();
      if (!all.dependsOn().isEmpty() && depends.isEmpty()) {
        depends = Optional.of(all);
      }
    }
    if (!found) {
      throw new IllegalArgumentException(first + ": no rule after it in its chain");
    }
    if (capped) {
      return Commutation.notCommute(first, Optional.empty());
    }
    if (depends.isPresent()) {
      Witnesses.Found f = depends.get();
      return Commutation.depends(first, f.dependsOn(), f.before(), f.after());
    }
    return Commutation.commute(first);
  }

  private Atoms atoms(RuleReach r) {
    return atoms.computeIfAbsent(r.family(), f -> Atoms.of(r, host));
  }

  private Untracked untracked(RuleReach r) {
    return untracked.computeIfAbsent(r.family(), f -> Untracked.of(r));
  }

  /**
   * A packet of {@code d} the evaluator decides differently once the rules are swapped: a few
   * packets of each of its first cubes, then the same told apart by what the header space does not
   * track (packet type, TCP flags).
   */
  private Optional<Packet> witness(RuleReach r, Swap swap, PacketSet d) {
    List<Packet> tried = new ArrayList<>();
    for (Cube c : d.cubes().subList(0, Math.min(CANDIDATE_CUBES, d.cubes().size()))) {
      for (Packet p : Candidates.of(c, r.space(), host)) {
        if (swap.differs(p)) {
          return Optional.of(p);
        }
        tried.add(p);
      }
    }
    for (Packet p : tried) {
      for (Packet v : Candidates.variants(p)) {
        if (swap.differs(v)) {
          return Optional.of(v);
        }
      }
    }
    return focused(r, swap, d);
  }

  /**
   * A witness among the packets of {@code d} some rule of the family matches (up to {@value
   * #FOCUS_RULES} rules): where a rule rewrites a packet (a mark, an address) the fate changes only
   * where a later rule tests the rewritten field, which the first cubes of {@code d} may miss.
   */
  private Optional<Packet> focused(RuleReach r, Swap swap, PacketSet d) {
    int rules = 0;
    for (SnapshotTable t : r.tables().values()) {
      for (SnapshotChain c : t.chains()) {
        for (SnapshotRule rule : c.rules()) {
          PacketSet focus = d.intersect(r.condition(rule.rule()).known());
          if (focus.isEmpty() || Redundancy.same(focus, d)) {
            continue;
          }
          if (rules++ == FOCUS_RULES) {
            return Optional.empty();
          }
          for (Cube cube : focus.cubes().subList(0, Math.min(FOCUS_CUBES, focus.cubes().size()))) {
            for (Packet p : Candidates.of(cube, r.space(), host)) {
              for (Packet v : Lists.asList(p, Candidates.variants(p).toArray(new Packet[0]))) {
                if (swap.differs(v)) {
                  return Optional.of(v);
                }
              }
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The packets at two adjacent rules whose fate may change when the rules are swapped. */
  private static final class Conflicts {
    private final RuleReach reach;
    private final TableName table;
    private final SnapshotChain chain;
    private final int index;
    private final boolean marksTested;

    /** Packets one rule sends one way: a fate's name ("continue" when they go on) and the set. */
    private record Region(String fate, PacketSet set) {}

    Conflicts(
        RuleReach reach, TableName table, SnapshotChain chain, int index, boolean marksTested) {
      this.reach = reach;
      this.marksTested = marksTested;
      this.table = table;
      this.chain = chain;
      this.index = index;
    }

    PacketSet differ() {
      ChainRef ref = ChainRef.of(reach.family(), table, chain.name());
      PacketSet empty = PacketSet.empty(reach.space());
      Optional<RuleReach.Seen> seen = reach.seen(ref.rule(index + 1));
      if (seen.isEmpty()) {
        return empty;
      }
      PacketSet at = seen.get().reached;
      Rule r1 = chain.rules().get(index).rule();
      Rule r2 = chain.rules().get(index + 1).rule();
      PacketSet k1 = reach.condition(r1).known();
      PacketSet k2 = reach.condition(r2).known();
      PacketSet p1 = at.intersect(k1);
      PacketSet p2 = at.intersect(k2);
      Optional<List<Region>> a = regions(r1, ref.rule(index + 1), p1);
      Optional<List<Region>> b = regions(r2, ref.rule(index + 2), p2);
      if (inert(a) || inert(b)) {
        return empty; // a rule that only logs (or jumps to a chain that only logs) never matters
      }
      if (a.isPresent() && b.isPresent()) {
        PacketSet d = empty;
        for (Region x : a.get()) {
          for (Region y : b.get()) {
            if (!x.fate().equals(y.fate()) && !goesOn(x) && !goesOn(y)) {
              d = d.union(x.set().intersect(y.set()));
            }
          }
        }
        return d;
      }
      // a rule rewrites packets: the other one may see them before or after
      PacketSet d = p1.intersect(p2);
      if (a.isEmpty() && b.isPresent()) {
        d = d.minus(stillStopped(r1, ref.rule(index + 1), b.get(), reach.condition(r2)));
      }
      if (b.isEmpty() && a.isPresent()) {
        d = d.minus(stillStopped(r2, ref.rule(index + 2), a.get(), reach.condition(r1)));
      }
      if (a.isEmpty()) {
        d = d.union(rewrittenInto(r1, ref.rule(index + 1), p1, k2));
      }
      if (b.isEmpty()) {
        d = d.union(rewrittenInto(r2, ref.rule(index + 2), p2, k1));
      }
      return d;
    }

    private static boolean goesOn(Region r) {
      return r.fate().equals("continue");
    }

    private static boolean inert(Optional<List<Region>> rs) {
      return rs.isPresent() && rs.get().stream().allMatch(Conflicts::goesOn);
    }

    /**
     * The packets the other rule drops or rejects (its {@code regions}, its condition {@code
     * other}) that {@code rewriter} only rewrites into packets the other rule still matches: they
     * are stopped whichever rule comes first, and a rewrite of a stopped packet changes no fate.
     */
    private PacketSet stillStopped(
        Rule rewriter, RuleRef place, List<Region> regions, Conditions.Condition other) {
      List<Cube> out = new ArrayList<>();
      if (!other.exact()) {
        return PacketSet.empty(reach.space());
      }
      for (Region y : regions) {
        if (!y.fate().equals("DROP") && !y.fate().equals("REJECT")) {
          continue;
        }
        for (Cube c : y.set().cubes()) {
          boolean stays = true;
          for (RuleReach.Out o :
              reach.effect(table, rewriter, place, PacketSet.of(reach.space(), c))) {
            stays &=
                o.kind() == TargetEffects.Kind.CONTINUE && o.set().minus(other.known()).isEmpty();
          }
          if (stays) {
            out.add(c);
          }
        }
      }
      return PacketSet.union(reach.space(), out);
    }

    /**
     * The cubes of {@code in} outside {@code other} that the rule rewrites into packets of {@code
     * other} (those inside it both rules match before the rewrite: they are the common packets).
     */
    private PacketSet rewrittenInto(Rule rule, RuleRef place, PacketSet in, PacketSet other) {
      List<Cube> out = new ArrayList<>();
      for (Cube c : in.minus(other).cubes()) {
        PacketSet one = PacketSet.of(reach.space(), c);
        for (RuleReach.Out o : reach.effect(table, rule, place, one)) {
          if (o.set().intersects(other)) {
            out.add(c);
            break;
          }
        }
      }
      return PacketSet.union(reach.space(), out);
    }

    /**
     * What the rule does with {@code in}, by fate; empty when it rewrites some packets. A mark set
     * where no rule tests marks changes no fate: the packets are then told apart without it.
     */
    private Optional<List<Region>> regions(Rule rule, RuleRef place, PacketSet in) {
      List<Region> out = new ArrayList<>();
      PacketSet all = PacketSet.empty(reach.space());
      for (RuleReach.Out o : reach.effect(table, rule, place, in)) {
        out.add(new Region(fate(o.kind()), o.set()));
        all = all.union(o.set());
      }
      if (Redundancy.same(all, in)) {
        return Optional.of(out);
      }
      if (marksTested || !Redundancy.same(anyMark(all).intersect(in), in)) {
        return Optional.empty();
      }
      List<Region> unmarked = new ArrayList<>();
      for (Region r : out) {
        unmarked.add(new Region(r.fate(), anyMark(r.set()).intersect(in)));
      }
      return Optional.of(unmarked);
    }

    /** {@code set} with every mark: the packets that differ from one of it by their mark only. */
    private PacketSet anyMark(PacketSet set) {
      List<Cube> out = new ArrayList<>();
      for (Cube c : set.cubes()) {
        out.add(c.with(Field.MARK, reach.space().all(Field.MARK)));
      }
      return PacketSet.union(reach.space(), out);
    }

    private String fate(TargetEffects.Kind kind) {
      return switch (kind) {
        case CONTINUE -> "continue";
        case RETURN ->
            table.hasBuiltin(chain.name())
                ? chain.policy().map(p -> p.name()).orElse("ACCEPT")
                : "return";
        default -> kind.name();
      };
    }
  }
}
