package dev.rampart.samples;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import com.google.common.collect.TreeRangeSet;
import com.google.common.net.InetAddresses;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Ruleset;
import dev.rampart.core.SwarmAccess;
import dev.rampart.core.eval.Host;
import dev.rampart.dsl.swarm.Cluster;
import dev.rampart.dsl.swarm.ClusterNode;
import dev.rampart.dsl.swarm.HostPort;
import dev.rampart.dsl.swarm.PublishedService;
import dev.rampart.dsl.swarm.SourceSet;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Three nodes from one cluster description: manager {@code m1}, workers {@code w1} and {@code w2},
 * each on the internet with a public address on {@code eth0} (IPv4 and IPv6).
 *
 * <p>Threat model: the nodes trust each other's addresses (and only those) for the swarm ports; the
 * world reaches SSH and the published service on 443; the published service on 8080 is for the
 * admins (198.51.100.0/24) only; {@code m1} also serves 80 from a host process (e.g. an ACME
 * responder), which no other node opens. The command line renders {@code m1} unless {@code --node}
 * names another node.
 */
public final class ClusterScenario implements NodeScenario {
  /** The admins' network. */
  public static final SourceSet ADMINS = SourceSet.parse("admins", "198.51.100.0/24");

  /** The cluster, built (and self-checked) the first time a command asks for it. */
  public static Cluster cluster() {
    return Holder.CLUSTER;
  }

  private static final class Holder {
    static final Cluster CLUSTER =
        Cluster.builder()
            .node(
                ClusterNode.manager("m1", "192.0.2.1", "2001:db8:2::1")
                    .withHostPorts(HostPort.tcp(80)))
            .node(ClusterNode.worker("w1", "192.0.2.20", "2001:db8:2::20"))
            .node(ClusterNode.worker("w2", "192.0.2.30", "2001:db8:2::30"))
            .hosts(h -> h.externalInterfaces("eth0"))
            .publish(PublishedService.tcp(443), PublishedService.tcp(8080).from(ADMINS))
            .build();
  }

  @Override
  public String name() {
    return "cluster";
  }

  @Override
  public String description() {
    return "one manager and two workers from one cluster description (--node m1|w1|w2, default"
        + " m1)";
  }

  @Override
  public Ruleset ruleset() {
    return ruleset(cluster().firstManager().name());
  }

  @Override
  public ImmutableList<String> nodes() {
    return cluster().nodes().stream()
        .map(ClusterNode::name)
        .collect(ImmutableList.toImmutableList());
  }

  @Override
  public Ruleset ruleset(String node) {
    return cluster().ruleset(node);
  }

  @Override
  public Optional<SwarmAccess> swarmAccess() {
    return swarmAccess(cluster().firstManager().name());
  }

  @Override
  public Optional<SwarmAccess> swarmAccess(String node) {
    return Optional.of(cluster().host(node).swarmAccess());
  }

  /**
   * The node on the internet: its addresses on {@code eth0} (the default route, IPv4 as a /24, IPv6
   * as a /64) and Docker's bridges, as {@link Scenario#DEFAULT_HOST} has them.
   */
  @Override
  public Host host(String node) {
    Host.Builder b = Host.builder();
    for (Cidr a : cluster().node(node).addresses()) {
      String address = InetAddresses.toAddrString(a.address());
      b.iface("eth0", address + (a.family() == Family.IPV4 ? "/24" : "/64"));
    }
    return b.iface("docker_gwbridge", "172.18.0.1/16")
        .iface("docker0", "172.17.0.1/16")
        .defaultRoute("eth0")
        .build();
  }

  @Override
  public ImmutableMap<Integer, ImmutableRangeSet<Integer>> meshPorts(String node) {
    Map<Integer, TreeRangeSet<Integer>> out = new TreeMap<>();
    for (PublishedService s : cluster().host(node).published()) {
      if (s.mode() == PublishedService.Mode.INGRESS) {
        out.computeIfAbsent(s.protocol().number(), p -> TreeRangeSet.create())
            .add(Range.closed(s.ports().first(), s.ports().last()));
      }
    }
    ImmutableMap.Builder<Integer, ImmutableRangeSet<Integer>> b = ImmutableMap.builder();
    out.forEach((p, ports) -> b.put(p, ImmutableRangeSet.copyOf(ports)));
    return b.buildOrThrow();
  }
}
