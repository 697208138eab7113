package dev.rampart.dsl.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.AddressSet;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Ruleset;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.target.Verdict;
import dev.rampart.dsl.swarm.Walk.Packet;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterTest {
  private static Cluster.Builder three() {
    return Cluster.builder()
        .node(ClusterNode.manager("m1", "10.10.10.1", "fd00:10::1"))
        .node(ClusterNode.worker("w1", "10.10.10.2", "fd00:10::2"))
        .node(ClusterNode.worker("w2", "10.10.10.3", "fd00:10::3"))
        .hosts(h -> h.externalInterfaces("eth0"));
  }

  @Test
  void putsEveryNodesAddressesInEachNodesTrustedSet() {
    Cluster c = three().build();
    for (ClusterNode n : c.nodes()) {
      assertThat(c.ruleset(n.name()).sets())
          .contains(
              AddressSet.of(
                  "swarm-nodes",
                  Family.IPV4,
                  List.of(
                      Cidr.parse("10.10.10.1"),
                      Cidr.parse("10.10.10.2"),
                      Cidr.parse("10.10.10.3"))));
    }
    assertThat(c.trustedNodes().members()).hasSize(6);
  }

  /** Sorting a trusted set of n nodes once per node made building n nodes quadratic. */
  @Test
  void sharesOneTrustedAddressSetAmongAllNodes() {
    Cluster c = three().build();
    AddressSet m1 = c.ruleset("m1").set("swarm-nodes6").orElseThrow();
    assertThat(c.ruleset("w1").set("swarm-nodes6")).containsSame(m1);
    assertThat(c.ruleset("w2").set("swarm-nodes6")).containsSame(m1);
  }

  /** Each host builds and validates its policy: nodes of one shape share one host. */
  @Test
  void buildsOneHostPerDistinctNodeShape() {
    Cluster c =
        three()
            .node(ClusterNode.worker("w3", "10.10.10.4").withHostPorts(HostPort.tcp(80)))
            .build();
    assertThat(c.host("w2")).isSameAs(c.host("w1"));
    assertThat(c.host("m1")).isNotSameAs(c.host("w1"));
    assertThat(c.host("w3")).isNotSameAs(c.host("w1"));
    assertThat(c.host("w3").hostPorts()).containsExactly(HostPort.tcp(80));
    assertThat(c.host("w1").hostPorts()).isEmpty();
  }

  /** Hosts are shared by their builder's facts: every field of the builder is one of them. */
  @Test
  void aHostBuildersFactsNameEveryField() {
    long fields =
        Arrays.stream(SwarmHost.Builder.class.getDeclaredFields())
            .filter(f -> !Modifier.isStatic(f.getModifiers()) && !f.isSynthetic())
            .count();
    assertThat(SwarmHost.builder(Role.WORKER).facts()).hasSize((int) fields);
    SwarmHost.Builder a = SwarmHost.builder(Role.WORKER).externalInterfaces("eth0");
    SwarmHost.Builder b = SwarmHost.builder(Role.WORKER).externalInterfaces("eth0");
    assertThat(a.facts()).isEqualTo(b.facts());
    assertThat(a.sshPort(2222).facts()).isNotEqualTo(b.facts());
  }

  @Test
  void opensManagementOnManagersOnly() {
    Cluster c = three().build();
    Packet fromW1 = Packet.to("10.10.10.2", "eth0", Protocol.TCP, 2377);
    assertThat(Walk.run(c.ruleset("m1"), "INPUT", fromW1).verdict()).isEqualTo(Verdict.ACCEPT);
    Packet fromM1 = Packet.to("10.10.10.1", "eth0", Protocol.TCP, 2377);
    assertThat(Walk.run(c.ruleset("w2"), "INPUT", fromM1).verdict()).isEqualTo(Verdict.DROP);
    assertThat(c.host("w1").role()).isEqualTo(Role.WORKER);
  }

  @Test
  void appliesTheTemplateServicesAndNodeHostPorts() {
    Cluster c =
        Cluster.builder()
            .node(ClusterNode.manager("m1", "10.0.0.1").withHostPorts(HostPort.tcp(80)))
            .node(ClusterNode.worker("w1", "10.0.0.2"))
            .hosts(h -> h.externalInterfaces("eth0").sshPort(2222))
            .publish(PublishedService.tcp(8080))
            .build();
    Ruleset w1 = c.ruleset("w1");
    assertThat(Walk.run(w1, "INPUT", Packet.to("192.0.2.1", "eth0", Protocol.TCP, 2222)).verdict())
        .isEqualTo(Verdict.ACCEPT);
    assertThat(Walk.run(w1, "INPUT", Packet.to("192.0.2.1", "eth0", Protocol.TCP, 80)).verdict())
        .isEqualTo(Verdict.DROP);
    assertThat(
            Walk.run(c.ruleset("m1"), "INPUT", Packet.to("192.0.2.1", "eth0", Protocol.TCP, 80))
                .verdict())
        .isEqualTo(Verdict.ACCEPT);
    Packet web = Packet.to("192.0.2.1", "eth0", Protocol.TCP, 8080).forwardedTo("docker_gwbridge");
    assertThat(Walk.run(w1, "DOCKER-USER", web).verdict()).isEqualTo(Verdict.RETURN);
  }

  @Test
  void namesTheFirstManager() {
    Cluster c =
        Cluster.builder()
            .node(ClusterNode.worker("w1", "10.0.0.2"), ClusterNode.manager("m2", "10.0.0.3"))
            .node(ClusterNode.manager("m1", "10.0.0.1"))
            .hosts(h -> h.externalInterfaces("eth0"))
            .build();
    assertThat(c.firstManager().name()).isEqualTo("m2");
  }

  @Test
  void refusesAnUnknownNodeListingTheKnownOnes() {
    assertThatThrownBy(() -> three().build().ruleset("w9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown node: w9 (nodes: m1, w1, w2)");
  }

  @Test
  void rejectsAClusterWithoutNodesOrManager() {
    assertThatThrownBy(() -> Cluster.builder().build())
        .hasMessage("a cluster needs at least one node");
    assertThatThrownBy(() -> Cluster.builder().node(ClusterNode.worker("w1", "10.0.0.1")).build())
        .hasMessage("a cluster needs a manager");
  }

  @Test
  void rejectsTwoNodesOfOneNameOrAddress() {
    assertThatThrownBy(() -> three().node(ClusterNode.worker("w1", "10.10.10.9")).build())
        .hasMessage("node declared twice: w1");
    assertThatThrownBy(() -> three().node(ClusterNode.worker("w3", "10.10.10.2")).build())
        .hasMessage("nodes w1 and w3 share the address 10.10.10.2");
  }

  @Test
  void rejectsAPublishedPortThatIsAlsoANodesHostPort() {
    assertThatThrownBy(
            () ->
                Cluster.builder()
                    .node(ClusterNode.manager("m1", "10.0.0.1").withHostPorts(HostPort.tcp(443)))
                    .hosts(h -> h.externalInterfaces("eth0"))
                    .publish(PublishedService.tcp(443))
                    .build())
        .hasMessage("node m1: published port 443/tcp is also listed as a host port: 443/tcp");
  }

  @Test
  void rejectsAManagerWhoseManagementPortTheOtherManagersCannotReach() {
    assertThatThrownBy(
            () ->
                three()
                    .node(ClusterNode.manager("m2", "10.10.20.1"))
                    .trustedNodes(SourceSet.trustedNodes("10.10.10.0/24", "fd00:10::/64"))
                    .build())
        .hasMessage(
            "manager m1 does not accept 2377/tcp from manager m2: 10.10.20.1 not in the trusted"
                + " set swarm-nodes");
  }

  @Test
  void rejectsManagersThatShareNoAddressFamily() {
    assertThatThrownBy(
            () ->
                Cluster.builder()
                    .node(ClusterNode.manager("m1", "10.0.0.1"))
                    .node(ClusterNode.manager("m2", "fd00::2"))
                    .hosts(h -> h.externalInterfaces("eth0"))
                    .build())
        .hasMessage(
            "managers m1 and m2 share no address family: 2377/tcp is unreachable between them");
  }

  @Test
  void rejectsATrustedSetWithoutTheNodesPeers() {
    assertThatThrownBy(
            () ->
                three()
                    .node(ClusterNode.worker("w3", "10.10.30.3"))
                    .trustedNodes(SourceSet.trustedNodes("10.10.10.0/24", "fd00:10::/64"))
                    .build())
        .hasMessage("trusted set swarm-nodes does not contain node w3: 10.10.30.3");
  }

  @Test
  void acceptsATrustedNetworkHoldingEveryNode() {
    Cluster c =
        three().trustedNodes(SourceSet.parse("cluster", "10.10.10.0/24", "fd00:10::/64")).build();
    assertThat(c.ruleset("w1").sets()).extracting(AddressSet::name).contains("cluster", "cluster6");
  }

  @Test
  void rejectsSshUnreachableFromEveryAdminSource() {
    assertThatThrownBy(
            () ->
                Cluster.builder()
                    .node(ClusterNode.manager("m1", "10.0.0.1"))
                    .node(ClusterNode.worker("w1", "fd00::2"))
                    .hosts(
                        h ->
                            h.externalInterfaces("eth0")
                                .adminSources(SourceSet.parse("admins", "198.51.100.0/24")))
                    .trustedNodes(SourceSet.trustedNodes("10.0.0.0/24", "fd00::/64"))
                    .build())
        .hasMessage(
            "node w1: ssh 22/tcp is unreachable from every admin source: admins holds no ipv6"
                + " address");
  }

  /** Messages printed IPv6 addresses uncompressed: fd00:10:0:0:0:0:0:4. */
  @Test
  void printsIpv6AddressesCompressedInMessages() {
    assertThatThrownBy(
            () ->
                three()
                    .node(ClusterNode.worker("w3", "fd00:10::4"))
                    .trustedNodes(SourceSet.trustedNodes("10.10.10.0/24", "fd00:10::1/128"))
                    .build())
        .hasMessage("trusted set swarm-nodes does not contain node w1: fd00:10::2");
    assertThatThrownBy(() -> three().node(ClusterNode.worker("w3", "fd00:10::2")).build())
        .hasMessage("nodes w1 and w3 share the address fd00:10::2");
  }

  @Test
  void takesNodesAndServicesAsIterables() {
    Cluster c =
        Cluster.builder()
            .node(
                List.of(
                    ClusterNode.manager("m1", "10.0.0.1"), ClusterNode.worker("w1", "10.0.0.2")))
            .hosts(h -> h.externalInterfaces("eth0"))
            .publish(List.of(PublishedService.tcp(8080)))
            .build();
    assertThat(c.nodes()).extracting(ClusterNode::name).containsExactly("m1", "w1");
    assertThat(c.host("w1").published()).containsExactly(PublishedService.tcp(8080));
  }

  @Test
  void namesTheNullParameter() {
    assertThatThrownBy(
            () ->
                Cluster.builder()
                    .node(Arrays.asList(ClusterNode.worker("w1", "10.0.0.1"), nothing())))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("more element");
    assertThatThrownBy(() -> Cluster.builder().trustedNodes(nothing())).hasMessage("set");
    assertThatThrownBy(() -> three().build().node(nothing())).hasMessage("name");
  }

  @SuppressWarnings("NullAway") // the point: a caller without null checks passes null
  private static <T> T nothing() {
    return null;
  }
}
