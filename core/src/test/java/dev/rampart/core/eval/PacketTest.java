package dev.rampart.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.PacketTypeMatch;
import dev.rampart.core.match.TcpFlag;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacketTest {
  private static final Packet SSH =
      Packet.tcp().from("203.0.113.9").to("198.51.100.1", 22).in("eth0");

  @Test
  void aNewTcpPacketIsASynAndAnyOtherAnAck() {
    assertThat(SSH.tcpFlags()).containsExactly(TcpFlag.SYN);
    assertThat(SSH.state(ConnState.ESTABLISHED).tcpFlags()).containsExactly(TcpFlag.ACK);
    assertThat(Packet.udp().from("203.0.113.9").to("198.51.100.1", 53).tcpFlags()).isEmpty();
  }

  @Test
  void thePacketTypeFollowsTheDestinationUnlessGiven() {
    assertThat(SSH.packetType()).isEqualTo(PacketTypeMatch.Type.UNICAST);
    assertThat(Packet.udp().from("10.0.0.2").to("224.0.0.251", 5353).packetType())
        .isEqualTo(PacketTypeMatch.Type.MULTICAST);
    assertThat(Packet.udp().from("10.0.0.2").to("255.255.255.255", 67).packetType())
        .isEqualTo(PacketTypeMatch.Type.BROADCAST);
    assertThat(SSH.packetType(PacketTypeMatch.Type.BROADCAST).packetType())
        .isEqualTo(PacketTypeMatch.Type.BROADCAST);
  }

  @Test
  void macPacketTypeOwnerAndFlagsArePrintedAndParsedBack() {
    Packet p =
        SSH.mac("52:54:00:AB:CD:EF")
            .packetType(PacketTypeMatch.Type.UNICAST)
            .uid(1000)
            .gid(100)
            .tcpFlags(List.of(TcpFlag.SYN, TcpFlag.ACK));

    assertThat(p.toString())
        .endsWith(" mac 52:54:00:ab:cd:ef pkttype unicast uid 1000 gid 100 flags syn,ack");
    assertThat(Packet.parse(p.toString())).isEqualTo(p);
    assertThat(p.sourceMac()).contains("52:54:00:ab:cd:ef");
    assertThat(p.uid()).hasValue(1000);
    assertThat(p.gid()).hasValue(100);
  }

  @Test
  void rejectsAMalformedMacAddress() {
    assertThatThrownBy(() -> SSH.mac("52:54:00:ab:cd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("packet: not a mac address (six hex pairs with colons): 52:54:00:ab:cd");
  }

  @Test
  void rejectsTcpFlagsOnAUdpPacket() {
    assertThatThrownBy(
            () -> Packet.udp().from("10.0.0.2").to("10.0.0.1", 53).tcpFlags(List.of(TcpFlag.SYN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("packet: tcp flags need tcp: udp");
  }
}
