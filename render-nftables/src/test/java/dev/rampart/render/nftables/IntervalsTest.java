package dev.rampart.render.nftables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Cidr;
import dev.rampart.core.match.PortRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntervalsTest {
  @Test
  void mergesAdjacentPrefixesIntoPrefixesOrRanges() {
    assertThat(
            Intervals.addresses(
                List.of(
                    Cidr.parse("10.0.0.128/25"),
                    Cidr.parse("10.0.0.0/25"),
                    Cidr.parse("10.0.1.0/24"))))
        .isEqualTo("10.0.0.0/23");
    assertThat(
            Intervals.addresses(List.of(Cidr.parse("2001:db8::1"), Cidr.parse("2001:db8::2/127"))))
        .isEqualTo("2001:db8::1-2001:db8::3");
  }

  @Test
  void keepsSingleHostsAndPortsSortedWithoutMerging() {
    assertThat(Intervals.addresses(List.of(Cidr.parse("10.0.0.2"), Cidr.parse("10.0.0.1"))))
        .isEqualTo("10.0.0.1, 10.0.0.2");
    assertThat(Intervals.ports(List.of(PortRange.of(23), PortRange.of(22)))).isEqualTo("22, 23");
    assertThat(Intervals.ports(List.of(PortRange.of(23), PortRange.range(20, 22))))
        .isEqualTo("20-23");
  }

  @Test
  void dropsSetElementsInsideOthers() {
    assertThat(
            Intervals.withoutContained(
                List.of(
                    Cidr.parse("10.1.0.0/16"), Cidr.parse("10.0.0.0/8"), Cidr.parse("192.0.2.1"))))
        .containsExactly(Cidr.parse("10.0.0.0/8"), Cidr.parse("192.0.2.1"));
  }
}
