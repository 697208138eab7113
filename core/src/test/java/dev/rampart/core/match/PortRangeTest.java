package dev.rampart.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortRangeTest {

  @Test
  void isASinglePortOrAnInclusiveRange() {
    assertThat(PortRange.of(22).isSingle()).isTrue();
    assertThat(PortRange.of(22)).hasToString("22");
    assertThat(PortRange.range(30000, 32767).isSingle()).isFalse();
    assertThat(PortRange.range(30000, 32767)).hasToString("30000-32767");
    assertThat(PortRange.range(22, 22)).isEqualTo(PortRange.of(22));
  }

  @Test
  void containsItsEndsAndNothingOutside() {
    PortRange r = PortRange.range(1000, 2000);
    assertThat(r.contains(1000)).isTrue();
    assertThat(r.contains(2000)).isTrue();
    assertThat(r.contains(999)).isFalse();
    assertThat(r.contains(2001)).isFalse();
  }

  @Test
  void acceptsTheWholePortSpace() {
    assertThat(PortRange.range(0, 65535).contains(0)).isTrue();
  }

  @Test
  void rejectsPortsOutOfRange() {
    assertThatThrownBy(() -> PortRange.of(65536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port out of range [0, 65535]: 65536");
    assertThatThrownBy(() -> PortRange.of(-1)).hasMessage("port out of range [0, 65535]: -1");
    assertThatThrownBy(() -> PortRange.range(1, 70000))
        .hasMessage("port out of range [0, 65535]: 70000");
  }

  @Test
  void rejectsAReversedRange() {
    assertThatThrownBy(() -> PortRange.range(2000, 1000))
        .hasMessage("port range is reversed: 2000-1000");
  }

  @Test
  void sortsByFirstThenLastPort() {
    List<PortRange> l =
        new ArrayList<>(List.of(PortRange.range(22, 30), PortRange.of(80), PortRange.of(22)));
    Collections.sort(l);
    assertThat(l).containsExactly(PortRange.of(22), PortRange.range(22, 30), PortRange.of(80));
  }
}
