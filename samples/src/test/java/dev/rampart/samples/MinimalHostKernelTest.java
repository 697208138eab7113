package dev.rampart.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Ruleset;
import dev.rampart.render.iptables.IptablesRenderer;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Link;
import dev.rampart.testing.Netns;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** minimal-host with real packets: SSH answers, nothing else does, over IPv4 and IPv6. */
@KernelTest(tools = {"ip", "iptables-restore", "ip6tables-restore"})
class MinimalHostKernelTest {
  private static final List<Integer> PORTS = List.of(22, 2222, 8080);

  @Test
  void answersOnSshOnlyOverBothFamilies(KernelLab lab) {
    Netns host = lab.namespace("host");
    Netns client = lab.namespace("client");
    Link link = lab.link(host, client);
    host.listen(PORTS, List.of());
    for (Family f : Family.values()) {
      assertThat(client.tcpAnswers(link.address(host, f), PORTS))
          .as("before the policy, over " + f)
          .containsValues(true)
          .doesNotContainValue(false);
    }

    Ruleset rs = new MinimalHost().ruleset();
    host.runWithInput(IptablesRenderer.of(RenderMode.OWN).render(rs), "iptables-restore");
    host.runWithInput(
        IptablesRenderer.builder().family(Family.IPV6).mode(RenderMode.OWN).build().render(rs),
        "ip6tables-restore");
    host.run("ip", "neigh", "flush", "all"); // IPv6 must now pass neighbour discovery again
    client.run("ip", "neigh", "flush", "all");

    for (Family f : Family.values()) {
      InetAddress dst = link.address(host, f);
      assertThat(client.tcpAnswers(dst, PORTS))
          .as("with the policy, over " + f)
          .isEqualTo(Map.of(22, true, 2222, false, 8080, false));
    }
  }
}
