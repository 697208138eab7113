package dev.rampart.render.iptables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.TableName;
import dev.rampart.core.UnsupportedFeatureException;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Snat;
import dev.rampart.core.target.Target;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TargetArgsTest {
  private static String render(Place place, Target target, Optional<Protocol> protocol) {
    return TargetArgs.of(place, target, protocol).stream()
        .map(Arg::restore)
        .collect(Collectors.joining(" "));
  }

  @Test
  void rejectsANatPortWithoutAPortProtocol() {
    Place place = new Place(Family.IPV4, TableName.NAT, "PREROUTING", 2);
    assertThatThrownBy(
            () -> render(place, Dnat.to(Cidr.parse("172.18.0.2"), 80), Optional.of(Protocol.ESP)))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "iptables cannot express a nat port without a tcp, udp or sctp protocol match: 80"
                + " (table nat, chain PREROUTING, rule 2)");
  }

  @Test
  void rejectsRejectInPrerouting() {
    Place place = new Place(Family.IPV6, TableName.MANGLE, "PREROUTING", 1);
    assertThatThrownBy(() -> render(place, Reject.of(), Optional.empty()))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "ip6tables cannot express REJECT in PREROUTING (REJECT works in INPUT, FORWARD and"
                + " OUTPUT only) (table mangle, chain PREROUTING, rule 1)");
  }

  @Test
  void writesASnatPortWithItsProtocol() {
    Place place = new Place(Family.IPV4, TableName.NAT, "POSTROUTING", 1);
    assertThat(render(place, Snat.to(Cidr.parse("192.0.2.1"), 53), Optional.of(Protocol.UDP)))
        .isEqualTo("-j SNAT --to-source 192.0.2.1:53");
  }
}
