package dev.rampart.core.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Family;
import org.junit.jupiter.api.Test;

class RejectTest {

  @Test
  void rejectsWithTheFamilysDefaultUnlessTold() {
    assertThat(Reject.of().with()).isEmpty();
    assertThat(Reject.with(Reject.With.TCP_RESET).with()).contains(Reject.With.TCP_RESET);
    assertThat(Reject.of().terminating()).isTrue();
    assertThat(Reject.of().natOnly()).isFalse();
  }

  @Test
  void knowsTheFamilyOfEachError() {
    assertThat(Reject.With.ICMP_PORT_UNREACHABLE.families()).containsExactly(Family.IPV4);
    assertThat(Reject.With.ICMP_HOST_PROHIBITED.families()).containsExactly(Family.IPV4);
    assertThat(Reject.With.ICMP6_ADDR_UNREACHABLE.families()).containsExactly(Family.IPV6);
    assertThat(Reject.With.TCP_RESET.families()).containsExactly(Family.IPV4, Family.IPV6);
  }

  @Test
  void givesEveryIcmpErrorExactlyOneFamily() {
    for (Reject.With w : Reject.With.values()) {
      assertThat(w.families())
          .as(w.name())
          .hasSize(w == Reject.With.TCP_RESET ? 2 : 1)
          .containsExactly(
              w == Reject.With.TCP_RESET
                  ? new Family[] {Family.IPV4, Family.IPV6}
                  : new Family[] {w.name().startsWith("ICMP6") ? Family.IPV6 : Family.IPV4});
    }
  }

  @Test
  void namesEachErrorAsIptablesDoes() {
    assertThat(Reject.With.ICMP_ADMIN_PROHIBITED.label()).isEqualTo("icmp-admin-prohibited");
    assertThat(Reject.With.ICMP6_ADM_PROHIBITED.label()).isEqualTo("icmp6-adm-prohibited");
    assertThat(Reject.With.TCP_RESET.label()).isEqualTo("tcp-reset");
  }

  @Test
  void parsesEveryLabelBackAndNothingElse() {
    for (Reject.With w : Reject.With.values()) {
      assertThat(Reject.With.tryParse(w.label())).as(w.name()).contains(w);
    }
    assertThat(Reject.With.tryParse("icmp-net-prohibited")).isEmpty();
    assertThat(Reject.With.tryParse("TCP_RESET")).isEmpty();
  }

  @Test
  void defaultsToPortUnreachableOfTheFamily() {
    assertThat(Reject.With.defaultFor(Family.IPV4)).isEqualTo(Reject.With.ICMP_PORT_UNREACHABLE);
    assertThat(Reject.With.defaultFor(Family.IPV6)).isEqualTo(Reject.With.ICMP6_PORT_UNREACHABLE);
    assertThat(Reject.of().mayContinue()).isFalse();
    assertThat(Reject.of().isGoto()).isFalse();
  }
}
