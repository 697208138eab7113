package dev.rampart.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableSortedSet;
import dev.rampart.core.Family;
import dev.rampart.core.Ruleset;
import dev.rampart.core.TableName;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.testing.DockerDump;
import dev.rampart.testing.Fixtures;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Link;
import dev.rampart.testing.Netns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The meaning of each scenario is the same in every backend: real TCP and UDP probes from a second
 * namespace get the same answers whether the policy was applied by the iptables bundle or the
 * nftables bundle, both in coexist mode over Docker's rules.
 */
@KernelTest(tools = {"ip", "iptables-restore", "ip6tables-restore", "ipset", "nft"})
class BackendsAgreeKernelTest {
  /** Ports no scenario opens, so that a closed answer is part of every comparison. */
  private static final Set<Integer> CLOSED = Set.of(1, 8081, 65000);

  static Set<String> names() {
    return ScenariosKernelTest.names();
  }

  /** Every single destination port the ruleset mentions, plus ports nothing opens. */
  static ImmutableSortedSet<Integer> probedPorts(Ruleset rs) {
    ImmutableSortedSet.Builder<Integer> ports = ImmutableSortedSet.naturalOrder();
    ports.addAll(CLOSED);
    rs.tables().stream()
        .flatMap(t -> t.chains().stream())
        .flatMap(c -> c.rules().stream())
        .flatMap(r -> r.matches().stream())
        .filter(PortMatch.class::isInstance)
        .map(PortMatch.class::cast)
        .flatMap(p -> p.ports().stream())
        .filter(PortRange::isSingle)
        .forEach(p -> ports.add(p.first()));
    return ports.build();
  }

  @ParameterizedTest
  @MethodSource("names")
  void nftablesAnswersLikeIptables(
      String name, KernelLab lab, @org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Ruleset rs = Scenarios.named(name).orElseThrow().ruleset();
    Set<Integer> ports = probedPorts(rs);
    Map<String, Boolean> viaIptables =
        answers(lab, "ipt", dir.resolve("iptables"), "iptables", rs, ports);
    Map<String, Boolean> viaNftables =
        answers(lab, "nft", dir.resolve("nftables"), "nftables", rs, ports);

    assertThat(viaNftables).isEqualTo(viaIptables);
    if (rs.table(TableName.FILTER).flatMap(t -> t.chain("INPUT")).isPresent()) {
      assertThat(viaIptables)
          .as("the probe sees open and closed ports")
          .containsValues(true, false);
    } else {
      assertThat(viaIptables)
          .as("a DOCKER-USER-only policy leaves the host open")
          .doesNotContainValue(false);
    }
  }

  private static Map<String, Boolean> answers(
      KernelLab lab, String role, Path dir, String backend, Ruleset rs, Set<Integer> ports)
      throws IOException {
    Netns node = lab.namespace(role + "-node");
    Netns client = lab.namespace(role + "-client");
    Link link = lab.link(node, client);
    SwarmLab.renameToEth0(node, link.interfaceName(node)); // the swarm scenarios filter eth0
    DockerDump.load(node, "iptables", Fixtures.read("docker/swarm-portmap-28-S.txt"));
    Files.createDirectories(dir);
    for (var f : Backends.bundles().get(backend).bundle(rs).files().entrySet()) {
      Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
    }
    node.run("sh", dir.resolve("apply.sh").toString());
    node.listen(ports, ports);
    node.run("ip", "neigh", "flush", "all");
    client.run("ip", "neigh", "flush", "all");
    Map<String, Boolean> out = new TreeMap<>();
    for (Family f : Family.values()) {
      var dst = link.address(node, f);
      client.tcpAnswers(dst, ports).forEach((p, ok) -> out.put(f + " tcp " + p, ok));
      client.udpAnswers(dst, ports).forEach((p, ok) -> out.put(f + " udp " + p, ok));
    }
    return out;
  }
}
