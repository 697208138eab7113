package dev.rampart.core.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Cidr;
import org.junit.jupiter.api.Test;

class TargetTest {

  @Test
  void everyKindDispatchesToItsOwnVisitorMethod() {
    Target.Visitor<String> kind =
        new Target.Visitor<>() {
          @Override
          public String visitVerdict(Verdict t) {
            return "verdict " + t;
          }

          @Override
          public String visitReject(Reject t) {
            return "reject";
          }

          @Override
          public String visitJump(Jump t) {
            return "jump";
          }

          @Override
          public String visitLog(Log t) {
            return "log";
          }

          @Override
          public String visitDnat(Dnat t) {
            return "dnat";
          }

          @Override
          public String visitSnat(Snat t) {
            return "snat";
          }

          @Override
          public String visitMasquerade(Masquerade t) {
            return "masquerade";
          }
        };
    assertThat(Verdict.DROP.accept(kind)).isEqualTo("verdict DROP");
    assertThat(Reject.of().accept(kind)).isEqualTo("reject");
    assertThat(Jump.goTo("X").accept(kind)).isEqualTo("jump");
    assertThat(Log.of().accept(kind)).isEqualTo("log");
    assertThat(Dnat.to(Cidr.parse("192.0.2.1")).accept(kind)).isEqualTo("dnat");
    assertThat(Snat.to(Cidr.parse("192.0.2.1")).accept(kind)).isEqualTo("snat");
    assertThat(Masquerade.of().accept(kind)).isEqualTo("masquerade");
  }
}
