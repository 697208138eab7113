package dev.rampart.analysis;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Family;
import dev.rampart.core.Place;
import dev.rampart.core.eval.Host;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The replies-first invariant: the later packets of a connection the host allows must not be
 * dropped. Three kinds of later packets, each computed exactly over the header space and followed
 * along the whole incoming path:
 *
 * <ul>
 *   <li>{@linkplain Later#ESTABLISHED established}: the new packets arriving from outside that the
 *       path delivers to the host or forwards, DNATed to containers or not, taken again in state
 *       ESTABLISHED (the client's later packets of the same flow; a DNATed flow's arrive with the
 *       original destination, meet raw and mangle PREROUTING so, and are translated by conntrack
 *       before routing, as core's evaluator has it);
 *   <li>{@linkplain Later#RELATED related}: ICMP errors (IPv4 destination unreachable, including
 *       fragmentation needed, time exceeded, parameter problem; ICMPv6 destination unreachable,
 *       packet too big, time exceeded, parameter problem) in state RELATED, from the flow's peer to
 *       the host for a connection delivered to it or opened by it, and from either end to the other
 *       for a connection it forwards without DNAT (back to the source only where the host routes
 *       that source out of the interface the connection came in on);
 *   <li>{@linkplain Later#REPLY replies}: the answers to the host's own connections, new packets
 *       from the host's addresses that raw, mangle, nat and filter OUTPUT and POSTROUTING let out,
 *       with source and destination (address and port) exchanged, arriving in state ESTABLISHED on
 *       the interface the route sent them out of (an ICMP echo request's answer is the echo reply;
 *       other ICMP messages open no connection; connections nat OUTPUT translates are left out).
 * </ul>
 *
 * <p>Every place that drops or rejects some of them is a {@link Finding.Kind#LATE_REPLIES} finding,
 * one per place and kind, with the places that accepted the new packets as related places and a
 * witness. A drop of established packets whose new packet the policy drops as well (a block list)
 * is not one: no connection it allowed is cut; nor is a drop hanging on a match the analysis cannot
 * decide. Expected connections (RELATED through a conntrack helper) have headers of their own and
 * are not checked, nor are ICMP errors of DNATed connections.
 */
final class LateReplies {
  /** The kinds of later packets checked. */
  enum Later {
    ESTABLISHED("established packets of connections accepted new are dropped here: "),
    RELATED("related ICMP errors of connections accepted new are dropped here: "),
    REPLY("replies to connections the host opened are dropped here: ");

    private final String message;

    Later(String message) {
      this.message = message;
    }
  }

  private LateReplies() {}

  static ImmutableList<Finding> of(Snapshot snapshot, Host host) {
    ImmutableList.Builder<Finding> out = ImmutableList.builder();
    for (Family family : snapshot.families()) {
      Analysis a = Flows.analysis(snapshot, family, host);
      Space space = a.space();
      Optional<Cube> fresh = Flows.arriving(a, snapshot, host, ConnState.NEW);
      if (fresh.isEmpty()) {
        continue;
      }
      Map<Later, PacketSet> later = new LinkedHashMap<>();
      Map<Later, Map<Place, PacketSet>> accepted = new LinkedHashMap<>();
      for (Later l : Later.values()) {
        later.put(l, PacketSet.empty(space));
        accepted.put(l, new LinkedHashMap<>());
      }
      IncomingPath.Result first = a.path().run(Flows.piece(PacketSet.of(space, fresh.get())));
      Cube plain = space.where(Field.DNATED, Intervals.point(0));
      for (Piece p : first.delivered()) {
        PacketSet est = again(space, p.set());
        PacketSet rel = errors(space, p.set().intersect(plain), false);
        note(later, accepted, p, Later.ESTABLISHED, est);
        note(later, accepted, p, Later.RELATED, rel);
      }
      for (Piece p : first.forwarded()) {
        PacketSet est = again(space, p.set());
        PacketSet rel =
            errors(space, p.set().intersect(plain), false)
                .union(errors(space, routedBack(a, p.set().intersect(plain)), true));
        note(later, accepted, p, Later.ESTABLISHED, est);
        note(later, accepted, p, Later.RELATED, rel);
      }
      IncomingPath.Result sent = a.path().send(Flows.piece(own(a, host)));
      for (Piece p : sent.forwarded()) {
        PacketSet mine = p.set().intersect(plain);
        note(later, accepted, p, Later.REPLY, replies(space, mine));
        note(later, accepted, p, Later.RELATED, errors(space, mine, true));
      }
      for (Map.Entry<Later, PacketSet> l : later.entrySet()) {
        if (l.getValue().isEmpty()) {
          continue;
        }
        IncomingPath.Result second = a.path().run(Flows.piece(l.getValue()));
        Map<Place, PacketSet> dropped = new LinkedHashMap<>();
        for (ChainWalker.Ended e : second.stopped()) {
          boolean drops = e.fate() == ChainWalker.Fate.DROP || e.fate() == ChainWalker.Fate.REJECT;
          // a drop that hangs on its own unknown match (rpfilter, opaque module) decides the
          // established packet as it decided the new one of the same headers: not a finding
          if (drops && !e.piece().assumes().contains(e.place())) {
            dropped.merge(e.place(), e.piece().set(), PacketSet::union);
          }
        }
        for (Map.Entry<Place, PacketSet> d : dropped.entrySet()) {
          out.add(
              finding(
                  l.getKey(),
                  d.getKey(),
                  d.getValue(),
                  accepted.getOrDefault(l.getKey(), Map.of())));
        }
      }
    }
    return out.build();
  }

  private static void note(
      Map<Later, PacketSet> later,
      Map<Later, Map<Place, PacketSet>> accepted,
      Piece p,
      Later kind,
      PacketSet set) {
    if (set.isEmpty()) {
      return;
    }
    later.merge(kind, set, PacketSet::union);
    if (p.decider().isPresent()) {
      accepted
          .computeIfAbsent(kind, k -> new LinkedHashMap<>())
          .merge(p.decider().get(), set, PacketSet::union);
    }
  }

  /**
   * The later packets of the connections of {@code set}: the same headers in state ESTABLISHED,
   * arriving without the mark rules gave the first packet (a mark is the packet's, not the
   * connection's).
   */
  private static PacketSet again(Space space, PacketSet set) {
    List<Cube> out = new ArrayList<>();
    for (Cube c : set.cubes()) {
      out.add(
          c.with(Field.STATE, Intervals.point(ConnStates.value(ConnState.ESTABLISHED)))
              .with(Field.MARK, Intervals.point(0)));
    }
    return PacketSet.union(space, out);
  }

  /** The ICMP types (type * 256 + code) conntrack ties to a connection as RELATED errors. */
  private static Intervals errorTypes(Family family) {
    int[] types = family == Family.IPV4 ? new int[] {3, 11, 12} : new int[] {1, 2, 3, 4};
    Intervals out = Intervals.EMPTY;
    for (int t : types) {
      out = out.union(Intervals.of(t * 256L, t * 256L + 255));
    }
    return out;
  }

  /** A packet arriving from outside on one of {@code in}: no DNAT, IPsec or mark yet. */
  private static Cube arriving(Space space, Intervals in, ConnState state) {
    return space
        .universe()
        .with(Field.IN, in)
        .with(Field.OUT, Intervals.point(space.interfaces().indexOf("")))
        .with(Field.STATE, Intervals.point(ConnStates.value(state)))
        .with(Field.DNATED, Intervals.point(0))
        .with(Field.IPSEC_IN, Intervals.point(0))
        .with(Field.IPSEC_OUT, Intervals.point(0))
        .with(Field.MARK, Intervals.point(0));
  }

  private static int icmp(Family family) {
    return (family == Family.IPV4 ? Protocol.ICMP : Protocol.ICMPV6).number();
  }

  /**
   * The ICMP errors related to the connections of {@code flows}: towards the flow's destination
   * from its source, arriving where the flow did ({@code back} false), or towards its source from
   * its destination, arriving where the flow left ({@code back} true).
   */
  private static PacketSet errors(Space space, PacketSet flows, boolean back) {
    List<Cube> out = new ArrayList<>();
    for (Cube c : flows.cubes()) {
      Cube e =
          arriving(space, back ? c.get(Field.OUT) : c.get(Field.IN), ConnState.RELATED)
              .with(Field.SOURCE, back ? c.get(Field.DESTINATION) : c.get(Field.SOURCE))
              .with(Field.DESTINATION, back ? c.get(Field.SOURCE) : c.get(Field.DESTINATION))
              .with(Field.PROTOCOL, Intervals.point(icmp(space.family())))
              .with(Field.ICMP, errorTypes(space.family()));
      if (!e.isEmpty()) {
        out.add(e);
      }
    }
    return PacketSet.union(space, out);
  }

  /**
   * The forwarded connections of {@code flows} whose source the host routes back out of the
   * interface they came in on: an error towards a source routed elsewhere (a spoofed one) is no
   * reply to the connection.
   */
  private static PacketSet routedBack(Analysis a, PacketSet flows) {
    Space space = a.space();
    List<Cube> out = new ArrayList<>();
    for (Cube c : flows.cubes()) {
      for (Routes.Route r : a.path().routes().routes()) {
        if (!c.get(Field.IN).contains(r.out())) {
          continue;
        }
        Cube back =
            c.with(Field.SOURCE, c.get(Field.SOURCE).intersect(r.destinations()))
                .with(Field.IN, Intervals.point(r.out()));
        if (!back.isEmpty()) {
          out.add(back);
        }
      }
    }
    return PacketSet.union(space, out);
  }

  /** The host's own new packets: from its addresses to any address not its own, routed. */
  private static PacketSet own(Analysis a, Host host) {
    Space space = a.space();
    Intervals sources = Intervals.EMPTY;
    for (Host.Address ad : host.addresses()) {
      if (ad.family() == space.family()) {
        sources = sources.union(Addresses.host(ad.address()));
      }
    }
    int icmp = icmp(space.family());
    int otherIcmp = (space.family() == Family.IPV4 ? Protocol.ICMPV6 : Protocol.ICMP).number();
    Cube base =
        space
            .universe()
            .with(Field.SOURCE, sources)
            .with(Field.DESTINATION, space.not(Field.DESTINATION, a.path().local()))
            .with(Field.IN, Intervals.point(space.interfaces().indexOf("")))
            .with(Field.STATE, Intervals.point(ConnStates.value(ConnState.NEW)))
            .with(Field.DNATED, Intervals.point(0))
            .with(Field.IPSEC_IN, Intervals.point(0))
            .with(Field.IPSEC_OUT, Intervals.point(0))
            .with(Field.MARK, Intervals.point(0));
    if (base.isEmpty()) {
      return PacketSet.empty(space);
    }
    Cube other =
        base.with(
            Field.PROTOCOL,
            Intervals.of(1, 255)
                .minus(Intervals.point(icmp), 0, 255)
                .minus(Intervals.point(otherIcmp), 0, 255));
    long echo = (space.family() == Family.IPV4 ? 8 : 128) * 256L;
    Cube ping =
        base.with(Field.PROTOCOL, Intervals.point(icmp)).with(Field.ICMP, Intervals.point(echo));
    Routes routes = a.path().routes();
    return routes.routed(other, false).union(routes.routed(ping, false));
  }

  /** The answers to {@code sent}: addresses and ports exchanged, in on the interface they left. */
  private static PacketSet replies(Space space, PacketSet sent) {
    long echoReply = (space.family() == Family.IPV4 ? 0 : 129) * 256L;
    int icmp = icmp(space.family());
    List<Cube> out = new ArrayList<>();
    for (Cube c : sent.cubes()) {
      Cube r =
          arriving(space, c.get(Field.OUT), ConnState.ESTABLISHED)
              .with(Field.SOURCE, c.get(Field.DESTINATION))
              .with(Field.DESTINATION, c.get(Field.SOURCE))
              .with(Field.SOURCE_PORT, c.get(Field.DESTINATION_PORT))
              .with(Field.DESTINATION_PORT, c.get(Field.SOURCE_PORT))
              .with(Field.PROTOCOL, c.get(Field.PROTOCOL));
      if (c.get(Field.PROTOCOL).contains(icmp)) {
        r = r.with(Field.ICMP, Intervals.point(echoReply));
      }
      if (!r.isEmpty()) {
        out.add(r);
      }
    }
    return PacketSet.union(space, out);
  }

  private static Finding finding(
      Later kind, Place at, PacketSet set, Map<Place, PacketSet> accepted) {
    Finding.Builder f =
        Finding.builder().kind(Finding.Kind.LATE_REPLIES).place(at).witness(Flows.witness(set));
    for (Map.Entry<Place, PacketSet> a : accepted.entrySet()) {
      if (a.getValue().intersects(set)) {
        f.addRelated(a.getKey());
      }
    }
    return f.message(kind.message + Flows.witness(set)).build();
  }
}
