package dev.rampart.render.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Family;
import org.junit.jupiter.api.Test;

class IcmpNamesTest {
  @Test
  void readsNumbersTypeCodePairsAndNamesPerFamily() {
    assertThat(IcmpNames.parse(Family.IPV4, "8")).containsExactly(8, -1);
    assertThat(IcmpNames.parse(Family.IPV4, "3/4")).containsExactly(3, 4);
    assertThat(IcmpNames.parse(Family.IPV4, "echo-request")).containsExactly(8, -1);
    assertThat(IcmpNames.parse(Family.IPV6, "echo-request")).containsExactly(128, -1);
    assertThat(IcmpNames.parse(Family.IPV6, "neighbour-solicitation")).containsExactly(135, -1);
    assertThat(IcmpNames.parse(Family.IPV4, "no-such-type")).isNull();
    assertThat(IcmpNames.parse(Family.IPV4, "3/256")).isNull();
  }
}
