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
}
