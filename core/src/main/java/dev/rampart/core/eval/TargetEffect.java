package dev.rampart.core.eval;

import dev.rampart.core.Family;
import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Log;
import dev.rampart.core.target.Masquerade;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Snat;
import dev.rampart.core.target.Target;
import dev.rampart.core.target.Verdict;
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
    GOTO
  }

  /** An effect: its kind, the chain of a jump, the error of a reject. */
  record Effect(Kind kind, String chain, Reject.@Nullable With with) {
    static Effect of(Kind kind) {
      return new Effect(kind, "", null);
    }
  }

  private final Flow flow;
  private final Walk walk;

  TargetEffect(Flow flow, Host host, Walk walk) {
    this.flow = flow;
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
    return new Effect(t.isGoto() ? Kind.GOTO : Kind.JUMP, t.target(), null);
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
}
