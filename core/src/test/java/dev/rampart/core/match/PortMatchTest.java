package dev.rampart.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PortMatchTest {

  @Test
  void matchesDestinationOrSourcePorts() {
    PortMatch d = PortMatch.destination(List.of(PortRange.of(22)));
    assertThat(d.direction()).isEqualTo(Direction.DESTINATION);
    assertThat(d.negated()).isFalse();
    assertThat(d.isSingleRange()).isTrue();
    assertThat(PortMatch.source(List.of(PortRange.of(53))).direction()).isEqualTo(Direction.SOURCE);
  }

  @Test
  void negatesAndNegatesBack() {
    PortMatch d = PortMatch.destination(List.of(PortRange.of(22)));
    assertThat(d.negate().negated()).isTrue();
    assertThat(d.negate().negate()).isEqualTo(d);
  }

  @Test
  void keepsTheListInGivenOrder() {
    PortMatch m = PortMatch.destination(List.of(PortRange.of(443), PortRange.of(80)));
    assertThat(m.ports()).containsExactly(PortRange.of(443), PortRange.of(80));
    assertThat(m.isSingleRange()).isFalse();
  }

  @Test
  void rejectsAnEmptyList() {
    assertThatThrownBy(() -> PortMatch.destination(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port list is empty");
  }

  @Test
  void holdsAPortTwiceAsTheKernelDoes() {
    assertThat(PortMatch.destination(List.of(PortRange.of(80), PortRange.of(80))).ports())
        .containsExactly(PortRange.of(80), PortRange.of(80));
  }

  @Test
  void acceptsFifteenPorts() {
    assertThat(PortMatch.destination(ports(15)).ports()).hasSize(15);
  }

  @Test
  void rejectsSixteenPorts() {
    assertThatThrownBy(() -> PortMatch.destination(ports(16)))
        .hasMessage(
            "port list longer than 15 ports (a range counts twice): "
                + "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]");
  }

  @Test
  void countsARangeTwice() {
    List<PortRange> fourteenPlusRange =
        IntStream.rangeClosed(1, 14)
            .mapToObj(PortRange::of)
            .collect(java.util.stream.Collectors.toList());
    fourteenPlusRange.add(PortRange.range(100, 200));
    assertThatThrownBy(() -> PortMatch.destination(fourteenPlusRange))
        .hasMessageStartingWith("port list longer than 15 ports (a range counts twice): [1, 2,")
        .hasMessageEndingWith(", 14, 100-200]");
    List<PortRange> thirteenPlusRange = fourteenPlusRange.subList(1, 15);
    assertThat(PortMatch.source(thirteenPlusRange).ports()).hasSize(14);
  }

  private static List<PortRange> ports(int n) {
    return IntStream.rangeClosed(1, n).mapToObj(PortRange::of).toList();
  }
}
