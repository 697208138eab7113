package dev.rampart.render.ferm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Cidr;
import dev.rampart.core.RuleRef;
import dev.rampart.core.TableName;
import dev.rampart.core.UnsupportedFeatureException;
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

class TargetWordsTest {
  private static String words(Target t) {
    return t.accept(new TargetWords(RuleRef.of(TableName.FILTER, "INPUT", 1)));
  }

  @Test
  void writesVerdictsByName() {
    assertThat(words(Verdict.ACCEPT)).isEqualTo("ACCEPT");
    assertThat(words(Verdict.DROP)).isEqualTo("DROP");
    assertThat(words(Verdict.RETURN)).isEqualTo("RETURN");
  }

  @Test
  void writesRejectWithItsReason() {
    assertThat(words(Reject.of())).isEqualTo("REJECT");
    assertThat(words(Reject.with(Reject.With.ICMP6_ADM_PROHIBITED)))
        .isEqualTo("REJECT reject-with icmp6-adm-prohibited");
    assertThat(words(Reject.with(Reject.With.TCP_RESET))).isEqualTo("REJECT reject-with tcp-reset");
  }

  @Test
  void writesJumpsAndGotos() {
    assertThat(words(Jump.to("FILTERS"))).isEqualTo("jump FILTERS");
    assertThat(words(Jump.goTo("LOG_DROP"))).isEqualTo("goto LOG_DROP");
  }

  @Test
  void writesLogWithQuotedPrefixAndLevel() {
    assertThat(words(Log.of())).isEqualTo("LOG");
    assertThat(words(Log.builder().prefix("drop #1;").level(6).build()))
        .isEqualTo("LOG log-prefix \"drop #1;\" log-level 6");
  }

  @Test
  void writesNatTargetsWithPortsAndBracketedIpv6() {
    assertThat(words(Dnat.to(Cidr.parse("172.18.0.2"), 8080))).isEqualTo("DNAT to 172.18.0.2:8080");
    assertThat(words(Dnat.to(Cidr.parse("2001:db8::2"), 443)))
        .isEqualTo("DNAT to \"[2001:db8::2]:443\"");
    assertThat(words(Dnat.to(Cidr.parse("2001:db8::2")))).isEqualTo("DNAT to 2001:db8::2");
    assertThat(words(Snat.to(Cidr.parse("192.0.2.1")))).isEqualTo("SNAT to 192.0.2.1");
    assertThat(words(Masquerade.of())).isEqualTo("MASQUERADE");
  }

  private static void assertRefused(Target t, String featureAndValue) {
    assertThatThrownBy(() -> words(t))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage("table filter, chain INPUT, rule 1: ferm cannot express " + featureAndValue);
  }

  @Test
  void refusesAnOpaqueTargetWithItsPlace() {
    assertRefused(OpaqueTarget.of("TRACE", List.of()), "an opaque target: TRACE");
  }

  @Test
  void writesTheTargetsOfBusyHosts() {
    assertThat(words(Mark.set(1))).isEqualTo("MARK set-xmark 0x1/0xffffffff");
    assertThat(words(ConnMark.set(0x5, 0xf0))).isEqualTo("CONNMARK set-xmark 0x5/0xf5");
    assertThat(words(ConnMark.save()))
        .isEqualTo("CONNMARK save-mark nfmask 0xffffffff ctmask 0xffffffff");
    assertThat(words(ConnMark.restore(0xff, 0xf)))
        .isEqualTo("CONNMARK restore-mark nfmask 0xff ctmask 0xf");
    assertThat(words(Ct.notrack())).isEqualTo("CT notrack");
    assertThat(words(Ct.zone(5))).isEqualTo("CT zone 5");
    assertThat(words(Notrack.INSTANCE)).isEqualTo("NOTRACK");
    assertThat(words(Redirect.of())).isEqualTo("REDIRECT");
    assertThat(words(Redirect.toPort(8080))).isEqualTo("REDIRECT to-ports 8080");
    assertThat(words(Nflog.builder().group(5).prefix("x y").threshold(3).build()))
        .isEqualTo("NFLOG nflog-group 5 nflog-prefix \"x y\" nflog-threshold 3");
    assertThat(words(TcpMss.clampToPmtu())).isEqualTo("TCPMSS clamp-mss-to-pmtu");
    assertThat(words(TcpMss.setMss(1400))).isEqualTo("TCPMSS set-mss 1400");
  }

  @Test
  void refusesAnNflogSizeFerm25HasNoKeywordFor() {
    assertRefused(
        Nflog.builder().size(100).build(), "an NFLOG size (ferm 2.5 has no keyword for it): 100");
  }
}
