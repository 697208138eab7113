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

  private static void insertDockerDrop(String backend, SwarmLab s) {
    List<String> argv = new ArrayList<>(List.of(SwarmLab.backends().get(backend).dockerBinary()));
    argv.addAll(DOCKER_VXLAN_DROP);
    s.node.run(argv.toArray(new String[0]));
  }

  private static boolean vxlanAnswers(
      String backend, SwarmLab s, SwarmHost host, boolean dockerDrop, Path dir) {
    SwarmLab.Backend b = SwarmLab.backends().get(backend);
    if (dockerDrop) {
      insertDockerDrop(backend, s);
    }
    s.apply(SwarmLab.write(b, host.ruleset(), dir));
    if (backend.equals("iptables")) {
      assertThat(s.node.run("iptables", "-S", "INPUT").lines().skip(1).findFirst())
          .as("our jump comes first")
          .contains("-A INPUT -m comment --comment rampart -j RAMPART-INPUT");
      assertThat(s.node.run("iptables", "-S", "RAMPART-INPUT").lines().skip(1).findFirst())
          .as("then the host chain")
          .contains("-A RAMPART-INPUT -m comment --comment \"host rules\" -j FILTERS");
    }
    return s.peer.udpAnswers(NODE_PUBLIC, 4789);
  }

  /** The rules of INPUT in the flavour Docker (and ferm) write, as {@code -S} prints them. */
  private static List<String> inputRules(String backend, SwarmLab s) {
    String binary = SwarmLab.backends().get(backend).dockerBinary();
    return s.node.run(binary, "-S", "INPUT").lines().filter(l -> l.startsWith("-A ")).toList();
  }

  private static boolean ours(String rule) {
    // ferm jumps to the host chain; iptables' coexist layout to RAMPART-INPUT, which holds it
    return rule.endsWith(" -j FILTERS") || rule.endsWith(" -j RAMPART-INPUT");
  }

  /**
   * Every backend, ferm included (it keeps INPUT with {@code @preserve} and inserts its jump by a
   * hook), leaves Docker's INPUT rules as they were; iptables and ferm add their jump once, on top
   * (nftables writes its own table), and applying again changes nothing.
   */
  @ParameterizedTest
  @MethodSource("backends")
  void encryptedOverlaysLeavePlainVxlanToDockersDrop(
      String backend, KernelLab lab, @TempDir Path dir) {
    SwarmLab s = SwarmLab.open(lab, SwarmLab.backends().get(backend).dockerBinary());
    insertDockerDrop(backend, s);
    List<String> docker = inputRules(backend, s);
    assertThat(docker).hasSize(1).allMatch(r -> r.contains("--pol none"));
    SwarmHost host = worker().encryptedOverlays(true).build();
    boolean answers = vxlanAnswers(backend, s, host, false, dir);
    List<String> applied = inputRules(backend, s);
    assertThat(applied.stream().filter(r -> !ours(r)).toList())
        .as("Docker's INPUT rules survive the apply byte-identical")
        .isEqualTo(docker);
    if (!backend.equals("nftables")) {
      assertThat(applied.stream().filter(SwarmHostKernelTest::ours)).as("our jump").hasSize(1);
      assertThat(ours(applied.get(0))).as("our jump comes first: %s", applied).isTrue();
    }
    assertThat(answers).as("plain vxlan is dropped by Docker's rule").isFalse();
    s.apply(SwarmLab.write(SwarmLab.backends().get(backend), host.ruleset(), dir));
    assertThat(inputRules(backend, s)).as("applied again").isEqualTo(applied);
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
