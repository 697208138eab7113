package dev.rampart.render.iptables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.RuleRef;
import dev.rampart.core.TableName;
import dev.rampart.core.UnsupportedFeatureException;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Snat;
import dev.rampart.core.target.Target;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TargetArgsTest {
  private static String render(
      Family family, RuleRef place, Target target, Optional<Protocol> protocol) {
    return TargetArgs.restoreText(family, place, target, protocol);
  }

  @Test
  void rejectsANatPortWithoutAPortProtocol() {
    RuleRef place = RuleRef.of(TableName.NAT, "PREROUTING", 2);
    assertThatThrownBy(
            () ->
                render(
                    Family.IPV4,
                    place,
                    Dnat.to(Cidr.parse("172.18.0.2"), 80),
                    Optional.of(Protocol.ESP)))
        .isInstanceOfSatisfying(
            UnsupportedFeatureException.class, e -> assertThat(e.place()).isEqualTo(place))
        .hasMessage(
            "table nat, chain PREROUTING, rule 2: iptables cannot express a nat port without a"
                + " tcp, udp or sctp protocol match: 80");
  }

  @Test
  void rejectsRejectInPrerouting() {
    RuleRef place = RuleRef.of(TableName.MANGLE, "PREROUTING", 1);
    assertThatThrownBy(() -> render(Family.IPV6, place, Reject.of(), Optional.empty()))
        .isInstanceOfSatisfying(
            UnsupportedFeatureException.class, e -> assertThat(e.place()).isEqualTo(place))
        .hasMessage(
            "table mangle, chain PREROUTING, rule 1: ip6tables cannot express REJECT outside"
                + " INPUT, FORWARD and OUTPUT (the only chains REJECT works in): PREROUTING");
  }

  @Test
  void writesASnatPortWithItsProtocol() {
    RuleRef place = RuleRef.of(TableName.NAT, "POSTROUTING", 1);
    assertThat(
            render(
                Family.IPV4,
                place,
                Snat.to(Cidr.parse("192.0.2.1"), 53),
                Optional.of(Protocol.UDP)))
        .isEqualTo("-j SNAT --to-source 192.0.2.1:53");
  }
}
