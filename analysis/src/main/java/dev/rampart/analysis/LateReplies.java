package dev.rampart.analysis;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Family;
import dev.rampart.core.Place;
import dev.rampart.core.eval.Host;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The replies-first invariant: an established packet of a connection the host lets in new must not
 * be dropped. The new packets arriving from outside are followed along the whole incoming path;
 * those delivered to the host or forwarded without DNAT are taken again in state ESTABLISHED (the
 * same headers: the client's later packets of the same flow), and every place that drops or rejects
 * some of them is a {@link Finding.Kind#LATE_REPLIES} finding, with the places that accepted the
 * new packets as related places and a witness. A drop of established packets whose new packet the
 * policy drops as well (a block list) is not one: no connection it allowed is cut. RELATED packets
 * (ICMP errors, expected connections) have headers of their own and are not tied to a flow here;
 * flows DNATed to containers are left out (their later packets are translated by conntrack, which
 * the analysis does not follow).
 */
final class LateReplies {
  private LateReplies() {}

  static ImmutableList<Finding> of(Snapshot snapshot, Host host) {
    ImmutableList.Builder<Finding> out = ImmutableList.builder();
    for (Family family : snapshot.families()) {
      Analysis a = Flows.analysis(snapshot, family, host);
      Optional<Cube> fresh = Flows.arriving(a, snapshot, host, ConnState.NEW);
      if (fresh.isEmpty()) {
        continue;
      }
      Space space = a.space();
      IncomingPath.Result first = a.path().run(Flows.piece(PacketSet.of(space, fresh.get())));
      Cube plain = space.where(Field.DNATED, Intervals.point(0));
      Map<Place, PacketSet> accepted = new LinkedHashMap<>();
      List<Piece> passed = new ArrayList<>(first.delivered());
      passed.addAll(first.forwarded());
      PacketSet later = PacketSet.empty(space);
      for (Piece p : passed) {
        PacketSet est = Flows.inState(p.set().intersect(plain), ConnState.ESTABLISHED);
        if (!est.isEmpty() && p.decider().isPresent()) {
          accepted.merge(p.decider().get(), est, PacketSet::union);
        }
        later = later.union(est);
      }
      if (later.isEmpty()) {
        continue;
      }
      IncomingPath.Result second = a.path().run(Flows.piece(later));
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
        out.add(finding(d.getKey(), d.getValue(), accepted));
      }
    }
    return out.build();
  }

  private static Finding finding(Place at, PacketSet set, Map<Place, PacketSet> accepted) {
    Finding.Builder f =
        Finding.builder().kind(Finding.Kind.LATE_REPLIES).place(at).witness(Flows.witness(set));
    for (Map.Entry<Place, PacketSet> a : accepted.entrySet()) {
      if (!a.getValue().intersect(set).isEmpty()) {
        f.addRelated(a.getKey());
      }
    }
    return f.message(
            "established packets of connections accepted new are dropped here: "
                + Flows.witness(set))
        .build();
  }
}
