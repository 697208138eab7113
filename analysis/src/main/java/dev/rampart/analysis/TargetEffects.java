package dev.rampart.analysis;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Place;
import dev.rampart.core.eval.Host;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.target.ConnMark;
import dev.rampart.core.target.Ct;
import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Log;
import dev.rampart.core.target.Mark;
import dev.rampart.core.target.Masquerade;
import dev.rampart.core.target.Nflog;
import dev.rampart.core.target.Notrack;
import dev.rampart.core.target.OpaqueTarget;
import dev.rampart.core.target.Redirect;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Snat;
import dev.rampart.core.target.Target;
import dev.rampart.core.target.TcpMss;
import dev.rampart.core.target.Verdict;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a rule's target does to the set of packets the rule matched, as core's per-packet {@code
 * TargetEffect} does to one packet: a verdict, a jump, or a change (NAT, mark, notrack) after which
 * traversal continues or ends.
 */
final class TargetEffects {
  /** The kind of effect on the traversal. */
  enum Kind {
    CONTINUE,
    ACCEPT,
    DROP,
    REJECT,
    RETURN,
    JUMP,
    GOTO,
    /** The effect is unknown: accepts or drops, and continues when {@code mayContinue}. */
    UNKNOWN
  }

  /**
   * An effect: its kind, the chain of a jump, the packets after the change, whether it may go on.
   */
  record Effect(
      Kind kind,
      String chain,
      ImmutableList<Piece> pieces,
      boolean mayContinue,
      Optional<Piece> dropped) {
    Effect(Kind kind, String chain, ImmutableList<Piece> pieces, boolean mayContinue) {
      this(kind, chain, pieces, mayContinue, Optional.empty());
    }

    static Effect of(Kind kind, Piece p) {
      return new Effect(kind, "", ImmutableList.of(p), false);
    }
  }

  private static final long MARK_BITS = 0xffffffffL;

  private final Space space;
  private final Host host;
  private final Intervals portProtocols;

  TargetEffects(Space space, Host host, Intervals portProtocols) {
    this.space = space;
    this.host = host;
    this.portProtocols = portProtocols;
  }

  /**
   * The effect of {@code target} on {@code matched}, the packets its rule at {@code place} matched.
   */
  Effect of(Target target, Piece matched, Place place) {
    return target.accept(new Visitor(matched, place));
  }

  private final class Visitor implements Target.Visitor<Effect> {
    private final Piece p;
    private final Place place;

    Visitor(Piece p, Place place) {
      this.p = p;
      this.place = place;
    }

    @Override
    public Effect visitVerdict(Verdict t) {
      return Effect.of(
          switch (t) {
            case ACCEPT -> Kind.ACCEPT;
            case DROP -> Kind.DROP;
            case RETURN -> Kind.RETURN;
          },
          p);
    }

    @Override
    public Effect visitReject(Reject t) {
      return Effect.of(Kind.REJECT, p);
    }

    @Override
    public Effect visitJump(Jump t) {
      return new Effect(
          t.isGoto() ? Kind.GOTO : Kind.JUMP, t.chainName(), ImmutableList.of(p), false);
    }

    @Override
    public Effect visitLog(Log t) {
      return Effect.of(Kind.CONTINUE, p);
    }

    @Override
    public Effect visitDnat(Dnat t) {
      InetAddress to = t.address().address();
      return Effect.of(Kind.ACCEPT, p.withSet(dnat(p.set(), to, t.port().map(r -> r.first()))));
    }

    @Override
    public Effect visitSnat(Snat t) {
      return Effect.of(Kind.ACCEPT, p);
    }

    @Override
    public Effect visitMasquerade(Masquerade t) {
      return Effect.of(Kind.ACCEPT, p);
    }

    @Override
    public Effect visitMark(Mark t) {
      boolean constant = t.apply(0) == t.apply(MARK_BITS);
      if (constant) {
        return Effect.of(Kind.CONTINUE, p.withSet(set(p.set(), Field.MARK, point(t.apply(0)))));
      }
      List<Cube> out = new ArrayList<>();
      boolean exact = true;
      for (Cube c : p.set().cubes()) {
        Intervals marks = c.get(Field.MARK);
        if (marks.size() == 1 && marks.startLo(0) == marks.endLo(0)) {
          out.add(c.with(Field.MARK, point(t.apply(marks.startLo(0)))));
        } else {
          out.add(c.with(Field.MARK, space.all(Field.MARK)));
          exact = false;
        }
      }
      Piece changed = p.withSet(PacketSet.union(space, out));
      return Effect.of(Kind.CONTINUE, exact ? changed : changed.assuming(place));
    }

