package dev.rampart.samples;

import static dev.rampart.samples.SwarmLab.NODE_INTERNAL_NET;
import static dev.rampart.samples.SwarmLab.NODE_LAN;
import static dev.rampart.samples.SwarmLab.NODE_LAN6;
import static dev.rampart.samples.SwarmLab.NODE_PUBLIC;
import static dev.rampart.samples.SwarmLab.NODE_PUBLIC6;
import static dev.rampart.samples.SwarmLab.NODE_WAN;
import static dev.rampart.samples.SwarmLab.NODE_WAN6;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Ruleset;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Netns;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every swarm scenario in a {@link SwarmLab}: Docker's rules first (routing mesh publishing
 * 443/tcp, 8080/tcp and 5353/udp to the sandbox), then the scenario's bundle for each backend in
 * coexist mode, applied twice; then every probed TCP and UDP port from the internet client and from
 * the trusted peer, over IPv4 and IPv6, must answer exactly as the scenario's threat model says.
 * The node's own processes serve 22, 53, 80, 443, 2377, 3306, 7946, 8080/tcp and 53, 4789,
 * 7946/udp.
 *
 * <p>Every probe is also put to the evaluator, over Docker's fixture dump that the lab loads
 * ({@code Evaluator.of(AfterApply.of(dump, policy), host)}, what {@code trace --docker} runs): for
 * each probed packet it must deliver exactly when the kernel answered. A disagreement prints the
 * port, both answers and the evaluator's trace; a packet the evaluator cannot decide (DEPENDS)
 * fails the same way, with the places it depends on. (The spoofing test probes by counters, not by
 * answers, so it has no packet to put to the evaluator.)
 */
@KernelTest(
    tools = {
      "ip",
      "ipset",
      "iptables",
      "iptables-restore",
      "iptables-save",
      "ip6tables",
      "ip6tables-restore",
      "ip6tables-save",
      "nft",
      "ferm",
      "iptables-legacy",
      "iptables-legacy-save",
      "ip6tables-legacy-save",
      "sh"
    })
class SwarmScenariosKernelTest {
  private static final List<String> NOTHING = List.of();

  /** Every probed port: the node's own services and the published ones. */
  private static final List<String> EVERY_PORT =
      List.of(
          "22/tcp",
          "53/tcp",
          "80/tcp",
          "443/tcp",
          "2377/tcp",
          "3306/tcp",
          "7946/tcp",
          "8080/tcp",
          "53/udp",
          "4789/udp",
          "5353/udp",
          "7946/udp");

  /**
   * Every probed port that can answer over IPv6: the routing mesh is IPv4-only, so 5353/udp, which
   * only the sandbox serves, never does (the TCP ones are also served by host processes).
   */
  private static final List<String> EVERY_PORT_OVER_IPV6 =
      EVERY_PORT.stream().filter(p -> !p.equals("5353/udp")).toList();

  /** The backends every scenario is applied with: iptables, ferm and nftables. */
  static Set<String> backends() {
    return SwarmLab.backendNames();
  }

  /**
   * Applies {@code rs} with the backend {@code name} twice on top of Docker's rules and checks that
   * the second run changed nothing.
   */
  private static SwarmLab applied(String name, KernelLab lab, Path dir, Ruleset rs) {
    SwarmLab.Backend backend = SwarmLab.backends().get(name);
    SwarmLab s = SwarmLab.open(lab, backend.dockerBinary());
    String nat = s.dockerNat();
    Path script = SwarmLab.write(backend, rs, dir);
    s.apply(script);
    String once = s.state();
    s.apply(script);
    assertThat(s.state()).as("state after applying twice").isEqualTo(once);
    assertThat(s.dockerNat()).as("docker's nat table").isEqualTo(nat);
    s.policy(rs);
    return s;
  }

