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

  /** The checks' messages, made only when a check fails, name what is wrong. */
  @Test
  void rejectsImpossiblePacketsNamingTheProblem() {
    assertThatThrownBy(() -> Packet.tcp().from("192.0.2.1").to("2001:db8::1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("packet: addresses of two families: 192.0.2.1 > 2001:db8::1");
    assertThatThrownBy(() -> Packet.icmp().from("2001:db8::1"))
        .hasMessage("packet: icmp is IPv4 only, use icmpv6: 2001:db8::1 > *");
    assertThatThrownBy(() -> Packet.icmpv6(128, 0).from("192.0.2.1"))
        .hasMessage("packet: icmpv6 is IPv6 only, use icmp: 192.0.2.1 > *");
    assertThatThrownBy(() -> Packet.tcp().to("192.0.2.1", 70000))
        .hasMessage("packet: destination port out of range [0, 65535]: 70000");
    assertThatThrownBy(() -> Packet.icmp(256, 0))
        .hasMessage("packet: icmp type or code above 255: 256/0");
  }

  /** The checks make packets of the addresses they hold, as parsing their text would. */
  @Test
  void addressesTakenAsTheyAreMakeThePacketTheirTextMakes() throws Exception {
    java.net.InetAddress a = java.net.InetAddress.getByName("192.0.2.1");
    java.net.InetAddress b = java.net.InetAddress.getByName("198.51.100.7");
    assertThat(Packet.udp().from(a, 5000).to(b, 53).toString())
        .isEqualTo(Packet.udp().from("192.0.2.1", 5000).to("198.51.100.7", 53).toString());
    assertThat(Packet.of(dev.rampart.core.match.Protocol.ESP).between(a, b).toString())
        .isEqualTo(
            Packet.of(dev.rampart.core.match.Protocol.ESP)
                .from("192.0.2.1")
                .to("198.51.100.7")
                .toString());
  }
}
