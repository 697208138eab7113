package dev.rampart.samples;

import static dev.rampart.samples.SwarmLab.NODE_PUBLIC;
import static dev.rampart.samples.SwarmLab.NODE_WAN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.dsl.swarm.SourceSet;
import dev.rampart.dsl.swarm.SwarmHost;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
      "ferm",
      "iptables-legacy",
      "sh"
    })
class SwarmHostKernelTest {
  private static final List<String> DOCKER_VXLAN_DROP =
      List.of(
          "-I", "INPUT", "-m", "policy", "--dir", "in", "--pol", "none", "-p", "udp", "--dport",
          "4789", "-j", "DROP");

  static Set<String> backends() {
    return SwarmLab.backendNames();
  }

  private static SwarmHost.Builder worker() {
    return SwarmHost.worker()
        .externalInterfaces("eth0")
        .trustedNodes(SourceSet.trustedNodes("192.0.2.20"));
  }

  private static boolean vxlanAnswers(
      String backend, SwarmLab s, SwarmHost host, boolean dockerDrop, Path dir) {
    SwarmLab.Backend b = SwarmLab.backends().get(backend);
    if (dockerDrop) {
      List<String> argv = new ArrayList<>(List.of(b.dockerBinary()));
      argv.addAll(DOCKER_VXLAN_DROP);
      s.node.run(argv.toArray(new String[0]));
    }
    s.apply(SwarmLab.write(b, host.ruleset(), dir));
    if (backend.equals("iptables")) {
      assertThat(s.node.run("iptables", "-S", "INPUT").lines().skip(1).findFirst())
          .as("our jump comes first")
          .contains("-A INPUT -m comment --comment \"host rules\" -j FILTERS");
    }
    return s.peer.udpAnswers(NODE_PUBLIC, 4789);
  }

  /** Whether Docker's drop of unencrypted VXLAN is still in INPUT. */
  private static boolean dockerDropKept(String backend, SwarmLab s) {
    String binary = SwarmLab.backends().get(backend).dockerBinary();
    return s.node.run(binary, "-S", "INPUT").contains("--pol none");
  }

  @ParameterizedTest
  @MethodSource("backends")
  void encryptedOverlaysLeavePlainVxlanToDockersDrop(
      String backend, KernelLab lab, @TempDir Path dir) {
    SwarmLab s = SwarmLab.open(lab, SwarmLab.backends().get(backend).dockerBinary());
    boolean answers = vxlanAnswers(backend, s, worker().encryptedOverlays(true).build(), true, dir);
    boolean kept = dockerDropKept(backend, s);
    assertThat(kept)
        .as(
            "Docker's INPUT drop survives the apply; ferm rewrites INPUT whole and wipes it until"
                + " Docker inserts it again (a render-ferm gap)")
        .isEqualTo(!backend.equals("ferm"));
    assertThat(answers)
        .as("plain vxlan answers exactly when Docker's drop is gone")
        .isEqualTo(!kept);
  }

  @ParameterizedTest
  @MethodSource("backends")
  void encryptedOverlaysStillCarryUnencryptedNetworksFromTrustedNodes(
      String backend, KernelLab lab, @TempDir Path dir) {
    SwarmLab s = SwarmLab.open(lab, SwarmLab.backends().get(backend).dockerBinary());
    assertThat(vxlanAnswers(backend, s, worker().encryptedOverlays(true).build(), false, dir))
        .isTrue();
    assertThat(s.client.udpAnswers(NODE_WAN, 4789)).as("from the internet").isFalse();
  }

  /**
   * With iptables (and ferm, which writes iptables rules) an ACCEPT in our chain ends INPUT before
   * Docker's drop; with nftables an accept only ends our base chain and Docker's (iptables-nft)
   * INPUT still drops.
   */
  @ParameterizedTest
  @MethodSource("backends")
  void withoutEncryptedOverlaysAnIptablesAcceptPreemptsDockersDrop(
      String backend, KernelLab lab, @TempDir Path dir) {
    SwarmLab s = SwarmLab.open(lab, SwarmLab.backends().get(backend).dockerBinary());
    assertThat(vxlanAnswers(backend, s, worker().build(), true, dir))
        .as("why encryptedOverlays(true) must be declared when encrypted networks exist")
        .isEqualTo(!backend.equals("nftables"));
  }
}