    @Override
    public Effect visitConnMark(ConnMark t) {
      if (t.mode() != ConnMark.Mode.RESTORE) {
        return Effect.of(Kind.CONTINUE, p); // the connection mark itself is not tracked
      }
      // the mark now comes from the connection's mark, which is not tracked
      return Effect.of(
          Kind.CONTINUE,
          p.withSet(set(p.set(), Field.MARK, space.all(Field.MARK))).assuming(place));
    }

    @Override
    public Effect visitCt(Ct t) {
      return t.isNotrack() ? untrack() : Effect.of(Kind.CONTINUE, p);
    }

    @Override
    public Effect visitNotrack(Notrack t) {
      return untrack();
    }

    private Effect untrack() {
      return Effect.of(
          Kind.CONTINUE,
          p.withSet(set(p.set(), Field.STATE, point(ConnStates.value(ConnState.UNTRACKED)))));
    }

    @Override
    public Effect visitRedirect(Redirect t) {
      // the new destination is the address of the interface the packet came in on
      ImmutableList.Builder<Piece> accepted = ImmutableList.builder();
      PacketSet dropped = PacketSet.empty(space);
      Optional<Integer> port = t.ports().map(r -> r.first());
      for (int i = 0; i < space.interfaces().size(); i++) {
        PacketSet on = p.set().intersect(space.where(Field.IN, point(i)));
        if (on.isEmpty()) {
          continue;
        }
        Optional<InetAddress> a = host.addressOf(space.interfaces().get(i), space.family());
        if (a.isEmpty()) {
          dropped = dropped.union(on);
        } else {
          accepted.add(p.withSet(dnat(on, a.get(), port)));
        }
      }
      if (!dropped.isEmpty()) {
        // no address on the input interface: the kernel drops (an effect of its own)
        return new Effect(
            Kind.ACCEPT, "", accepted.build(), false, Optional.of(p.withSet(dropped)));
      }
      return new Effect(Kind.ACCEPT, "", accepted.build(), false);
    }

    @Override
    public Effect visitNflog(Nflog t) {
      return Effect.of(Kind.CONTINUE, p);
    }

    @Override
    public Effect visitTcpMss(TcpMss t) {
      return Effect.of(Kind.CONTINUE, p);
    }

    @Override
    public Effect visitOpaque(OpaqueTarget t) {
      return switch (t.kind()) {
        case TERMINATING -> new Effect(Kind.UNKNOWN, "", ImmutableList.of(p), false);
        case NON_TERMINATING -> Effect.of(Kind.CONTINUE, p);
        case UNKNOWN -> new Effect(Kind.UNKNOWN, "", ImmutableList.of(p), true);
      };
    }
  }

  /**
   * The packets of {@code set} sent to {@code to} (and {@code port}, for protocols with ports): the
   * original destination is kept in the conntrack fields, the connection marked as DNATed.
   */
  PacketSet dnat(PacketSet set, InetAddress to, Optional<Integer> port) {
    Intervals address = Addresses.host(to);
    List<Cube> out = new ArrayList<>();
    for (Cube c : set.cubes()) {
      Cube natted =
          c.with(Field.ORIGINAL_DESTINATION, c.get(Field.DESTINATION))
              .with(Field.ORIGINAL_DESTINATION_PORT, c.get(Field.DESTINATION_PORT))
              .with(Field.DESTINATION, address)
              .with(Field.DNATED, point(1));
      if (port.isEmpty()) {
        out.add(natted);
        continue;
      }
      Cube withPorts = natted.intersect(space.where(Field.PROTOCOL, portProtocols));
      if (!withPorts.isEmpty()) {
        out.add(withPorts.with(Field.DESTINATION_PORT, point(port.get())));
      }
      Intervals others = c.get(Field.PROTOCOL).minus(portProtocols, 0, 255);
      if (!others.isEmpty()) {
        out.add(natted.with(Field.PROTOCOL, others));
      }
    }
    return PacketSet.union(space, out);
  }

  private PacketSet set(PacketSet s, Field f, Intervals values) {
    List<Cube> out = new ArrayList<>();
    for (Cube c : s.cubes()) {
      out.add(c.with(f, values));
    }
    return PacketSet.union(space, out);
  }

  private static Intervals point(long v) {
    return Intervals.point(v);
  }
}
