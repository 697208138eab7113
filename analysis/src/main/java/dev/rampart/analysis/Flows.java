package dev.rampart.analysis;

import com.google.common.collect.ImmutableList;
import com.google.common.net.InetAddresses;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.snapshot.Snapshot;
import java.util.Optional;

/**
 * What the ordering invariants share: an analysis of one family, the packets arriving from outside
 * in a given conntrack state, and a witness packet out of a set.
 */
final class Flows {
  private static final ConnState[] STATES = {
    ConnState.NEW, ConnState.ESTABLISHED, ConnState.RELATED, ConnState.INVALID, ConnState.UNTRACKED
  };

  private Flows() {}

  /** A fresh analysis of {@code family} of {@code snapshot} on {@code host}. */
  static Analysis analysis(Snapshot snapshot, Family family, Host host) {
    return Analysis.of(
        snapshot, family, host, new Space(family, Alphabet.of(snapshot, family, host)));
  }

  /**
   * Every packet arriving from outside (any source, any destination but loopback, on any interface
   * but loopback, not yet DNATed, without IPsec or mark), in conntrack state {@code state}; empty
   * when the host has no interface of this family.
   */
  static Optional<Cube> arriving(Analysis a, Snapshot snapshot, Host host, ConnState state) {
    Space space = a.space();
    return Exposure.input(a, snapshot, host, SourceClass.any())
        .map(
            c ->
                c.with(Field.DESTINATION, space.not(Field.DESTINATION, loopback(space)))
                    .with(Field.STATE, Intervals.point(ConnStates.value(state))));
  }

  /** The loopback addresses: a packet from outside to them is a martian the kernel drops. */
  private static Intervals loopback(Space space) {
    return Conditions.address(
        Cidr.parse(space.family() == Family.IPV4 ? "127.0.0.0/8" : "::1/128"));
  }

  /** {@code set} with every packet's conntrack state replaced by {@code state}. */
  static PacketSet inState(PacketSet set, ConnState state) {
    ImmutableList.Builder<Cube> out = ImmutableList.builder();
    for (Cube c : set.cubes()) {
      out.add(c.with(Field.STATE, Intervals.point(ConnStates.value(state))));
    }
    return PacketSet.union(set.space(), out.build());
  }

  /** A piece of {@code set} assuming nothing. */
  static Piece piece(PacketSet set) {
    return new Piece(set, ImmutableList.of(), Optional.empty());
  }

  /**
   * One packet of non-empty {@code set}, as sent, in its conntrack state: a packet not DNATed and a
   * new one when the set holds such.
   */
  static Packet witness(PacketSet set) {
    Space space = set.space();
    Cube pick = set.cubes().get(0);
    for (Cube c : set.cubes()) {
      if (c.get(Field.STATE).contains(ConnStates.value(ConnState.NEW))) {
        pick = c;
        break;
      }
    }
    Cube plain = pick.intersect(space.where(Field.DNATED, Intervals.point(0)));
    if (!plain.isEmpty()) {
      pick = plain;
    }
    ConnState state = STATES[(int) pick.get(Field.STATE).startLo(0)];
    Packet p = Points.witness(pick, space);
    if (state == ConnState.NEW) {
      return p;
    }
    if (pick.get(Field.DNATED).startLo(0) == 1) {
      // a later packet of a DNATed connection: translated, the original destination recorded
      String original = InetAddresses.toAddrString(p.destination().orElseThrow());
      String to = Points.text(first(pick.get(Field.DESTINATION)), space.family());
      int originalPort = p.destinationPort().orElse(-1);
      p =
          p.protocol().hasPorts()
              ? p.to(to, (int) pick.get(Field.DESTINATION_PORT).startLo(0))
              : p.to(to);
      p = p.originalDestination(original, originalPort);
    }
    return p.state(state);
  }

  private static long[] first(Intervals i) {
    return new long[] {i.startHi(0), i.startLo(0)};
  }
}
