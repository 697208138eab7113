package dev.rampart.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Cidr;
import dev.rampart.core.match.PortRange;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleArgsTest {
  @Test
  void turnsPortsIntoSinglePortRangesInOrder() {
    assertThat(RuleArgs.ports(443, 80)).containsExactly(PortRange.of(443), PortRange.of(80));
  }

  @Test
  void parsesEachCidr() {
    assertThat(RuleArgs.cidrs(List.of("10.0.0.0/8", "fd00::1")))
        .containsExactly(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::1"));
  }

  @Test
  void namesANullElement() {
    assertThatThrownBy(() -> RuleArgs.cidrs(Arrays.asList("10.0.0.1", nothing())))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("cidrs element");
    assertThatThrownBy(() -> RuleArgs.ranges(Arrays.asList(PortRange.of(1), nothing())))
        .hasMessage("ports element");
  }

  @SuppressWarnings("NullAway") // the point: a caller without null checks passes null
  private static <T> T nothing() {
    return null;
  }
}
