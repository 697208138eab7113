package dev.rampart.core.target;

import java.util.Optional;

/**
 * What a rule does with a matching packet. Closed: every kind is listed in {@link Visitor}. The
 * plain verdicts are {@link Verdict#ACCEPT}, {@link Verdict#DROP} and {@link Verdict#RETURN}.
 */
public sealed interface Target
    permits Verdict,
        Reject,
        Jump,
        Log,
        Dnat,
        Snat,
        Masquerade,
        Mark,
        ConnMark,
        Ct,
        Notrack,
        Redirect,
        Nflog,
        TcpMss,
        OpaqueTarget {

  /** Calls the visitor method for this kind of target. */
  <R> R accept(Visitor<R> visitor);

  /**
   * Whether traversal stops at this target when it matches (LOG, MARK, CONNMARK, CT, NOTRACK, NFLOG
   * and TCPMSS continue with the next rule).
   */
  boolean terminating();

  /** Whether this target may only appear in the nat table (DNAT, SNAT, MASQUERADE, REDIRECT). */
  default boolean natOnly() {
    return false;
  }

  /** The chain this target transfers to (jump or goto), if any. */
  default Optional<String> chain() {
    return Optional.empty();
  }

  /**
   * Whether this is a goto ({@code -g CHAIN}): when that chain ends, traversal returns to the
   * caller of this rule's chain, not to the next rule.
   */
  default boolean isGoto() {
    return false;
  }

  /**
   * Whether a packet this target takes may go on with the next rule of the same chain: a target
   * that does not terminate (LOG, MARK, ...), or a jump, which comes back when the called chain
   * ends or returns. Verdicts, REJECT, nat targets and gotos never come back.
   */
  default boolean mayContinue() {
    return !terminating();
  }

  /** One method per kind of target. */
  interface Visitor<R> {
    /** Visits ACCEPT, DROP or RETURN. */
    R visitVerdict(Verdict t);

    /** Visits REJECT. */
    R visitReject(Reject t);

    /** Visits a jump or goto to a user chain. */
    R visitJump(Jump t);

    /** Visits LOG. */
    R visitLog(Log t);

    /** Visits DNAT. */
    R visitDnat(Dnat t);

    /** Visits SNAT. */
    R visitSnat(Snat t);

    /** Visits MASQUERADE. */
    R visitMasquerade(Masquerade t);

    /** Visits MARK. */
    R visitMark(Mark t);

    /** Visits CONNMARK. */
    R visitConnMark(ConnMark t);

    /** Visits CT. */
    R visitCt(Ct t);

    /** Visits NOTRACK. */
    R visitNotrack(Notrack t);

    /** Visits REDIRECT. */
    R visitRedirect(Redirect t);

    /** Visits NFLOG. */
    R visitNflog(Nflog t);

    /** Visits TCPMSS. */
    R visitTcpMss(TcpMss t);

    /** Visits a target the model does not interpret. */
    R visitOpaque(OpaqueTarget t);
  }
}
