package dev.rampart.core;

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

/** Short names of targets for messages. */
enum TargetNames implements Target.Visitor<String> {
  INSTANCE;

  @Override
  public String visitVerdict(Verdict t) {
    return t.name();
  }

  @Override
  public String visitReject(Reject t) {
    return "REJECT";
  }

  @Override
  public String visitJump(Jump t) {
    return (t.isGoto() ? "goto " : "jump ") + t.chainName();
  }

  @Override
  public String visitLog(Log t) {
    return "LOG";
  }

  @Override
  public String visitDnat(Dnat t) {
    return "DNAT";
  }

  @Override
  public String visitSnat(Snat t) {
    return "SNAT";
  }

  @Override
  public String visitMasquerade(Masquerade t) {
    return "MASQUERADE";
  }

  @Override
  public String visitMark(Mark t) {
    return "MARK";
  }

  @Override
  public String visitConnMark(ConnMark t) {
    return "CONNMARK";
  }

  @Override
  public String visitCt(Ct t) {
    return "CT";
  }

  @Override
  public String visitNotrack(Notrack t) {
    return "NOTRACK";
  }

  @Override
  public String visitRedirect(Redirect t) {
    return "REDIRECT";
  }

  @Override
  public String visitNflog(Nflog t) {
    return "NFLOG";
  }

  @Override
  public String visitTcpMss(TcpMss t) {
    return "TCPMSS";
  }

  @Override
  public String visitOpaque(OpaqueTarget t) {
    return t.name();
  }
}
