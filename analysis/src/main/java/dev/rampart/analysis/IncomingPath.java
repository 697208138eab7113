package dev.rampart.analysis;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.Host;
import dev.rampart.core.match.ConnState;
import java.util.ArrayList;
import java.util.List;

/**
 * Netfilter's path for packets arriving from outside, over sets of packets, hook by hook as core's
 * {@code Walk} does for one: raw and mangle PREROUTING, nat PREROUTING for new connections, the
 * routing decision (local addresses to INPUT, routed subnets and the default route to FORWARD with
 * their output interface), then mangle and filter INPUT (nat INPUT) or mangle and filter FORWARD,
 * mangle and nat POSTROUTING.
 */
final class IncomingPath {
  /** Where the packets that got through went, and what stopped the others. */
  record Result(
      ImmutableList<Piece> delivered,
      ImmutableList<Piece> forwarded,
      ImmutableList<ChainWalker.Ended> stopped,
      ImmutableList<Piece> unroutable) {}

  private final ChainWalker walker;
  private final Space space;
  private final Host host;
  private final Routes routes;
  private final Intervals local;

  IncomingPath(ChainWalker walker, Space space, Host host) {
    this.walker = walker;
    this.space = space;
    this.host = host;
    this.routes = Routes.of(space, host);
    this.local = routes.local();
  }

  /** The host's local addresses (its interfaces' and loopback). */
  Intervals local() {
    return local;
  }

  Result run(Piece in) {
    // later packets of DNATed connections meet raw and mangle PREROUTING as they arrive, with the
    // original destination; conntrack translates them at nat PREROUTING's place
    List<ChainWalker.Ended> early = new ArrayList<>();
    List<Piece> live = hook(TableName.RAW, "PREROUTING", List.of(untranslated(in)), early, false);
    live = hook(TableName.MANGLE, "PREROUTING", live, early, false);
    live = live.stream().map(this::untranslated).toList();
    List<ChainWalker.Ended> stopped = new ArrayList<>();
    for (ChainWalker.Ended e : early) {
      stopped.add(new ChainWalker.Ended(e.fate(), untranslated(e.piece()), e.place()));
    }
    live = hook(TableName.NAT, "PREROUTING", live, stopped, true);
    ImmutableList.Builder<Piece> delivered = ImmutableList.builder();
    ImmutableList.Builder<Piece> forwarded = ImmutableList.builder();
    List<Piece> toInput = new ArrayList<>();
    List<Piece> toForward = new ArrayList<>();
    List<Piece> unroutable = new ArrayList<>();
    for (Piece p : live) {
      route(p, toInput, toForward, unroutable);
    }
    List<Piece> input = hook(TableName.MANGLE, "INPUT", toInput, stopped, false);
    input = hook(TableName.FILTER, "INPUT", input, stopped, false);
    input = hook(TableName.NAT, "INPUT", input, stopped, true);
    delivered.addAll(input);
    List<Piece> fwd = hook(TableName.MANGLE, "FORWARD", toForward, stopped, false);
    fwd = hook(TableName.FILTER, "FORWARD", fwd, stopped, false);
    fwd = hook(TableName.MANGLE, "POSTROUTING", fwd, stopped, false);
    fwd = hook(TableName.NAT, "POSTROUTING", fwd, stopped, true);
    forwarded.addAll(fwd);
    return new Result(
        delivered.build(),
        forwarded.build(),
        ImmutableList.copyOf(stopped),
        ImmutableList.copyOf(unroutable));
  }

