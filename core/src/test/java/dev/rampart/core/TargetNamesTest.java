package dev.rampart.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Log;
import dev.rampart.core.target.Masquerade;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Snat;
import dev.rampart.core.target.Target;
import dev.rampart.core.target.Verdict;
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
  }

  private static String name(Target t) {
    return t.accept(TargetNames.INSTANCE);
  }
}
