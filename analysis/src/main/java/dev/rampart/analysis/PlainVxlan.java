package dev.rampart.analysis;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Family;
import dev.rampart.core.Place;
import dev.rampart.core.Rule;
import dev.rampart.core.RuleFacts;
import dev.rampart.core.RuleRef;
import dev.rampart.core.SwarmAccess;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.Host;
import dev.rampart.core.match.PolicyMatch;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.core.snapshot.SnapshotChain;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The no-plain-VXLAN invariant: new VXLAN datagrams (the swarm's data-path ports, udp) arriving
 * without IPsec must not be accepted by a rule before they meet Docker's encrypted-overlay drop
 * ({@code -m policy --dir in --pol none ... -j DROP} in filter INPUT, see the domain notes). The
 * datagrams are followed along the whole incoming path; each rule that accepts some of them without
 * having passed a Docker drop (a rule of filter INPUT with an inbound {@code --pol none} policy
 * match, whose per-network {@code u32} test makes its outcome unknown) is a {@link
 * Finding.Kind#PLAIN_VXLAN} finding. The invariant applies when the swarm has encrypted overlays
 * (the access sends a data-path port through IPsec) or the snapshot holds a Docker drop; without
 * either, plain VXLAN is the data path and accepting it from the trusted nodes is right. A policy
 * alone holds no Docker drop: every accepting rule is ahead of the one Docker inserts. The chain's
 * policy is never a finding: Docker's drop, a rule of INPUT, always comes before it.
 */
final class PlainVxlan {
  private PlainVxlan() {}

  static ImmutableList<Finding> of(Snapshot snapshot, Host host, SwarmAccess access) {
    Intervals ports = Intervals.EMPTY;
    for (int p : access.ipsecUdpPorts()) {
      ports = ports.union(Intervals.point(p));
    }
    for (int p : access.udpPorts()) {
      if (p != SwarmAccess.GOSSIP) {
        ports = ports.union(Intervals.point(p));
      }
    }
    ImmutableList.Builder<Finding> out = ImmutableList.builder();
    if (ports.isEmpty() || (access.ipsecUdpPorts().isEmpty() && !hasDockerDrop(snapshot))) {
      return out.build();
    }
    for (Family family : snapshot.families()) {
      Analysis a = Flows.analysis(snapshot, family, host);
      // new datagrams to the host's addresses
      Optional<Cube> fresh = Exposure.input(a, snapshot, host, SourceClass.any());
      if (fresh.isEmpty()) {
        continue;
      }
      Cube vxlan =
          fresh
              .get()
              .with(Field.PROTOCOL, Intervals.point(Protocol.UDP.number()))
              .with(Field.DESTINATION_PORT, ports);
      IncomingPath.Result r = a.path().run(Flows.piece(PacketSet.of(a.space(), vxlan)));
      Map<Place, PacketSet> accepted = new LinkedHashMap<>();
      for (Piece p : r.delivered()) {
        Optional<Place> by = p.decider();
        if (by.isPresent()
            && by.get() instanceof RuleRef
            && p.assumes().stream().noneMatch(q -> isDockerDrop(snapshot, q))) {
          accepted.merge(by.get(), p.set(), PacketSet::union);
        }
      }
      for (Map.Entry<Place, PacketSet> e : accepted.entrySet()) {
        out.add(
            Finding.builder()
                .kind(Finding.Kind.PLAIN_VXLAN)
                .place(e.getKey())
                .message(
                    "accepts VXLAN without IPsec ahead of Docker's encrypted-overlay drop: "
                        + Flows.witness(e.getValue()))
                .witness(Flows.witness(e.getValue()))
                .build());
      }
    }
    return out.build();
  }

  /** Whether {@code p} is Docker's drop of plain VXLAN: a rule of INPUT with a --pol none test. */
  private static boolean isDockerDrop(Snapshot snapshot, Place p) {
    if (!(p instanceof RuleRef ref) || !ref.chain().name().equals("INPUT")) {
      return false;
    }
    Optional<SnapshotChain> input =
        ref.family()
            .flatMap(f -> snapshot.table(f, ref.chain().table()))
            .flatMap(t -> t.chain("INPUT"));
    if (input.isEmpty() || ref.index() > input.get().rules().size()) {
      return false;
    }
    return isDockerDrop(input.get().rules().get(ref.index() - 1).rule());
  }

  /** Whether some family's filter INPUT holds Docker's drop of plain VXLAN. */
  private static boolean hasDockerDrop(Snapshot snapshot) {
    for (Family family : snapshot.families()) {
      Optional<SnapshotChain> input =
          snapshot.table(family, TableName.FILTER).flatMap(t -> t.chain("INPUT"));
      if (input.isPresent() && input.get().rules().stream().anyMatch(r -> isDockerDrop(r.rule()))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isDockerDrop(Rule rule) {
    return RuleFacts.of(rule).policies().stream()
        .anyMatch(
            m -> m.dir() == PolicyMatch.Dir.IN && m.processing() == PolicyMatch.Processing.NONE);
  }
}
