package dev.rampart.core.eval;

import com.google.common.net.InetAddresses;
import dev.rampart.core.Family;
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
import org.jspecify.annotations.Nullable;

/**
 * What a matching rule's target does, as the kernel's target does it: a verdict, a jump, or a
 * change to the packet (NAT, mark) after which traversal continues or ends.
 */
final class TargetEffect implements Target.Visitor<TargetEffect.Effect> {
  /** The kind of effect on the traversal. */
  enum Kind {
    CONTINUE,
    ACCEPT,
    DROP,
    REJECT,
    RETURN,
    JUMP,
    GOTO,
    /** A target whose verdict is unknown: it accepts or drops (both branches followed). */
    ENDS_UNKNOWN,
    /** A target not known to end traversal: it continues, accepts or drops (all followed). */
    DEPENDS
  }

  /** An effect: its kind, the chain of a jump, the error of a reject. */
  record Effect(Kind kind, String chain, Reject.@Nullable With with) {
    static Effect of(Kind kind) {
      return new Effect(kind, "", null);
    }
  }

  private static final long MARK_BITS = 0xffffffffL;

  private final Flow flow;
  private final Host host;
  private final Walk walk;

  TargetEffect(Flow flow, Host host, Walk walk) {
    this.flow = flow;
    this.host = host;
    this.walk = walk;
  }

  @Override
  public Effect visitVerdict(Verdict t) {
    return Effect.of(
        switch (t) {
          case ACCEPT -> Kind.ACCEPT;
          case DROP -> Kind.DROP;
          case RETURN -> Kind.RETURN;
        });
  }

  @Override
  public Effect visitReject(Reject t) {
    return new Effect(
        Kind.REJECT,
        "",
        t.with()
            .orElse(
                flow.family == Family.IPV4
                    ? Reject.With.ICMP_PORT_UNREACHABLE
                    : Reject.With.ICMP6_PORT_UNREACHABLE));
  }

  @Override
  public Effect visitJump(Jump t) {
    return new Effect(t.isGoto() ? Kind.GOTO : Kind.JUMP, t.chainName(), null);
  }

  @Override
  public Effect visitLog(Log t) {
    return Effect.of(Kind.CONTINUE);
  }

  @Override
  public Effect visitDnat(Dnat t) {
    flow.destination = t.address().address();
    if (t.port().isPresent() && flow.destinationPort >= 0) {
      flow.destinationPort = t.port().get().first();
    }
    flow.dnat = true;
    walk.note("dnat: destination now " + walk.endpoint());
    return Effect.of(Kind.ACCEPT);
  }

  @Override
  public Effect visitSnat(Snat t) {
    walk.note("snat: source becomes " + t.address());
    return Effect.of(Kind.ACCEPT);
  }

  @Override
  public Effect visitMasquerade(Masquerade t) {
    walk.note("masquerade: source becomes the address of " + flow.out);
    return Effect.of(Kind.ACCEPT);
  }

  @Override
  public Effect visitMark(Mark t) {
    flow.mark = t.apply(flow.mark);
    walk.note("mark: now 0x" + Long.toHexString(flow.mark));
    return Effect.of(Kind.CONTINUE);
  }

  @Override
  public Effect visitConnMark(ConnMark t) {
    if (flow.state == ConnState.UNTRACKED || flow.state == ConnState.INVALID) {
      walk.note("connmark: no connection, nothing changed");
      return Effect.of(Kind.CONTINUE);
    }
    switch (t.mode()) {
      case SET -> {
        flow.connMark = ((flow.connMark & ~t.mask()) ^ t.value()) & MARK_BITS;
        walk.note("connmark: connection mark now 0x" + Long.toHexString(flow.connMark));
      }
      case SAVE -> {
        flow.connMark = ((flow.connMark & ~t.ctMask()) ^ (flow.mark & t.nfMask())) & MARK_BITS;
        walk.note("connmark: saved, connection mark now 0x" + Long.toHexString(flow.connMark));
      }
      case RESTORE -> {
        flow.mark = ((flow.mark & ~t.nfMask()) ^ (flow.connMark & t.ctMask())) & MARK_BITS;
        walk.note("connmark: restored, mark now 0x" + Long.toHexString(flow.mark));
      }
    }
    return Effect.of(Kind.CONTINUE);
  }

  @Override
  public Effect visitCt(Ct t) {
    if (t.isNotrack()) {
      return untrack();
    }
    return Effect.of(Kind.CONTINUE);
  }

  @Override
  public Effect visitNotrack(Notrack t) {
    return untrack();
  }

  private Effect untrack() {
    flow.state = ConnState.UNTRACKED;
    walk.note("notrack: state untracked, nat skipped");
    return Effect.of(Kind.CONTINUE);
  }

  @Override
  public Effect visitRedirect(Redirect t) {
    InetAddress to;
    if (flow.packet.isLocal()) {
      to = InetAddresses.forString(flow.family == Family.IPV4 ? "127.0.0.1" : "::1");
    } else {
      var a = host.addressOf(flow.in, flow.family);
      if (a.isEmpty()) {
        walk.note("redirect: " + flow.in + " has no address: dropped");
        return Effect.of(Kind.DROP);
      }
      to = a.get();
    }
    flow.destination = to;
    if (t.ports().isPresent() && flow.destinationPort >= 0) {
      flow.destinationPort = t.ports().get().first();
    }
    flow.dnat = true;
    walk.note("redirect: destination now " + walk.endpoint());
    return Effect.of(Kind.ACCEPT);
  }

  @Override
  public Effect visitNflog(Nflog t) {
    return Effect.of(Kind.CONTINUE);
  }

  @Override
  public Effect visitTcpMss(TcpMss t) {
    return Effect.of(Kind.CONTINUE);
  }

  @Override
  public Effect visitOpaque(OpaqueTarget t) {
    return Effect.of(
        switch (t.kind()) {
          case TERMINATING -> Kind.ENDS_UNKNOWN;
          case NON_TERMINATING -> Kind.CONTINUE;
          case UNKNOWN -> Kind.DEPENDS;
        });
  }
}
