package dev.rampart.samples;

import static dev.rampart.samples.SwarmLab.NODE_PUBLIC;
import static dev.rampart.samples.SwarmLab.NODE_WAN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.dsl.swarm.SourceSet;
import dev.rampart.dsl.swarm.SwarmHost;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The swarm preset's data-path rules against Docker's drop of unencrypted VXLAN (CVE-2023-28840):
 * Docker inserts {@code -m policy --dir in --pol none -p udp --dport 4789 -j DROP} at the top of
 * INPUT for encrypted networks (here without the per-VNI {@code u32} match, i.e. as if every
 * network were encrypted); the policy's jump is inserted above it afterwards.
 */
@KernelTest(
    tools = {"ip", "ipset", "iptables", "iptables-restore", "ip6tables", "ip6tables-restore", "sh"})
class SwarmHostKernelTest {
  private static final String[] DOCKER_VXLAN_DROP = {
    "iptables",
    "-I",
    "INPUT",
    "-m",
    "policy",
    "--dir",
    "in",
    "--pol",
    "none",
    "-p",
    "udp",
    "--dport",
    "4789",
    "-j",
    "DROP"
  };

  private static SwarmHost.Builder worker() {
    return SwarmHost.worker()
        .externalInterfaces("eth0")
        .trustedNodes(SourceSet.trustedNodes("192.0.2.20"));
  }

  private static boolean vxlanAnswers(SwarmLab s, SwarmHost host, boolean dockerDrop, Path dir) {
    if (dockerDrop) {
      s.node.run(DOCKER_VXLAN_DROP);
    }
    s.apply(SwarmLab.write(host.ruleset(), dir));
    assertThat(s.node.run("iptables", "-S", "INPUT").lines().skip(1).findFirst())
        .as("our jump comes first")
        .contains("-A INPUT -m comment --comment \"host rules\" -j FILTERS");
    return s.peer.udpAnswers(NODE_PUBLIC, 4789);
  }

  @Test
  void encryptedOverlaysLeavePlainVxlanToDockersDrop(KernelLab lab, @TempDir Path dir) {
    SwarmLab s = SwarmLab.open(lab);
    assertThat(vxlanAnswers(s, worker().encryptedOverlays(true).build(), true, dir)).isFalse();
  }

  @Test
  void encryptedOverlaysStillCarryUnencryptedNetworksFromTrustedNodes(
      KernelLab lab, @TempDir Path dir) {
    SwarmLab s = SwarmLab.open(lab);
    assertThat(vxlanAnswers(s, worker().encryptedOverlays(true).build(), false, dir)).isTrue();
    assertThat(s.client.udpAnswers(NODE_WAN, 4789)).as("from the internet").isFalse();
  }

  @Test
  void withoutEncryptedOverlaysThePolicysAcceptWouldPreemptDockersDrop(
      KernelLab lab, @TempDir Path dir) {
    SwarmLab s = SwarmLab.open(lab);
    assertThat(vxlanAnswers(s, worker().build(), true, dir))
        .as("why encryptedOverlays(true) must be declared when encrypted networks exist")
        .isTrue();
  }
}
