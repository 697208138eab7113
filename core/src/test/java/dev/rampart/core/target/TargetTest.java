package dev.rampart.core.target;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
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

          @Override
          public String visitMark(Mark t) {
            return "mark";
          }

          @Override
          public String visitConnMark(ConnMark t) {
            return "connmark";
          }

          @Override
          public String visitCt(Ct t) {
            return "ct";
          }

          @Override
          public String visitNotrack(Notrack t) {
            return "notrack";
          }

          @Override
          public String visitRedirect(Redirect t) {
            return "redirect";
          }

          @Override
          public String visitNflog(Nflog t) {
            return "nflog";
          }

          @Override
          public String visitTcpMss(TcpMss t) {
            return "tcpmss";
          }

          @Override
          public String visitOpaque(OpaqueTarget t) {
            return "opaque";
          }
        };
    assertThat(Verdict.DROP.accept(kind)).isEqualTo("verdict DROP");
    assertThat(Reject.of().accept(kind)).isEqualTo("reject");
    assertThat(Jump.goTo("X").accept(kind)).isEqualTo("jump");
    assertThat(Log.of().accept(kind)).isEqualTo("log");
    assertThat(Dnat.to(Cidr.parse("192.0.2.1")).accept(kind)).isEqualTo("dnat");
    assertThat(Snat.to(Cidr.parse("192.0.2.1")).accept(kind)).isEqualTo("snat");
    assertThat(Masquerade.of().accept(kind)).isEqualTo("masquerade");
    assertThat(Mark.set(1).accept(kind)).isEqualTo("mark");
    assertThat(ConnMark.save().accept(kind)).isEqualTo("connmark");
    assertThat(Ct.notrack().accept(kind)).isEqualTo("ct");
    assertThat(Notrack.INSTANCE.accept(kind)).isEqualTo("notrack");
    assertThat(Redirect.of().accept(kind)).isEqualTo("redirect");
    assertThat(Nflog.group(1).accept(kind)).isEqualTo("nflog");
    assertThat(TcpMss.clampToPmtu().accept(kind)).isEqualTo("tcpmss");
    assertThat(OpaqueTarget.of("TRACE", ImmutableList.of()).accept(kind)).isEqualTo("opaque");
  }
}
