package dev.rampart.testing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import dev.rampart.testing.internal.PortProbe.Ports;
import dev.rampart.testing.internal.PortProbe.Target;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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

  /**
   * A reply the kernel refuses to send (unroutable, refused: {@code send} throws a {@link
   * SocketException}) loses that one datagram's echo only; the listener keeps echoing until its
   * socket is closed.
   */
  @Test
  void keepsEchoingDatagramsAfterAFailedSend() throws Exception {
    AtomicInteger failures = new AtomicInteger(1);
    DatagramSocket listener =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)) {
          @Override
          public void send(DatagramPacket p) throws IOException {
            if (failures.getAndDecrement() > 0) {
              throw new SocketException("Network is unreachable");
            }
            super.send(p);
          }
        };
    Thread echo = new Thread(() -> PortProbe.echoDatagrams(listener), "udp-echo-test");
    echo.setDaemon(true);
    echo.start();
    try (DatagramSocket client = new DatagramSocket()) {
      client.setSoTimeout(PortProbe.TIMEOUT_MILLIS);
      client.connect(listener.getLocalSocketAddress());
      assertThat(exchange(client, "first")).as("the echo whose send fails").isNull();
      assertThat(exchange(client, "second")).as("the next datagram").isEqualTo("second");
    } finally {
      listener.close();
    }
    echo.join(5 * PortProbe.TIMEOUT_MILLIS);
    assertThat(echo.isAlive()).as("the echo stops once its socket is closed").isFalse();
  }

  /** Sends {@code text}, returns the reply, or null when none comes within the timeout. */
  private static String exchange(DatagramSocket client, String text) throws IOException {
    byte[] out = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    client.send(new DatagramPacket(out, out.length));
    DatagramPacket reply = new DatagramPacket(new byte[64], 64);
    try {
      client.receive(reply);
    } catch (SocketTimeoutException e) {
      return null;
    }
    return new String(
        reply.getData(),
        reply.getOffset(),
        reply.getLength(),
        java.nio.charset.StandardCharsets.UTF_8);
  }
}
