package dev.rampart.dsl.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Chain;
import dev.rampart.core.ChainOwner;
import dev.rampart.core.Cidr;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.TableName;
import dev.rampart.core.match.ConntrackOriginalMatch;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.target.Verdict;
import dev.rampart.dsl.Rampart;
import dev.rampart.dsl.swarm.Walk.Packet;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DockerUserAllowListTest {
  private static Ruleset ruleset(DockerUserAllowList list, SourceSet... sets) {
    var rb = Rampart.ruleset();
    for (SourceSet s : sets) {
      s.addressSets().forEach(rb::set);
    }
    return rb.filter(list::applyTo).build();
  }

  @Test
  void returnsRepliesAndContainerTrafficThenAllowedServicesThenDropsThenReturns() {
    List<Rule> rules =
        DockerUserAllowList.builder()
            .externalInterfaces("eth0")
            .allow(PublishedService.tcp(443))
            .build()
            .rules();
    assertThat(rules)
        .extracting(r -> r.comment().orElse(""))
        .containsExactly(
            "replies",
            "from containers",
            "from containers",
            "published 443/tcp",
            "not allowed",
            "docker decides");
    assertThat(rules.get(1).matches()).containsExactly(InterfaceMatch.in("docker0"));
    assertThat(rules.get(2).matches()).containsExactly(InterfaceMatch.in("docker_gwbridge"));
    assertThat(rules.get(3).matches())
        .containsExactly(
            InterfaceMatch.out("docker_gwbridge"),
            ProtocolMatch.of(Protocol.TCP),
            ConntrackOriginalMatch.destinationPort(PortRange.of(443)));
    assertThat(rules.get(4).matches()).containsExactly(InterfaceMatch.in("eth0"));
    assertThat(rules.get(4).target()).isEqualTo(Verdict.DROP);
    assertThat(rules.get(5).matches()).isEmpty();
    assertThat(rules).noneMatch(r -> r.target() == Verdict.ACCEPT);
  }

  @Test
  void restrictsAServiceToItsSourcesPerFamily() {
    SourceSet allow = SourceSet.parse("ip_allow", "192.0.2.0/24", "2001:db8::/32");
    DockerUserAllowList list =
        DockerUserAllowList.builder()
            .externalInterfaces("eth0")
            .allow(PublishedService.tcp(8080).from(allow))
            .build();
    assertThat(list.rules())
        .filteredOn(r -> r.target() == Verdict.RETURN)
        .flatExtracting(Rule::matches)
        .filteredOn(SetMatch.class::isInstance)
        .containsExactly(SetMatch.source("ip_allow"), SetMatch.source("ip_allow6"));
    Ruleset rs = ruleset(list, allow);
    Packet v6 = Packet.to("2001:db8::5", "eth0", Protocol.TCP, 8080).forwardedTo("docker_gwbridge");
    assertThat(Walk.run(rs, "DOCKER-USER", v6).verdict()).isEqualTo(Verdict.RETURN);
    Packet other =
        Packet.to("2001:db9::5", "eth0", Protocol.TCP, 8080).forwardedTo("docker_gwbridge");
    assertThat(Walk.run(rs, "DOCKER-USER", other).verdict()).isEqualTo(Verdict.DROP);
  }

  @Test
  void returnsTrustedSourceSetsOnEveryPort() {
    SourceSet allow = SourceSet.parse("ip_allow", "192.0.2.0/24");
    DockerUserAllowList list =
        DockerUserAllowList.builder().externalInterfaces("eth0").trustedSources(allow).build();
    Ruleset rs = ruleset(list, allow);
    Packet in = Packet.to("192.0.2.7", "eth0", Protocol.UDP, 9999).forwardedTo("docker0");
    Walk.Result r = Walk.run(rs, "DOCKER-USER", in);
    assertThat(r.verdict()).isEqualTo(Verdict.RETURN);
    assertThat(r.fellThrough()).isFalse();
    Packet out = Packet.to("192.0.3.7", "eth0", Protocol.UDP, 9999).forwardedTo("docker0");
    assertThat(Walk.run(rs, "DOCKER-USER", out).verdict()).isEqualTo(Verdict.DROP);
    assertThat(list.trustedSources()).containsExactly(allow);
  }

  @Test
  void dropsOnEveryInterfaceButTheBridgesWhenAskedAndEndsWithTheDrop() {
    SourceSet allow = SourceSet.parse("ip_allow", "192.0.2.0/24");
    DockerUserAllowList list =
        DockerUserAllowList.builder().everyInterface().trustedSources(allow).build();
    Ruleset rs = ruleset(list, allow);
    Packet uplink = Packet.to("198.51.100.7", "ens11", Protocol.TCP, 8080).forwardedTo("docker0");
    assertThat(Walk.run(rs, "DOCKER-USER", uplink).verdict()).isEqualTo(Verdict.DROP);
    Packet trusted = Packet.to("192.0.2.7", "ens11", Protocol.TCP, 8080).forwardedTo("docker0");
    assertThat(Walk.run(rs, "DOCKER-USER", trusted).verdict()).isEqualTo(Verdict.RETURN);
    Packet container = Packet.to("198.51.100.7", "docker0", Protocol.TCP, 80).forwardedTo("eth0");
    assertThat(Walk.run(rs, "DOCKER-USER", container).verdict()).isEqualTo(Verdict.RETURN);
    assertThat(list.everyInterface()).isTrue();
    assertThat(list.externalInterfaces()).isEmpty();
    assertThat(list.rules()).last().extracting(Rule::target).isEqualTo(Verdict.DROP);
  }

  @Test
  void refusesExternalInterfacesBesideEveryInterface() {
    assertThatThrownBy(
            () -> DockerUserAllowList.builder().everyInterface().externalInterfaces("eth0").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "docker-user allow list drops on every interface, external interfaces are redundant:"
                + " [eth0]");
  }

  @Test
  void replacesTheDefaultBridgesWhenOneIsNamed() {
    List<Rule> rules =
        DockerUserAllowList.builder()
            .externalInterfaces("eth0")
            .bridge("br-app", Cidr.parse("172.30.0.0/16"))
            .build()
            .rules();
    assertThat(rules)
        .filteredOn(r -> r.comment().equals(Optional.of("from containers")))
        .hasSize(1);
    assertThat(rules.get(1).matches()).contains(InterfaceMatch.in("br-app"));
  }

  @Test
  void dropsOnEveryExternalInterface() {
    Ruleset rs = ruleset(DockerUserAllowList.builder().externalInterfaces("eth0", "wg+").build());
    Packet wg = Packet.to("192.0.2.1", "wg7", Protocol.UDP, 53).forwardedTo("docker0");
    assertThat(Walk.run(rs, "DOCKER-USER", wg).verdict()).isEqualTo(Verdict.DROP);
    Packet lan = Packet.to("192.0.2.1", "ens11", Protocol.UDP, 53).forwardedTo("docker0");
    assertThat(Walk.run(rs, "DOCKER-USER", lan).verdict()).isEqualTo(Verdict.RETURN);
  }

  @Test
  void declaresDockersChainsForeignAndDockerUserManaged() {
    var table =
        ruleset(DockerUserAllowList.builder().externalInterfaces("eth0").build())
            .table(TableName.FILTER)
            .orElseThrow();
    assertThat(table.chains())
        .filteredOn(c -> c.owner() == ChainOwner.FOREIGN)
        .extracting(Chain::name)
        .containsExactlyElementsOf(DockerChains.FILTER);
    assertThat(table.chain("DOCKER-USER").orElseThrow().owner()).isEqualTo(ChainOwner.MANAGED);
  }

  @Test
  void rejectsAnAllowListWithoutExternalInterface() {
    assertThatThrownBy(() -> DockerUserAllowList.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("docker-user allow list needs an external interface or every interface");
  }

  /** build() used to record the default bridges in the builder, so a later build had three. */
  @Test
  void leavesItsBuilderAsItWasWhenBuilding() {
    DockerUserAllowList.Builder b = DockerUserAllowList.builder().externalInterfaces("eth0");
    DockerUserAllowList first = b.build();
    DockerUserAllowList second = b.bridge("br-app").build();
    assertThat(first.rules())
        .extracting(r -> r.comment().orElse(""))
        .filteredOn("from containers"::equals)
        .hasSize(2);
    assertThat(second.rules())
        .extracting(r -> r.comment().orElse(""))
        .filteredOn("from containers"::equals)
        .hasSize(1);
    assertThat(b.build().rules()).isEqualTo(second.rules());
  }

  @Test
  void takesInterfacesAndSourcesAsIterables() {
    SourceSet allow = SourceSet.parse("ip_allow", "192.0.2.0/24");
    DockerUserAllowList list =
        DockerUserAllowList.builder()
            .externalInterfaces(List.of("eth0", "eth1"))
            .trustedSources(List.of(allow))
            .build();
    assertThat(list.externalInterfaces()).containsExactly("eth0", "eth1");
    assertThat(list.trustedSources()).containsExactly(allow);
  }

  @Test
  void namesTheNullParameter() {
    assertThatThrownBy(() -> DockerUserAllowList.builder().bridge("br0", nothing()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("subnet");
    assertThatThrownBy(
            () ->
                DockerUserAllowList.builder().externalInterfaces(Arrays.asList("eth0", nothing())))
        .hasMessage("names element");
  }

  @SuppressWarnings("NullAway") // the point: a caller without null checks passes null
  private static <T> T nothing() {
    return null;
  }
}
