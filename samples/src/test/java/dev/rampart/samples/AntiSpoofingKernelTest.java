package dev.rampart.samples;

import static dev.rampart.samples.SwarmLab.NODE_LAN;
import static dev.rampart.samples.SwarmLab.NODE_PUBLIC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Ruleset;
import dev.rampart.core.TableName;
import dev.rampart.dsl.swarm.SourceSet;
import dev.rampart.dsl.swarm.SwarmHost;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link dev.rampart.dsl.swarm.AntiSpoofing} in the kernel, for every backend: the node runs the
 * loose reverse-path filter ({@code rp_filter=2}); the peer, a trusted node on the private network
 * ({@code 10.10.10.2} on {@code ens11}), also sends with that source out of its internet-facing
 * interface, so the datagram arrives on the node's {@code eth0} with a trusted source: a spoofed
 * VXLAN injection. Without the check the swarm preset accepts it; with it, it is dropped in raw
 * PREROUTING while the same source on the private path is still accepted.
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
class AntiSpoofingKernelTest {
  static Set<String> backends() {
    return SwarmLab.backendNames();
  }

  /** A worker trusting the private network, with no internal interface declared. */
  private static SwarmHost worker() {
    return SwarmHost.worker()
        .externalInterfaces("eth0")
        .trustedNodes(SourceSet.trustedNodes("10.10.10.0/24"))
        .build();
  }

  /** The lab with the loose reverse-path filter on the node and a spoofing route on the peer. */
  private static SwarmLab spoofable(KernelLab lab, String backend) {
    SwarmLab s = SwarmLab.open(lab, SwarmLab.backends().get(backend).dockerBinary());
    for (String conf : Set.of("all", "eth0", "ens11")) {
      s.node.sysctl("net.ipv4.conf." + conf + ".rp_filter", "2");
    }
    for (String conf : Set.of("all", "wan0", "lan0")) {
      s.peer.sysctl("net.ipv4.conf." + conf + ".rp_filter", "0");
    }
    // to the node's public address out of the internet segment, from the private address
    s.peer.run("ip", "route", "add", "192.0.2.1/32", "dev", "wan0", "src", "10.10.10.2");
    return s;
  }

  /** The node's count of UDP datagrams delivered to a socket ({@code /proc/net/snmp}). */
  private static long udpDelivered(SwarmLab s) {
    List<String> rows =
        s.node.run("cat", "/proc/net/snmp").lines().filter(l -> l.startsWith("Udp: ")).toList();
    List<String> names = List.of(rows.get(0).split(" "));
    List<String> values = List.of(rows.get(1).split(" "));
    return Long.parseLong(values.get(names.indexOf("InDatagrams")));
  }

  /**
   * Whether a VXLAN datagram the peer sends with its private source out of its internet-facing
   * interface is delivered on the node. The echo cannot tell: the node answers from its private
   * address, which the probe's connected socket does not take.
   */
  private static boolean spoofedVxlanDelivered(SwarmLab s) {
    long before = udpDelivered(s);
    s.peer.udpAnswers(NODE_PUBLIC, 4789);
    return udpDelivered(s) > before;
  }

  @ParameterizedTest
  @MethodSource("backends")
  void dropsATrustedSourceSpoofedOnTheExternalInterface(
      String backend, KernelLab lab, @TempDir Path dir) {
    SwarmLab s = spoofable(lab, backend);
    SwarmLab.Backend b = SwarmLab.backends().get(backend);
    assertThat(spoofedVxlanDelivered(s)).as("rp_filter=2 lets the spoofed datagram in").isTrue();
    Ruleset full = worker().ruleset();
    Ruleset withoutCheck =
        Ruleset.builder()
            .from(full)
            .tables(full.tables().stream().filter(t -> t.name() != TableName.RAW).toList())
            .build();

    s.apply(SwarmLab.write(b, withoutCheck, dir.resolve("before")));
    assertThat(spoofedVxlanDelivered(s))
        .as("trust by source address alone accepts the spoofed datagram")
        .isTrue();
    assertThat(s.peer.tcpAnswers(NODE_PUBLIC, 7946)).as("spoofed gossip, before").isTrue();

    s.apply(SwarmLab.write(b, full, dir.resolve("after")));
    assertThat(spoofedVxlanDelivered(s)).as("spoofed vxlan on eth0").isFalse();
    assertThat(s.peer.tcpAnswers(NODE_PUBLIC, 7946)).as("spoofed gossip on eth0").isFalse();
    assertThat(s.peer.udpAnswers(NODE_LAN, 4789)).as("the same source on ens11").isTrue();
  }
}
