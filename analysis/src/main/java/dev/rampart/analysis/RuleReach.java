package dev.rampart.analysis;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.rampart.core.AddressSet;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.ChainRef;
import dev.rampart.core.Family;
import dev.rampart.core.Place;
import dev.rampart.core.Rule;
import dev.rampart.core.RuleFacts;
import dev.rampart.core.RuleRef;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.Host;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.Match;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.core.snapshot.SnapshotChain;
import dev.rampart.core.snapshot.SnapshotTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which packets reach and match every rule of one family, over every entry point at once: each
 * built-in chain of each table is entered with every packet its hook can see (no output interface
 * before routing, only new connections in nat), and the packets are followed through jumps, gotos
 * and RETURNs, as {@link ChainWalker} does. Unknown matches (rate limits, opaque modules, unknown
 * sets, owner tests) send the packets both ways, so the sets recorded are supersets of what the
 * kernel can bring to each rule: a rule whose recorded match is empty is dead for certain.
 *
 * <p>Routed (as rule order asks), each hook is entered only with the packets the host's routing
 * lets it see, as core's evaluator routes them ({@link Routes}): INPUT only local destinations,
 * FORWARD, OUTPUT and POSTROUTING only the output interface routing gives the destination, and only
 * locally generated packets (no input interface) in OUTPUT; and each table of a hook only with what
 * the tables before it let through (raw, mangle, nat, filter, as the evaluator runs them). Unrouted
 * (as dead rules ask, since a dump's host may have routes its description lacks), every output
 * interface is possible.
 */
final class RuleReach {
  private static final int MAX_DEPTH = 64;

  /** Each hook's tables in the order the kernel (and core's evaluator) runs them. */
  private static final ImmutableMap<String, List<TableName>> HOOKS =
      ImmutableMap.of(
          "PREROUTING", List.of(TableName.RAW, TableName.MANGLE, TableName.NAT),
          "INPUT", List.of(TableName.MANGLE, TableName.FILTER, TableName.NAT),
          "FORWARD", List.of(TableName.MANGLE, TableName.FILTER),
          "OUTPUT", List.of(TableName.RAW, TableName.MANGLE, TableName.NAT, TableName.FILTER),
          "POSTROUTING", List.of(TableName.MANGLE, TableName.NAT));

  /** The packets one rule saw: those that reached it, matched it, and did not go on after it. */
  static final class Seen {
    PacketSet reached;
    PacketSet matched;
    PacketSet taken;

    Seen(Space space) {
      reached = PacketSet.empty(space);
      matched = PacketSet.empty(space);
      taken = PacketSet.empty(space);
    }
  }

  /** How packets left a chain walk, and the set. */
  record Out(TargetEffects.Kind kind, PacketSet set) {}

  private final Space space;
  private final Family family;
  private final Conditions conditions;
  private final TargetEffects effects;
  private final Map<TableName, SnapshotTable> tables = new HashMap<>();
  private final Set<String> unknownChains;
  private final Optional<Routes> routes;
  private final IdentityHashMap<Rule, Conditions.Condition> cache = new IdentityHashMap<>();
  private final Map<RuleRef, Seen> seen = new HashMap<>();
  private final Map<ChainRef, PacketSet> entered = new HashMap<>();
  private final Map<ChainRef, List<RuleRef>> callers = new HashMap<>();
  private boolean recording = true;

  private RuleReach(
      Space space,
      Snapshot snapshot,
      Conditions conditions,
      TargetEffects effects,
      Set<String> unknownChains,
      Optional<Routes> routes) {
    this.space = space;
    this.routes = routes;
    this.family = space.family();
    this.conditions = conditions;
    this.effects = effects;
    this.unknownChains = unknownChains;
    for (SnapshotTable t : snapshot.tables()) {
      if (t.family() == family) {
        tables.put(t.name(), t);
      }
    }
  }

  /**
   * The reach of {@code snapshot}'s rules of {@code family} on {@code host}; {@code knownSets}: the
   * sets whose contents are known, {@code unknownChains}: chains whose rules are unknown; every
   * output interface possible at every hook.
   */
  static RuleReach of(
      Snapshot snapshot,
      Family family,
      Host host,
      java.util.function.Predicate<AddressSet> knownSets,
      Set<String> unknownChains) {
    return of(snapshot, family, host, knownSets, unknownChains, false);
  }

  /**
   * As {@link #of(Snapshot, Family, Host, java.util.function.Predicate, Set)}, each hook entered
   * only with the packets {@code host}'s routing lets it see when {@code routed}.
   */
  static RuleReach of(
      Snapshot snapshot,
      Family family,
      Host host,
      java.util.function.Predicate<AddressSet> knownSets,
      Set<String> unknownChains,
      boolean routed) {
    Space space = new Space(family, Alphabet.of(snapshot, family, host));
    ImmutableMap.Builder<String, Optional<Intervals>> sets = ImmutableMap.builder();
    for (AddressSet s : snapshot.sets()) {
      Optional<Intervals> contents =
          !knownSets.test(s)
              ? Optional.empty()
              : Optional.of(
                  s.family() == family ? Conditions.addresses(s.elements()) : Intervals.EMPTY);
      sets.put(s.name(), contents);
    }
    Conditions conditions =
        new Conditions(space, sets.buildKeepingLast(), Analysis.addressTypes(space, host));
    TargetEffects effects = new TargetEffects(space, host, Analysis.portProtocols());
    Optional<Routes> routes = routed ? Optional.of(Routes.of(space, host)) : Optional.empty();
    RuleReach reach = new RuleReach(space, snapshot, conditions, effects, unknownChains, routes);
    reach.walkEntries();
    reach.recording = false;
    return reach;
  }

  Space space() {
    return space;
  }

  Family family() {
    return family;
  }

  TargetEffects effects() {
    return effects;
  }

  /** The tables of this family, in the snapshot's order. */
  Map<TableName, SnapshotTable> tables() {
    return tables;
  }

  /** The chain {@code name} of {@code table}, when its rules are known. */
  Optional<SnapshotChain> known(TableName table, String name) {
    SnapshotTable t = tables.get(table);
    if (t == null || unknownChains.contains(name)) {
      return Optional.empty();
    }
    return t.chain(name);
  }

  /** What the rule at {@code place} saw; empty when no packet reached it. */
  Optional<Seen> seen(RuleRef place) {
    return Optional.ofNullable(seen.get(place));
  }

  /** The packets that entered chain {@code chain} (empty set when none did). */
  PacketSet entered(ChainRef chain) {
    return entered.getOrDefault(chain, PacketSet.empty(space));
  }

  /** Whether any packet entered {@code chain}. */
  boolean wasEntered(ChainRef chain) {
    return entered.containsKey(chain);
  }

  /** The rules whose jump or goto to {@code chain} some packet took. */
  List<RuleRef> callers(ChainRef chain) {
    return callers.getOrDefault(chain, List.of());
  }

  /** What {@code rule}'s matches decide (owner tests are unknown: local packets have owners). */
  Conditions.Condition condition(Rule rule) {
    return cache.computeIfAbsent(
        rule,
        r -> {
          ImmutableList<? extends Match> owners = RuleFacts.of(r).owners();
          if (owners.isEmpty()) {
            return conditions.all(r.matches());
          }
          List<Match> rest = new ArrayList<>();
          for (Match m : r.matches()) {
            if (!owners.contains(m)) {
              rest.add(m);
            }
          }
          return new Conditions.Condition(conditions.all(rest).known(), false);
        });
  }

  /** Every packet built-in chain {@code chain} of {@code table} can see. */
  PacketSet entry(TableName table, String chain) {
    Cube c = space.universe();
    if (table == TableName.NAT) {
      c = c.with(Field.STATE, Intervals.point(ConnStates.value(ConnState.NEW)));
    }
    Intervals none = Intervals.point(space.interfaces().indexOf(""));
    if (chain.equals("PREROUTING") || chain.equals("INPUT")) {
      c = c.with(Field.OUT, none);
    }
    if (routes.isEmpty()) {
      return PacketSet.of(space, c);
    }
    Routes r = routes.get();
    Cube arrived = c.with(Field.IN, r.someInterface());
    Cube sent = c.with(Field.IN, none);
    return switch (chain) {
      case "PREROUTING" -> PacketSet.of(space, arrived);
      case "INPUT" -> PacketSet.of(space, arrived.with(Field.DESTINATION, r.local()));
      case "FORWARD" -> r.routed(arrived, false);
      case "OUTPUT" -> r.routed(sent, true);
      default -> r.routed(arrived, false).union(r.routed(sent, true));
    };
  }

  private void walkEntries() {
    if (routes.isPresent()) {
      for (Map.Entry<String, List<TableName>> hook : HOOKS.entrySet()) {
        walkHook(hook.getKey(), hook.getValue(), routes.get());
      }
      return;
    }
    for (SnapshotTable t : tables.values()) {
      for (String name : t.name().builtinChains()) {
        Optional<SnapshotChain> chain = known(t.name(), name);
        if (chain.isPresent()) {
          walk(t.name(), chain.get(), entry(t.name(), name), 0);
        }
      }
    }
  }

  /**
   * Walks the chains of one hook in the order the kernel runs its tables, each with the packets the
   * tables before it let through (nat only with new connections, the others passing by), rerouted
   * after nat OUTPUT (a DNAT there changes the route).
   */
  private void walkHook(String hook, List<TableName> order, Routes r) {
    PacketSet live = entry(TableName.FILTER, hook);
    PacketSet fresh =
        PacketSet.of(
            space, space.where(Field.STATE, Intervals.point(ConnStates.value(ConnState.NEW))));
    for (TableName table : order) {
      Optional<SnapshotChain> chain = known(table, hook);
      if (chain.isEmpty()) {
        continue; // no such chain, or its rules are unknown: every packet may pass
      }
      PacketSet in = table == TableName.NAT ? live.intersect(fresh) : live;
      PacketSet passed = table == TableName.NAT ? live.minus(fresh) : PacketSet.empty(space);
      boolean policyAccepts = chain.get().policy().map(p -> p == ChainPolicy.ACCEPT).orElse(true);
      for (Out o : walk(table, chain.get(), in, 0)) {
        boolean goesOn =
            switch (o.kind()) {
              case ACCEPT, UNKNOWN, CONTINUE -> true;
              case RETURN -> policyAccepts;
              default -> false;
            };
        if (goesOn) {
          passed = passed.union(o.set());
        }
      }
      live = table == TableName.NAT && hook.equals("OUTPUT") ? rerouted(passed, r) : passed;
    }
  }

  /** {@code set} with the output interface routing gives each packet's destination. */
  private PacketSet rerouted(PacketSet set, Routes r) {
    PacketSet out = PacketSet.empty(space);
    for (Cube c : set.cubes()) {
      out = out.union(r.routed(c.with(Field.OUT, space.all(Field.OUT)), true));
    }
    return out;
  }

  /**
   * Walks {@code chain} with {@code in}: how the packets left it. While the entries are walked,
   * records what each rule saw; later walks (of one rule's packets) record nothing.
   */
  List<Out> walk(TableName table, SnapshotChain chain, PacketSet in, int depth) {
    ChainRef ref = ChainRef.of(family, table, chain.name());
    if (depth > MAX_DEPTH) {
      throw new IllegalStateException(ref + ": jumps nest deeper than " + MAX_DEPTH);
    }
    if (recording) {
      entered.merge(ref, in, PacketSet::union);
    }
    List<Out> out = new ArrayList<>();
    PacketSet live = in;
    for (int i = 0; i < chain.rules().size() && !live.isEmpty(); i++) {
      RuleRef place = ref.rule(i + 1);
      Rule rule = chain.rules().get(i).rule();
      Conditions.Condition cond = condition(rule);
      Seen s = recording ? seen.computeIfAbsent(place, p -> new Seen(space)) : new Seen(space);
      s.reached = s.reached.union(live);
      PacketSet matched = live.intersect(cond.known());
      if (matched.isEmpty()) {
        continue;
      }
      s.matched = s.matched.union(matched);
      PacketSet rest = cond.exact() ? live.minus(cond.known()) : live;
      List<PacketSet> next = new ArrayList<>();
      apply(table, rule, place, matched, depth, next, out);
      PacketSet went = PacketSet.empty(space);
      for (PacketSet n : next) {
        went = went.union(n);
      }
      s.taken = s.taken.union(matched.minus(went));
      live = rest.union(went);
    }
    if (!live.isEmpty()) {
      out.add(new Out(TargetEffects.Kind.RETURN, live));
    }
    return out;
  }

  /**
   * What {@code rule}'s target does to {@code matched}, the packets its rule at {@code place}
   * matched: how they leave, those that go on as {@code CONTINUE}.
   */
  List<Out> effect(TableName table, Rule rule, RuleRef place, PacketSet matched) {
    List<PacketSet> next = new ArrayList<>();
    List<Out> out = new ArrayList<>();
    apply(table, rule, place, matched, 1, next, out);
    for (PacketSet n : next) {
      out.add(new Out(TargetEffects.Kind.CONTINUE, n));
    }
    return out;
  }

  private void apply(
      TableName table,
      Rule rule,
      RuleRef place,
      PacketSet matched,
      int depth,
      List<PacketSet> next,
      List<Out> out) {
    Piece piece = new Piece(matched, ImmutableList.of(), Optional.<Place>empty());
    TargetEffects.Effect e = effects.of(rule.target(), piece, place);
    e.dropped().ifPresent(d -> out.add(new Out(TargetEffects.Kind.DROP, d.set())));
    switch (e.kind()) {
      case CONTINUE -> e.pieces().forEach(p -> next.add(p.set()));
      case ACCEPT, DROP, REJECT, RETURN ->
          e.pieces().forEach(p -> out.add(new Out(e.kind(), p.set())));
      case JUMP, GOTO -> {
        ChainRef target = ChainRef.of(family, table, e.chain());
        if (recording) {
          callers.computeIfAbsent(target, c -> new ArrayList<>()).add(place);
        }
        Optional<SnapshotChain> sub = known(table, e.chain());
        if (sub.isEmpty()) {
          // rules unknown: the chain may accept, drop or return
          next.add(matched);
          out.add(new Out(TargetEffects.Kind.UNKNOWN, matched));
          return;
        }
        for (Out o : walk(table, sub.get(), matched, depth + 1)) {
          if (o.kind() == TargetEffects.Kind.RETURN && e.kind() == TargetEffects.Kind.JUMP) {
            next.add(o.set());
          } else {
            out.add(o);
          }
        }
      }
      case UNKNOWN -> {
        if (e.mayContinue()) {
          next.add(matched);
        }
        out.add(new Out(TargetEffects.Kind.UNKNOWN, matched));
      }
    }
  }
}
