package dev.rampart.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.AddressTypeMatch;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.ConntrackOriginalMatch;
import dev.rampart.core.match.ConntrackStateMatch;
import dev.rampart.core.match.IcmpTypeMatch;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.LimitMatch;
import dev.rampart.core.match.MarkMatch;
import dev.rampart.core.match.PolicyMatch;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Log;
import dev.rampart.core.target.Masquerade;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Snat;
import dev.rampart.core.target.Verdict;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleBuilderTest {
  private static RuleBuilder r() {
    return new RuleBuilder();
  }

  @Test
  void buildsMatchesInTheOrderWritten() {
    Rule rule = r().in("eth0").tcp().dport(22).comment("ssh").accept();

    assertThat(rule.matches())
        .containsExactly(
            InterfaceMatch.in("eth0"),
            ProtocolMatch.of(Protocol.TCP),
            PortMatch.destination(List.of(PortRange.of(22))));
    assertThat(rule.target()).isEqualTo(Verdict.ACCEPT);
    assertThat(rule.comment()).contains("ssh");
  }

  @Test
  void negatesWithTheNotMethods() {
    Rule rule =
        r().notIn("docker0").out("docker0").notSrc("10.0.0.0/8").notSrcSet("ip_allow").drop();

    assertThat(rule.matches())
        .containsExactly(
            InterfaceMatch.in("docker0").negate(),
            InterfaceMatch.out("docker0"),
            AddressMatch.source(List.of(Cidr.parse("10.0.0.0/8"))).negate(),
            SetMatch.source("ip_allow").negate());
  }

  @Test
  void writesPortListsRangesAndNegatedPorts() {
    assertThat(r().udp().dport(7946, 4789).accept().matches())
        .contains(PortMatch.destination(List.of(PortRange.of(7946), PortRange.of(4789))));
    assertThat(r().tcp().dportRange(30000, 32767).accept().matches())
        .contains(PortMatch.destination(List.of(PortRange.range(30000, 32767))));
    assertThat(r().tcp().notDport(22).accept().matches())
        .contains(PortMatch.destination(List.of(PortRange.of(22))).negate());
    assertThat(r().tcp().sport(8080).accept().matches())
        .contains(PortMatch.source(List.of(PortRange.of(8080))));
  }

  @Test
  void addsTheIcmpProtocolWhenATypeIsGivenAlone() {
    assertThat(r().icmpType(8).accept().matches())
        .containsExactly(ProtocolMatch.of(Protocol.ICMP), IcmpTypeMatch.icmp(8));
    assertThat(r().icmpv6Type(135).accept().matches())
        .containsExactly(ProtocolMatch.of(Protocol.ICMPV6), IcmpTypeMatch.icmpv6(135));
    assertThat(r().icmp().icmpType(3, 4).accept().matches())
        .containsExactly(ProtocolMatch.of(Protocol.ICMP), IcmpTypeMatch.of(Family.IPV4, 3, 4));
  }

  @Test
  void writesConntrackMatches() {
    assertThat(r().ctstate(ConnState.ESTABLISHED, ConnState.RELATED).accept().matches())
        .containsExactly(ConntrackStateMatch.of(List.of(ConnState.RELATED, ConnState.ESTABLISHED)));
    assertThat(r().tcp().ctOrigDport(8080).returns().matches())
        .contains(ConntrackOriginalMatch.destinationPort(PortRange.of(8080)));
    assertThat(r().ctOrigDst("192.0.2.1").returns().matches())
        .containsExactly(ConntrackOriginalMatch.destination(Cidr.parse("192.0.2.1/32")));
    assertThat(r().notCtstate(ConnState.INVALID).accept().matches())
        .containsExactly(ConntrackStateMatch.not(List.of(ConnState.INVALID)));
  }

  @Test
  void writesIpsecLimitAddressTypeAndMark() {
    assertThat(r().udp().dport(4789).ipsecIn().returns().matches())
        .contains(PolicyMatch.of(PolicyMatch.Dir.IN, PolicyMatch.Processing.IPSEC));
    assertThat(r().notIpsecIn().drop().matches())
        .containsExactly(PolicyMatch.of(PolicyMatch.Dir.IN, PolicyMatch.Processing.NONE));
    assertThat(r().limit(5, LimitMatch.Unit.SECOND, 10).accept().matches())
        .containsExactly(LimitMatch.of(5, LimitMatch.Unit.SECOND, 10));
    assertThat(r().dstLocal().jump("DOCKER").matches())
        .containsExactly(AddressTypeMatch.destination(AddressTypeMatch.Type.LOCAL));
    assertThat(r().mark(1, 0xff).accept().matches()).containsExactly(MarkMatch.of(1, 0xff));
  }

  @Test
  void endsWithEveryKindOfTarget() {
    assertThat(r().drop().target()).isEqualTo(Verdict.DROP);
    assertThat(r().returns().target()).isEqualTo(Verdict.RETURN);
    assertThat(r().reject().target()).isEqualTo(Reject.of());
    assertThat(r().reject(Reject.With.ICMP_HOST_PROHIBITED).target())
        .isEqualTo(Reject.with(Reject.With.ICMP_HOST_PROHIBITED));
    assertThat(r().jump("FILTERS").target()).isEqualTo(Jump.to("FILTERS"));
    assertThat(r().goTo("FILTERS").target()).isEqualTo(Jump.goTo("FILTERS"));
    assertThat(r().log("dropped: ").target()).isEqualTo(Log.prefixed("dropped: "));
    assertThat(r().tcp().dport(8080).dnat("172.18.0.2", 8080).target())
        .isEqualTo(Dnat.to(Cidr.parse("172.18.0.2"), 8080));
    assertThat(r().snat("192.0.2.1").target()).isEqualTo(Snat.to(Cidr.parse("192.0.2.1")));
    assertThat(r().masquerade().target()).isEqualTo(Masquerade.of());
  }

  @Test
  void restrictsTheFamilyOnRequest() {
    assertThat(r().tcp().dport(22).ipv6().accept().family()).contains(Family.IPV6);
    assertThat(r().tcp().dport(22).ipv4().accept().family()).contains(Family.IPV4);
  }

  @Test
  void keepsAnAddressListAsOneMatch() {
    assertThat(r().src("10.0.0.1", "10.0.0.2").accept().matches())
        .containsExactly(
            AddressMatch.source(ImmutableList.of(Cidr.parse("10.0.0.1"), Cidr.parse("10.0.0.2"))));
  }

  @Test
  void rejectsAnAddressThatIsNotOne() {
    assertThatThrownBy(() -> r().src("example.com").accept())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not an IPv4 or IPv6 address or prefix: example.com");
  }

  @Test
  void takesIterablesWhereItTakesVarargs() {
    Rule varargs =
        r().tcp()
            .src("10.0.0.0/8", "192.0.2.1")
            .dst("198.51.100.0/24")
            .dport(80, 443)
            .notSport(1, 2)
            .ctstate(ConnState.NEW)
            .accept();
    Rule iterables =
        r().tcp()
            .src(List.of("10.0.0.0/8", "192.0.2.1"))
            .dst(List.of("198.51.100.0/24"))
            .dport(List.of(PortRange.of(80), PortRange.of(443)))
            .notSport(List.of(PortRange.of(1), PortRange.of(2)))
            .ctstate(EnumSet.of(ConnState.NEW))
            .accept();
    assertThat(iterables).isEqualTo(varargs);
  }

  @Test
  void matchesAnOriginalDestinationPortRange() {
    assertThat(r().tcp().ctOrigDport(PortRange.range(8000, 8080)).accept().matches())
        .contains(ConntrackOriginalMatch.destinationPort(PortRange.range(8000, 8080)));
  }

  @Test
  void namesTheParameterThatIsNull() {
    assertThatThrownBy(() -> r().in(nothing()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("iface");
    assertThatThrownBy(() -> r().src(nothing(), "10.0.0.1")).hasMessage("cidr");
    assertThatThrownBy(() -> r().dport(Arrays.asList(PortRange.of(1), nothing())))
        .hasMessage("ports element");
    assertThatThrownBy(() -> r().jump(nothing())).hasMessage("chain");
  }

  @Test
  void startsOutsideAChainFromRampart() {
    assertThat(Rampart.rule().tcp().dport(22).accept()).isEqualTo(r().tcp().dport(22).accept());
  }

  @SuppressWarnings("NullAway") // the point: a caller without null checks passes null
  private static <T> T nothing() {
    return null;
  }
}