  @ParameterizedTest
  @MethodSource("backends")
  void swarmManagerOpensSshAndTheWebPortsToTheWorldAndAllToThePrivateNetwork(
      String backend, KernelLab lab, @TempDir Path dir) {
    SwarmLab s = applied(backend, lab, dir, new SwarmManager().ruleset());
    List<String> web = List.of("22/tcp", "80/tcp", "443/tcp");
    s.probe(s.client, NODE_WAN).answerExactly("client ipv4", web);
    s.probe(s.client, NODE_WAN6).answerExactly("client ipv6", web);
    s.probe(s.peer, NODE_PUBLIC).answerExactly("peer over the internet", web);
    s.probe(s.peer, NODE_LAN).answerExactly("peer over ens11", EVERY_PORT);
    s.probe(s.peer, NODE_LAN6).answerExactly("peer over ens11, ipv6", EVERY_PORT_OVER_IPV6);
  }

  /** UDP datagrams the node's kernel delivered to a socket ({@code Udp: InDatagrams}). */
  private static long udpDelivered(Netns node) {
    List<String> udp =
        node.run("cat", "/proc/net/snmp").lines().filter(l -> l.startsWith("Udp: ")).toList();
    List<String> names = List.of(udp.get(0).split(" "));
    return Long.parseLong(udp.get(1).split(" ")[names.indexOf("InDatagrams")]);
  }

  /**
   * With the loose reverse-path filter ({@code rp_filter=2}) the kernel routes a datagram whose
   * source is a trusted node's address even when it arrives on {@code eth0}; the trusted-node rules
   * are bound to the internal interface, so such a spoofed datagram never reaches the data path.
   * (The echo's reply leaves from another address, so delivery is read from the node's counters.)
   */
  @ParameterizedTest
  @MethodSource("backends")
  void aSpoofedTrustedSourceOnTheExternalInterfaceDoesNotReachVxlan(
      String backend, KernelLab lab, @TempDir Path dir) {
    SwarmLab s = applied(backend, lab, dir, new SwarmManager().ruleset());
    s.node.sysctl("net.ipv4.conf.all.rp_filter", "2");
    long before = udpDelivered(s.node);
    assertThat(s.peer.udpAnswers(NODE_LAN, 4789)).as("trusted node on ens11").isTrue();
    long trusted = udpDelivered(s.node);
    assertThat(trusted).as("delivered from ens11").isGreaterThan(before);
    // the peer sends from its ens11 address, a trusted node's, out of its internet link
    s.peer.sysctl("net.ipv4.conf.all.arp_announce", "2");
    s.peer.run("ip", "route", "add", "192.0.2.1/32", "dev", "wan0", "src", "10.10.10.2");
    s.peer.udpAnswers(NODE_PUBLIC, 4789);
    assertThat(udpDelivered(s.node))
        .as("delivered from a spoofed trusted source 10.10.10.2 arriving on eth0")
        .isEqualTo(trusted);
  }

  @ParameterizedTest
  @MethodSource("backends")
  void swarmWorkerOpensOnlySshToTheWorld(String backend, KernelLab lab, @TempDir Path dir) {
    SwarmLab s = applied(backend, lab, dir, new SwarmWorker().ruleset());
    s.probe(s.client, NODE_WAN).answerExactly("client ipv4", List.of("22/tcp"));
    s.probe(s.client, NODE_WAN6).answerExactly("client ipv6", List.of("22/tcp"));
    s.probe(s.peer, NODE_LAN).answerExactly("peer over ens11", EVERY_PORT);
  }

