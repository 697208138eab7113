package dev.rampart.testing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import dev.rampart.testing.internal.PortProbe.Ports;
import dev.rampart.testing.internal.PortProbe.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortProbeTest {

  @Test
  void parsesListenPorts() {
    assertThat(PortProbe.parsePorts(List.of("--tcp", "22,80", "--udp", "53")))
        .isEqualTo(new Ports(List.of(22, 80), List.of(53)));
  }

  @Test
  void parsesNoListenPorts() {
    assertThat(PortProbe.parsePorts(List.of())).isEqualTo(new Ports(List.of(), List.of()));
  }

  @Test
  void rejectsAnUnknownListenOption() {
    assertThatThrownBy(() -> PortProbe.parsePorts(List.of("--sctp", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown option: --sctp");
  }

  @Test
  void rejectsAPortOutOfRange() {
    assertThatThrownBy(() -> PortProbe.parsePorts(List.of("--tcp", "22,70000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port out of range [1, 65535]: 70000");
  }

  @Test
  void rejectsAMissingPortList() {
    assertThatThrownBy(() -> PortProbe.parsePorts(List.of("--tcp")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("missing port list after --tcp");
  }

  @Test
  void parsesProbeTargetsOfBothFamilies() {
    assertThat(
            PortProbe.parseTargets(
                List.of("tcp", "10.201.1.2", "22", "udp", "fd00:201:1::2", "53")))
        .containsExactly(
            new Target("tcp", InetAddresses.forString("10.201.1.2"), 22),
            new Target("udp", InetAddresses.forString("fd00:201:1::2"), 53));
  }

  @Test
  void refusesAHostNameSoNoLookupHappens() {
    assertThatThrownBy(() -> PortProbe.parseTargets(List.of("tcp", "example.org", "80")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not an address literal: example.org");
  }

  @Test
  void rejectsAnUnknownProtocol() {
    assertThatThrownBy(() -> PortProbe.parseTargets(List.of("icmp", "10.0.0.1", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("protocol must be tcp or udp: icmp");
  }

  @Test
  void rejectsIncompleteTargets() {
    assertThatThrownBy(() -> PortProbe.parseTargets(List.of("tcp", "10.0.0.1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("targets come in triples (tcp|udp ADDRESS PORT): [tcp, 10.0.0.1]");
  }

  @Test
  void probesNothingQuickly() throws InterruptedException {
    assertThat(PortProbe.probe(List.of())).isEmpty();
  }
}
