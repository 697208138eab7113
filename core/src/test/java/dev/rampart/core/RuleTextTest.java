package dev.rampart.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.match.IpRangeMatch;
import dev.rampart.core.match.MacMatch;
import dev.rampart.core.match.OpaqueMatch;
import dev.rampart.core.match.OwnerMatch;
import dev.rampart.core.match.PacketTypeMatch;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.RpFilterMatch;
import dev.rampart.core.match.TcpFlagsMatch;
import dev.rampart.core.target.ConnMark;
import dev.rampart.core.target.Ct;
import dev.rampart.core.target.Mark;
import dev.rampart.core.target.Nflog;
import dev.rampart.core.target.Notrack;
import dev.rampart.core.target.OpaqueTarget;
import dev.rampart.core.target.Redirect;
import dev.rampart.core.target.TcpMss;
import dev.rampart.core.target.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleTextTest {
  @Test
  void writesTheMatchesReadFromRealHostsAsIptablesDoes() {
    assertThat(
            RuleText.of(
                Rule.of(
                    List.of(
                        ProtocolMatch.of(Protocol.TCP),
                        TcpFlagsMatch.syn(),
                        IpRangeMatch.source(Cidr.parse("10.0.0.1"), Cidr.parse("10.0.0.9")),
                        MacMatch.source("52:54:00:ab:cd:ef").negate(),
                        PacketTypeMatch.of(PacketTypeMatch.Type.BROADCAST),
                        OpaqueMatch.of("recent", List.of("--rcheck"))),
                    Verdict.DROP)))
        .isEqualTo(
            "-p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -m iprange --src-range"
                + " 10.0.0.1-10.0.0.9 -m mac ! --mac-source 52:54:00:ab:cd:ef -m pkttype"
                + " --pkt-type broadcast -m recent --rcheck -j DROP");
  }

  @Test
  void writesOwnerMatchesWithTheirIdsOrRange() {
    assertThat(RuleText.of(Rule.of(List.of(OwnerMatch.uid(1000)), Verdict.DROP)))
        .isEqualTo("-m owner --uid-owner 1000 -j DROP");
    assertThat(RuleText.of(Rule.of(List.of(OwnerMatch.gid(10, 20)), Verdict.DROP)))
        .isEqualTo("-m owner --gid-owner 10-20 -j DROP");
  }

  @Test
  void writesRpfilterOptionsInIptablesSaveOrder() {
    assertThat(RuleText.of(RpFilterMatch.strict().negate())).isEqualTo("-m rpfilter --invert");
    assertThat(RuleText.of(RpFilterMatch.loose().withAcceptLocal().withValidMark()))
        .isEqualTo("-m rpfilter --loose --validmark --accept-local");
  }

  @Test
  void writesTheTargetsReadFromRealHosts() {
    assertThat(RuleText.of(Rule.of(List.of(), Mark.set(0x10))))
        .isEqualTo("-j MARK --set-xmark 0x10/0xffffffff");
    assertThat(RuleText.of(Rule.of(List.of(), ConnMark.restore())))
        .isEqualTo("-j CONNMARK --restore-mark --nfmask 0xffffffff --ctmask 0xffffffff");
    assertThat(RuleText.of(Rule.of(List.of(), Ct.notrack()))).isEqualTo("-j CT --notrack");
    assertThat(RuleText.of(Rule.of(List.of(), Notrack.of()))).isEqualTo("-j NOTRACK");
    assertThat(RuleText.of(Rule.of(List.of(), Redirect.toPort(3128))))
        .isEqualTo("-j REDIRECT --to-ports 3128");
    assertThat(RuleText.of(Rule.of(List.of(), Nflog.group(5))))
        .isEqualTo("-j NFLOG --nflog-group 5");
    assertThat(RuleText.of(Rule.of(List.of(), TcpMss.clampToPmtu())))
        .isEqualTo("-j TCPMSS --clamp-mss-to-pmtu");
    assertThat(
            RuleText.of(
                Rule.of(List.of(), OpaqueTarget.of("NFQUEUE", List.of("--queue-num", "1")))))
        .isEqualTo("-j NFQUEUE --queue-num 1");
  }
}
