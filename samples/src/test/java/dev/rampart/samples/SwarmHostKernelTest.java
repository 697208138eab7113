package dev.rampart.samples;

import static dev.rampart.samples.SwarmLab.NODE_PUBLIC;
import static dev.rampart.samples.SwarmLab.NODE_WAN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.dsl.swarm.SourceSet;
import dev.rampart.dsl.swarm.SwarmHost;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The swarm preset's data-path rules against Docker's drop of unencrypted VXLAN (CVE-2023-28840),
 * for every backend: Docker inserts {@code -m policy --dir in --pol none -p udp --dport 4789 -j
 * DROP} at the top of INPUT for encrypted networks (here without the per-VNI {@code u32} match, as
 * if every network were encrypted); the policy is applied afterwards, so with iptables its jump
 * sits above Docker's drop.
 */
@KernelTest(
    tools = {
      "ip",
      "ipset",
      "iptables",
      "iptables-restore",
      "ip6tables",
      "ip6tables-restore",
      "nft",
      "sh"
    })
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

  static Set<String> backends() {
    return Backends.BUNDLES.keySet();
  }

  private static SwarmHost.Builder worker() {
    return SwarmHost.worker()
        .externalInterfaces("eth0")
        .trustedNodes(SourceSet.trustedNodes("192.0.2.20"));
  }

  private static boolean vxlanAnswers(
      String backend, SwarmLab s, SwarmHost host, boolean dockerDrop, Path dir) {
    if (dockerDrop) {
      s.node.run(DOCKER_VXLAN_DROP);
    }
    s.apply(SwarmLab.write(backend, host.ruleset(), dir));
    if (backend.equals("iptables")) {
      assertThat(s.node.run("iptables", "-S", "INPUT").lines().skip(1).findFirst())
          .as("our jump comes first")
          .contains("-A INPUT -m comment --comment \"host rules\" -j FILTERS");
    }
    return s.peer.udpAnswers(NODE_PUBLIC, 4789);
  }

  @ParameterizedTest
  @MethodSource("backends")
  void encryptedOverlaysLeavePlainVxlanToDockersDrop(
      String backend, KernelLab lab, @TempDir Path dir) {
    SwarmLab s = SwarmLab.open(lab);
    assertThat(vxlanAnswers(backend, s, worker().encryptedOverlays(true).build(), true, dir))
        .isFalse();
  }

  @ParameterizedTest
  @MethodSource("backends")
  void encryptedOverlaysStillCarryUnencryptedNetworksFromTrustedNodes(
      String backend, KernelLab lab, @TempDir Path dir) {
    SwarmLab s = SwarmLab.open(lab);
    assertThat(vxlanAnswers(backend, s, worker().encryptedOverlays(true).build(), false, dir))
        .isTrue();
    assertThat(s.client.udpAnswers(NODE_WAN, 4789)).as("from the internet").isFalse();
  }

  /**
   * With iptables an ACCEPT in our chain ends INPUT before Docker's drop; with nftables an accept
   * only ends our base chain and Docker's (iptables-nft) INPUT still drops.
   */
  @ParameterizedTest
  @MethodSource("backends")
  void withoutEncryptedOverlaysOnlyIptablesLetsTheAcceptPreemptDockersDrop(
      String backend, KernelLab lab, @TempDir Path dir) {
    SwarmLab s = SwarmLab.open(lab);
    assertThat(vxlanAnswers(backend, s, worker().build(), true, dir))
        .as("why encryptedOverlays(true) must be declared when encrypted networks exist")
        .isEqualTo(backend.equals("iptables"));
  }
}
