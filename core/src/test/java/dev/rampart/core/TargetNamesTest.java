package dev.rampart.core;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetNamesTest {

  @Test
  void namesEveryKindOfTarget() {
    assertThat(name(Verdict.RETURN)).isEqualTo("RETURN");
    assertThat(name(Reject.with(Reject.With.TCP_RESET))).isEqualTo("REJECT");
    assertThat(name(Jump.to("FILTERS"))).isEqualTo("jump FILTERS");
    assertThat(name(Jump.goTo("FILTERS"))).isEqualTo("goto FILTERS");
    assertThat(name(Log.of())).isEqualTo("LOG");
    assertThat(name(Dnat.to(Cidr.parse("192.0.2.1")))).isEqualTo("DNAT");
    assertThat(name(Snat.to(Cidr.parse("192.0.2.1")))).isEqualTo("SNAT");
    assertThat(name(Masquerade.of())).isEqualTo("MASQUERADE");
    assertThat(name(Mark.set(1))).isEqualTo("MARK");
    assertThat(name(ConnMark.save())).isEqualTo("CONNMARK");
    assertThat(name(Ct.zone(1))).isEqualTo("CT");
    assertThat(name(Notrack.INSTANCE)).isEqualTo("NOTRACK");
    assertThat(name(Redirect.of())).isEqualTo("REDIRECT");
    assertThat(name(Nflog.group(1))).isEqualTo("NFLOG");
    assertThat(name(TcpMss.clampToPmtu())).isEqualTo("TCPMSS");
    assertThat(name(OpaqueTarget.of("TRACE", List.of()))).isEqualTo("TRACE");
  }

  private static String name(Target t) {
    return t.accept(TargetNames.INSTANCE);
  }
}