  @ParameterizedTest
  @MethodSource("backends")
  void trustedNodesReachEverythingAndTheWorldSshDnsAndWeb(
      String backend, KernelLab lab, @TempDir Path dir) {
    SwarmLab s = applied(backend, lab, dir, new TrustedNodes().ruleset());
    List<String> world = List.of("22/tcp", "53/tcp", "80/tcp", "443/tcp", "53/udp");
    s.probe(s.client, NODE_WAN).answerExactly("client ipv4", world);
    s.probe(s.client, NODE_WAN6).answerExactly("client ipv6", world);
    s.probe(s.peer, NODE_PUBLIC).answerExactly("trusted peer", EVERY_PORT);
    s.probe(s.peer, NODE_PUBLIC6).answerExactly("trusted peer ipv6", EVERY_PORT_OVER_IPV6);
    s.probe(s.peer, NODE_LAN)
        .answerExactly(
            "untrusted source on ens11: INPUT drops, DOCKER-USER filters eth0 only",
            List.of("22/tcp", "53/tcp", "80/tcp", "443/tcp", "8080/tcp", "53/udp", "5353/udp"));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void ingressLockdownOpensPublishedPortsToInternalSourcesOnly(
      String backend, KernelLab lab, @TempDir Path dir) {
    SwarmLab s = applied(backend, lab, dir, new IngressLockdown().ruleset());
    List<String> hostPorts =
        List.of(
            "22/tcp",
            "53/tcp",
            "80/tcp",
            "2377/tcp",
            "3306/tcp",
            "7946/tcp",
            "53/udp",
            "4789/udp",
            "7946/udp");
    s.probe(s.client, NODE_WAN)
        .answerExactly(
            "client ipv4: host untouched, published 443 only",
            concat(hostPorts, List.of("443/tcp")));
    s.probe(s.peer, NODE_INTERNAL_NET)
        .answerExactly(
            "internal source on eth0",
            concat(hostPorts, List.of("443/tcp", "8080/tcp", "5353/udp")));
    s.probe(s.peer, NODE_LAN)
        .answerExactly(
            "source outside the internal network on a second uplink (ens11): 80/443 only",
            concat(hostPorts, List.of("443/tcp")));
    s.probe(s.client, NODE_WAN6)
        .answerExactly(
            "client ipv6: no published ports", concat(hostPorts, List.of("443/tcp", "8080/tcp")));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void trustedAllowlistLetsTheAllowSetInAndTheWorldOnlyToSsh(
      String backend, KernelLab lab, @TempDir Path dir) {
    SwarmLab s = applied(backend, lab, dir, new TrustedAllowlist().ruleset());
    s.probe(s.client, NODE_WAN).answerExactly("client ipv4", List.of("22/tcp"));
    s.probe(s.client, NODE_WAN6).answerExactly("client ipv6", List.of("22/tcp"));
    s.probe(s.peer, NODE_PUBLIC)
        .answerExactly(
            "allowed peer (plain vxlan returned to INPUT, whose policy accepts)", EVERY_PORT);
    s.probe(s.peer, NODE_INTERNAL_NET)
        .answerExactly("peer from outside the allow set", List.of("22/tcp"));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void fermPreserveOpensSshAndPublishedHttpsOnly(String backend, KernelLab lab, @TempDir Path dir) {
    SwarmLab s = applied(backend, lab, dir, new FermPreserve().ruleset());
    s.probe(s.client, NODE_WAN).answerExactly("client ipv4", List.of("22/tcp", "443/tcp"));
    s.probe(s.client, NODE_WAN6).answerExactly("client ipv6", List.of("22/tcp"));
    s.probe(s.peer, NODE_LAN)
        .answerExactly(
            "peer over ens11: INPUT drops, DOCKER-USER filters eth0 only",
            List.of("22/tcp", "443/tcp", "8080/tcp", "5353/udp"));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void clusterManagerOpensSwarmPortsToTheOtherNodesOnly(
      String backend, KernelLab lab, @TempDir Path dir) {
    SwarmLab s = applied(backend, lab, dir, new ClusterScenario().ruleset());
    List<String> world = List.of("22/tcp", "80/tcp", "443/tcp");
    s.probe(s.client, NODE_WAN).answerExactly("client ipv4", world);
    s.probe(s.client, NODE_WAN6)
        .answerExactly(
            "client ipv6: 443 is a published service, and Docker publishes none over ipv6",
            List.of("22/tcp", "80/tcp"));
    List<String> swarm = List.of("2377/tcp", "7946/tcp", "4789/udp", "7946/udp");
    s.probe(s.peer, NODE_PUBLIC).answerExactly("worker w1", concat(world, swarm));
    s.probe(s.peer, NODE_PUBLIC6)
        .answerExactly("worker w1, ipv6", concat(List.of("22/tcp", "80/tcp"), swarm));
    s.probe(s.peer, NODE_INTERNAL_NET).answerExactly("peer from a non-node address", world);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
