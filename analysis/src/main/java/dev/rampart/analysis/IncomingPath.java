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
    List<ChainWalker.Ended> stopped = new ArrayList<>();
    List<Piece> live = hook(TableName.RAW, "PREROUTING", List.of(in), stopped, false);
    live = hook(TableName.MANGLE, "PREROUTING", live, stopped, false);
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