  /**
   * {@code p} with the destination and the original destination (address and port) exchanged in its
   * later packets of DNATed connections; its own inverse.
   */
  private Piece untranslated(Piece p) {
    Cube later =
        space
            .where(Field.DNATED, Intervals.point(1))
            .with(
                Field.STATE,
                space.not(Field.STATE, Intervals.point(ConnStates.value(ConnState.NEW))));
    PacketSet swap = p.set().intersect(later);
    if (swap.isEmpty()) {
      return p;
    }
    List<Cube> out = new ArrayList<>(p.set().minus(later).cubes());
    for (Cube c : swap.cubes()) {
      out.add(
          c.with(Field.DESTINATION, c.get(Field.ORIGINAL_DESTINATION))
              .with(Field.ORIGINAL_DESTINATION, c.get(Field.DESTINATION))
              .with(Field.DESTINATION_PORT, c.get(Field.ORIGINAL_DESTINATION_PORT))
              .with(Field.ORIGINAL_DESTINATION_PORT, c.get(Field.DESTINATION_PORT)));
    }
    return p.withSet(PacketSet.union(space, out));
  }

  /**
   * The host's own new packets {@code in} (their output interface set by the routing decision)
   * through raw, mangle, nat and filter OUTPUT, then mangle and nat POSTROUTING: those sent, and
   * what stopped the others.
   */
  Result send(Piece in) {
    List<ChainWalker.Ended> stopped = new ArrayList<>();
    List<Piece> live = hook(TableName.RAW, "OUTPUT", List.of(in), stopped, false);
    live = hook(TableName.MANGLE, "OUTPUT", live, stopped, false);
    live = hook(TableName.NAT, "OUTPUT", live, stopped, true);
    live = hook(TableName.FILTER, "OUTPUT", live, stopped, false);
    live = hook(TableName.MANGLE, "POSTROUTING", live, stopped, false);
    live = hook(TableName.NAT, "POSTROUTING", live, stopped, true);
    return new Result(
        ImmutableList.of(),
        ImmutableList.copyOf(live),
        ImmutableList.copyOf(stopped),
        ImmutableList.of());
  }

  /** The host's routes. */
  Routes routes() {
    return routes;
  }

  private void route(Piece p, List<Piece> toInput, List<Piece> toForward, List<Piece> unroutable) {
    PacketSet in = p.set().intersect(space.where(Field.DESTINATION, local));
    if (!in.isEmpty()) {
      toInput.add(p.withSet(in));
    }
    PacketSet rest = p.set().minus(space.where(Field.DESTINATION, local));
    for (Routes.Route r : routes.routes()) {
      PacketSet via = rest.intersect(space.where(Field.DESTINATION, r.destinations()));
      if (via.isEmpty()) {
        continue;
      }
      List<Cube> out = new ArrayList<>();
      for (Cube c : via.cubes()) {
        out.add(c.with(Field.OUT, Intervals.point(r.out())));
      }
      toForward.add(p.withSet(PacketSet.union(space, out)));
      rest = rest.minus(space.where(Field.DESTINATION, r.destinations()));
    }
    if (!rest.isEmpty()) {
      unroutable.add(p.withSet(rest));
    }
  }

  /**
   * Traverses one built-in chain with each piece; {@code natOnly}: only new connections traverse
   * (nat chains), the others pass untouched.
   */
  private List<Piece> hook(
      TableName table,
      String chain,
      List<Piece> pieces,
      List<ChainWalker.Ended> stopped,
      boolean natOnly) {
    List<Piece> passed = new ArrayList<>();
    boolean present = walker.chain(table, chain).isPresent();
    Cube fresh = space.where(Field.STATE, Intervals.point(ConnStates.value(ConnState.NEW)));
    for (Piece p : pieces) {
      if (!present) {
        passed.add(p);
        continue;
      }
      Piece run = p;
      if (natOnly) {
        PacketSet skip = p.set().minus(fresh);
        if (!skip.isEmpty()) {
          passed.add(p.withSet(skip));
        }
        PacketSet go = p.set().intersect(fresh);
        if (go.isEmpty()) {
          continue;
        }
        run = p.withSet(go);
      }
      for (ChainWalker.Ended e : walker.builtin(table, chain, run)) {
        if (e.fate() == ChainWalker.Fate.ACCEPT) {
          Piece q = e.piece();
          if (table == TableName.FILTER || q.decider().isEmpty()) {
            q = q.decidedBy(e.place());
          }
          passed.add(q);
        } else {
          stopped.add(e);
        }
      }
    }
    return passed;
  }

  Host host() {
    return host;
  }
}
