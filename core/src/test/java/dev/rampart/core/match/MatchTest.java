package dev.rampart.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Cidr;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatchTest {

  @Test
  void everyKindDispatchesToItsOwnVisitorMethod() {
    assertThat(AddressMatch.source(List.of(Cidr.parse("10.0.0.0/8"))).accept(KindOf.INSTANCE))
        .isEqualTo("address");
    assertThat(SetMatch.source("s").accept(KindOf.INSTANCE)).isEqualTo("set");
    assertThat(PortMatch.destination(List.of(PortRange.of(1))).accept(KindOf.INSTANCE))
        .isEqualTo("port");
    assertThat(InterfaceMatch.in("lo").accept(KindOf.INSTANCE)).isEqualTo("interface");
    assertThat(ConntrackStateMatch.of(List.of(ConnState.NEW)).accept(KindOf.INSTANCE))
        .isEqualTo("conntrack state");
    assertThat(ConntrackOriginalMatch.destinationPort(PortRange.of(80)).accept(KindOf.INSTANCE))
        .isEqualTo("conntrack original");
    assertThat(IcmpTypeMatch.icmp(8).accept(KindOf.INSTANCE)).isEqualTo("icmp type");
    assertThat(LimitMatch.of(5, LimitMatch.Unit.SECOND).accept(KindOf.INSTANCE)).isEqualTo("limit");
    assertThat(
            PolicyMatch.of(PolicyMatch.Dir.IN, PolicyMatch.Processing.IPSEC)
                .accept(KindOf.INSTANCE))
        .isEqualTo("policy");
    assertThat(AddressTypeMatch.destination(AddressTypeMatch.Type.LOCAL).accept(KindOf.INSTANCE))
        .isEqualTo("address type");
    assertThat(MarkMatch.of(1).accept(KindOf.INSTANCE)).isEqualTo("mark");
  }

  @Test
  void otherKindsTestNoHeaderFieldAndNoSet() {
    List<Match> modules =
        List.of(
            PortMatch.destination(List.of(PortRange.of(22))),
            ConntrackStateMatch.of(List.of(ConnState.NEW)),
            IcmpTypeMatch.icmp(8),
            LimitMatch.of(5, LimitMatch.Unit.SECOND),
            MarkMatch.of(1));
    for (Match m : modules) {
      assertThat(m.headerField()).as(m.toString()).isEmpty();
      assertThat(m.namedSet()).as(m.toString()).isEmpty();
    }
  }
}
