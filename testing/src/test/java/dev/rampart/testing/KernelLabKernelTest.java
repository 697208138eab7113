package dev.rampart.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Family;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@KernelTest
class KernelLabKernelTest {

  private static String netnsList() {
    return Exec.check("", List.of("ip", "netns", "list"));
  }

  @Test
  void createsNamespacesAndDeletesThemOnClose() {
    KernelLab lab = KernelLab.open();
    Netns first = lab.namespace("first");
    Netns second = lab.namespace("second");

    assertThat(netnsList()).contains(first.name()).contains(second.name());
    lab.close();

    assertThat(netnsList()).doesNotContain(first.name()).doesNotContain(second.name());
  }

  @Test
  void namesNamespacesAfterTheRoleUniquelyAndShortly() {
    try (KernelLab lab = KernelLab.open()) {
      Netns one = lab.namespace("client");
      Netns two = lab.namespace("client");

      assertThat(one.name()).matches("rp[0-9a-z]+-[0-9]+-client").hasSizeLessThan(30);
      assertThat(two.name()).isNotEqualTo(one.name());
    }
  }

  @Test
  void bringsLoopbackUp(KernelLab lab) {
    Netns ns = lab.namespace("lo");

    assertThat(ns.run("ip", "-o", "link", "show", "lo")).contains("state UNKNOWN").contains(",UP");
  }

  @Test
  void deletesNamespacesEvenAfterACommandFailed() {
    KernelLab lab = KernelLab.open();
    Netns ns = lab.namespace("failing");

    assertThatThrownBy(() -> ns.run("false")).isInstanceOf(AssertionError.class);
    lab.close();

    assertThat(netnsList()).doesNotContain(ns.name());
  }

  @Test
  void linkCarriesTcpAndUdpBothWaysOverIpv4AndIpv6(KernelLab lab) {
    Netns left = lab.namespace("left");
    Netns right = lab.namespace("right");
    Link link = lab.link(left, right);
    left.listen(List.of(7001), List.of(7002));
    right.listen(List.of(7001), List.of(7002));

    for (Family family : Family.values()) {
      InetAddress toRight = link.address(right, family);
      InetAddress toLeft = link.address(left, family);
      assertThat(left.tcpAnswers(toRight, 7001)).as("tcp left->right %s", family).isTrue();
      assertThat(left.udpAnswers(toRight, 7002)).as("udp left->right %s", family).isTrue();
      assertThat(right.tcpAnswers(toLeft, 7001)).as("tcp right->left %s", family).isTrue();
      assertThat(right.udpAnswers(toLeft, 7002)).as("udp right->left %s", family).isTrue();
    }
  }

  @Test
  void portWithoutListenerDoesNotAnswer(KernelLab lab) {
    Netns client = lab.namespace("client");
    Netns server = lab.namespace("server");
    Link link = lab.link(client, server);
    server.listen(List.of(7001), List.of(7002));

    for (Family family : Family.values()) {
      InetAddress dst = link.address(server, family);
      assertThat(client.tcpAnswers(dst, List.of(7001, 7003)))
          .as("tcp %s", family)
          .isEqualTo(Map.of(7001, true, 7003, false));
      assertThat(client.udpAnswers(dst, List.of(7002, 7004)))
          .as("udp %s", family)
          .isEqualTo(Map.of(7002, true, 7004, false));
    }
  }

  @Test
  void closeStopsListeners() {
    KernelLab lab = KernelLab.open();
    Netns ns = lab.namespace("listener");
    Listener listener = ns.listen(List.of(7001), List.of());
    assertThat(listener.isAlive()).isTrue();

    lab.close();

    assertThat(listener.isAlive()).isFalse();
    assertThat(netnsList()).doesNotContain(ns.name());
  }
}
