package dev.rampart.core;

import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Log;
import dev.rampart.core.target.Masquerade;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Snat;
import dev.rampart.core.target.Target;
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
    return (t.isGoto() ? "goto " : "jump ") + t.target();
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
}
