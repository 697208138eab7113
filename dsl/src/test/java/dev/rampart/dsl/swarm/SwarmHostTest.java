package dev.rampart.dsl.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.AddressSet;
import dev.rampart.core.AdminAccess;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainOwner;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.Evaluation.Decision;
import dev.rampart.core.eval.Evaluator;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.LockoutCheck;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.ConntrackStateMatch;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.LimitMatch;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Verdict;
import dev.rampart.dsl.swarm.Walk.Packet;
import dev.rampart.testing.Seeds;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class SwarmHostTest {
  private static final SourceSet NODES = SourceSet.trustedNodes("10.10.10.0/24", "fd00:10::/64");
  private static final SourceSet ADMINS = SourceSet.parse("admins", "198.51.100.0/24");
  private static final String STRANGER = "203.0.113.9";
  private static final String PEER = "10.10.10.2";

  private static SwarmHost.Builder manager() {
    return SwarmHost.manager().externalInterfaces("eth0").trustedNodes(NODES);
  }

  private static SwarmHost.Builder worker() {
    return SwarmHost.worker().externalInterfaces("eth0").trustedNodes(NODES);
  }

  private static Verdict input(SwarmHost h, Packet p) {
    return Walk.run(h.ruleset(), "INPUT", p).verdict();
  }

  private static Walk.Result dockerUser(SwarmHost h, Packet p) {
    return Walk.run(h.ruleset(), "DOCKER-USER", p);
  }

  private static Chain chain(Ruleset rs, String name) {
    return rs.table(TableName.FILTER).orElseThrow().chain(name).orElseThrow();
  }

  // ---- the host chain ----

  @Test
  void guardsTrustedSourcesByTheReversePathWithoutInternalInterfaces() {
    Ruleset rs = worker().build().ruleset();
    Evaluator eval =
        Evaluator.of(rs, Host.parse("eth0=198.51.100.1/24,ens11=10.10.10.1/24,default=eth0"));
    dev.rampart.core.eval.Packet vxlan =
        dev.rampart.core.eval.Packet.udp().from(PEER, 40000).to("198.51.100.1", 4789);

    assertThat(rs.table(TableName.RAW)).isPresent();
    assertThat(eval.evaluate(vxlan.in("eth0")).decision()).isEqualTo(Decision.DROPPED);
    assertThat(eval.evaluate(vxlan.in("ens11").to("10.10.10.1", 4789)).decision())
        .isEqualTo(Decision.ACCEPTED);
  }

  @Test
  void bindsTrustInsteadOfCheckingTheReversePathWithInternalInterfaces() {
    assertThat(worker().internalInterfaces("ens11").build().ruleset().table(TableName.RAW))
        .isEmpty();
  }

  @Test
  void jumpsOnceFromInputToTheHostChainAndLeavesInputsPolicyAlone() {
    Ruleset rs = manager().build().ruleset();
    Chain input = chain(rs, "INPUT");
    assertThat(input.rules()).extracting(Rule::target).containsExactly(Jump.to("FILTERS"));
    assertThat(input.policy()).isEmpty();
  }

  @Test
  void putsEstablishedFirstThenLoopbackThenIcmp() {
    List<Rule> rules = chain(manager().build().ruleset(), "FILTERS").rules();
    assertThat(rules.get(0).matches())
        .containsExactly(ConntrackStateMatch.of(List.of(ConnState.ESTABLISHED, ConnState.RELATED)));
    assertThat(rules.get(0).target()).isEqualTo(Verdict.ACCEPT);
    assertThat(rules.get(1).matches()).containsExactly(InterfaceMatch.in("lo"));
    assertThat(rules.subList(2, 14)).isEqualTo(IcmpEssentials.rules());
  }

  @Test
  void acceptsRepliesOnTheExternalInterface() {
    Packet reply =
        Packet.to(STRANGER, "eth0", Protocol.TCP, 40000).withState(ConnState.ESTABLISHED);
    assertThat(input(manager().build(), reply)).isEqualTo(Verdict.ACCEPT);
  }

  @Test
  void opensManagementOnlyOnManagersAndOnlyToTrustedNodes() {
    Packet fromPeer = Packet.to(PEER, "eth0", Protocol.TCP, 2377);
    assertThat(input(manager().build(), fromPeer)).isEqualTo(Verdict.ACCEPT);
    assertThat(input(worker().build(), fromPeer)).isEqualTo(Verdict.DROP);
    assertThat(input(manager().build(), Packet.to(STRANGER, "eth0", Protocol.TCP, 2377)))
        .isEqualTo(Verdict.DROP);
  }

  @Test
  void opensGossipAndTheDataPathToTrustedNodesOfBothFamilies() {
    SwarmHost w = worker().build();
    for (String src : List.of(PEER, "fd00:10::7")) {
      assertThat(input(w, Packet.to(src, "eth0", Protocol.TCP, 7946))).isEqualTo(Verdict.ACCEPT);
      assertThat(input(w, Packet.to(src, "eth0", Protocol.UDP, 7946))).isEqualTo(Verdict.ACCEPT);
      assertThat(input(w, Packet.to(src, "eth0", Protocol.UDP, 4789))).isEqualTo(Verdict.ACCEPT);
    }
    for (String src : List.of(STRANGER, "2001:db8::1")) {
      assertThat(input(w, Packet.to(src, "eth0", Protocol.TCP, 7946))).isEqualTo(Verdict.DROP);
      assertThat(input(w, Packet.to(src, "eth0", Protocol.UDP, 4789))).isEqualTo(Verdict.DROP);
    }
  }

  @Test
  void rendersTheTrustedSetAsOneAddressSetPerFamily() {
    assertThat(manager().build().ruleset().sets())
        .containsExactly(
            AddressSet.of("swarm-nodes", Family.IPV4, List.of(Cidr.parse("10.10.10.0/24"))),
            AddressSet.of("swarm-nodes6", Family.IPV6, List.of(Cidr.parse("fd00:10::/64"))));
  }

  @Test
  void givesAFamilyWithoutTrustedNodesNoSwarmPorts() {
    SwarmHost h =
        SwarmHost.worker()
            .externalInterfaces("eth0")
            .trustedNodes(SourceSet.trustedNodes("10.10.10.0/24"))
            .build();
    assertThat(h.ruleset().sets()).extracting(AddressSet::name).containsExactly("swarm-nodes");
    assertThat(input(h, Packet.to("fd00:10::7", "eth0", Protocol.TCP, 7946)))
        .isEqualTo(Verdict.DROP);
  }

  @Test
  void movesTheDataPathToTheConfiguredPort() {
    SwarmHost h = worker().dataPathPort(4790).build();
    assertThat(input(h, Packet.to(PEER, "eth0", Protocol.UDP, 4790))).isEqualTo(Verdict.ACCEPT);
    assertThat(input(h, Packet.to(PEER, "eth0", Protocol.UDP, 4789))).isEqualTo(Verdict.DROP);
  }

  @Test
  void acceptsNoEspWithoutEncryptedOverlays() {
    assertThat(input(worker().build(), Packet.to(PEER, "eth0", Protocol.ESP, 0)))
        .isEqualTo(Verdict.DROP);
  }

  @Test
  void acceptsEspAndIpsecVxlanFromTrustedNodesWithEncryptedOverlays() {
    SwarmHost h = worker().encryptedOverlays(true).build();
    assertThat(input(h, Packet.to(PEER, "eth0", Protocol.ESP, 0))).isEqualTo(Verdict.ACCEPT);
    assertThat(input(h, Packet.to(STRANGER, "eth0", Protocol.ESP, 0))).isEqualTo(Verdict.DROP);
    assertThat(input(h, Packet.to(PEER, "eth0", Protocol.UDP, 4789).viaIpsec()))
        .isEqualTo(Verdict.ACCEPT);
  }

  @Test
  void returnsPlainVxlanFromTrustedNodesToInputWithEncryptedOverlays() {
    SwarmHost h = worker().encryptedOverlays(true).internalInterfaces("ens11").build();
    Walk.Result plain =
        Walk.run(h.ruleset(), "FILTERS", Packet.to(PEER, "ens11", Protocol.UDP, 4789));
    assertThat(plain.verdict()).isEqualTo(Verdict.RETURN);
    assertThat(plain.fellThrough()).isFalse();
    assertThat(input(h, Packet.to("10.10.99.1", "ens11", Protocol.UDP, 4789)))
        .as("plain vxlan from an untrusted source, even on an internal interface")
        .isEqualTo(Verdict.DROP);
  }

  @Test
  void trustsInternalInterfacesAndNetworksWithoutRestriction() {
    SwarmHost h = worker().internalInterfaces("ens11").internalNetworks("192.168.7.0/24").build();
    assertThat(input(h, Packet.to("10.99.0.1", "ens11", Protocol.TCP, 5432)))
        .isEqualTo(Verdict.ACCEPT);
    assertThat(input(h, Packet.to("192.168.7.5", "eth0", Protocol.TCP, 5432)))
        .isEqualTo(Verdict.ACCEPT);
    assertThat(input(h, Packet.to(STRANGER, "eth0", Protocol.TCP, 5432))).isEqualTo(Verdict.DROP);
  }

  @Test
  void opensSshToEveryoneByDefault() {
    assertThat(input(worker().build(), Packet.to(STRANGER, "eth0", Protocol.TCP, 22)))
        .isEqualTo(Verdict.ACCEPT);
    assertThat(input(worker().build(), Packet.to("2001:db8::1", "eth0", Protocol.TCP, 22)))
        .isEqualTo(Verdict.ACCEPT);
  }

  @Test
  void opensSshOnTheConfiguredPortToAdminSourcesOnly() {
    SwarmHost h = worker().sshPort(2222).adminSources(ADMINS).build();
    assertThat(input(h, Packet.to("198.51.100.4", "eth0", Protocol.TCP, 2222)))
        .isEqualTo(Verdict.ACCEPT);
    assertThat(input(h, Packet.to(STRANGER, "eth0", Protocol.TCP, 2222))).isEqualTo(Verdict.DROP);
    assertThat(input(h, Packet.to("198.51.100.4", "eth0", Protocol.TCP, 22)))
        .isEqualTo(Verdict.DROP);
  }

  @Test
  void declaresItsSshAsTheAdminAccess() {
    assertThat(worker().build().ruleset().adminAccess()).isEqualTo(AdminAccess.ssh());
    SwarmHost h = worker().sshPort(2222).adminSources(ADMINS).build();
    assertThat(h.ruleset().adminAccess())
        .isEqualTo(
            AdminAccess.builder()
                .addPorts(2222)
                .addSources(Cidr.parse("198.51.100.0/24"))
                .addFamilies(Family.IPV4)
                .build());
  }

  @Test
  void passesTheLockoutCheckInBothFamilies() {
    List<Family> both = List.of(Family.IPV4, Family.IPV6);
    assertThat(LockoutCheck.findLockout(manager().build().ruleset(), both)).isEmpty();
    assertThat(
            LockoutCheck.findLockout(
                worker().adminSources(ADMINS).inputPolicy(ChainPolicy.DROP).build().ruleset(),
                both))
        .isEmpty();
  }

  @Test
  void opensHostPortsToTheirSources() {
    SwarmHost h = worker().hostPorts(HostPort.tcp(8443), HostPort.udp(53).from(ADMINS)).build();
    assertThat(input(h, Packet.to(STRANGER, "eth0", Protocol.TCP, 8443))).isEqualTo(Verdict.ACCEPT);
    assertThat(input(h, Packet.to(STRANGER, "eth0", Protocol.UDP, 53))).isEqualTo(Verdict.DROP);
    assertThat(input(h, Packet.to("198.51.100.4", "eth0", Protocol.UDP, 53)))
        .isEqualTo(Verdict.ACCEPT);
    assertThat(
            dockerUser(
                    h,
                    Packet.to(STRANGER, "eth0", Protocol.TCP, 8443).forwardedTo("docker_gwbridge"))
                .verdict())
        .as("a host port is not a published service")
        .isEqualTo(Verdict.DROP);
  }

  @Test
  void dropsEverythingElseOnEachExternalInterfaceOnly() {
    SwarmHost h = worker().externalInterfaces("eth1").build();
    assertThat(input(h, Packet.to(STRANGER, "eth0", Protocol.TCP, 25))).isEqualTo(Verdict.DROP);
    assertThat(input(h, Packet.to(STRANGER, "eth1", Protocol.TCP, 25))).isEqualTo(Verdict.DROP);
    assertThat(
            Walk.run(h.ruleset(), "INPUT", Packet.to("172.17.0.2", "docker0", Protocol.TCP, 25))
                .fellThrough())
        .as("other interfaces fall through to INPUT's policy")
        .isTrue();
  }

  @Test
  void setsInputsPolicyOnRequest() {
    assertThat(chain(worker().inputPolicy(ChainPolicy.DROP).build().ruleset(), "INPUT").policy())
        .contains(ChainPolicy.DROP);
  }

  @Test
  void namesTheHostChainOnRequest() {
    Ruleset rs = worker().hostChain("HOST-IN").build().ruleset();
    assertThat(chain(rs, "INPUT").rules())
        .extracting(Rule::target)
        .containsExactly(Jump.to("HOST-IN"));
    assertThat(chain(rs, "HOST-IN").rules()).isNotEmpty();
  }

  @Test
  void limitsPingsAsConfigured() {
    LimitMatch limit = LimitMatch.of(1, LimitMatch.Unit.SECOND);
    List<Rule> rules = chain(worker().pingLimit(limit).build().ruleset(), "FILTERS").rules();
    assertThat(rules.subList(2, 14)).isEqualTo(IcmpEssentials.rules(limit));
  }

  // ---- DOCKER-USER ----

  @Test
  void returnsAllowedPublishedServicesAndDropsTheRestFromExternalInterfaces() {
    SwarmHost h =
        worker()
            .publish(PublishedService.tcp(8080), PublishedService.udp(5353).from(ADMINS))
            .build();
    Packet web = Packet.to(STRANGER, "eth0", Protocol.TCP, 8080).forwardedTo("docker_gwbridge");
    assertThat(dockerUser(h, web).verdict()).isEqualTo(Verdict.RETURN);
    assertThat(dockerUser(h, web).fellThrough()).isFalse();
    Packet other = Packet.to(STRANGER, "eth0", Protocol.TCP, 8081).forwardedTo("docker_gwbridge");
    assertThat(dockerUser(h, other).verdict()).isEqualTo(Verdict.DROP);
    Packet dns = Packet.to(STRANGER, "eth0", Protocol.UDP, 5353).forwardedTo("docker_gwbridge");
    assertThat(dockerUser(h, dns).verdict()).isEqualTo(Verdict.DROP);
    Packet adminDns =
        Packet.to("198.51.100.4", "eth0", Protocol.UDP, 5353).forwardedTo("docker_gwbridge");
    assertThat(dockerUser(h, adminDns).verdict()).isEqualTo(Verdict.RETURN);
  }

  @Test
  void matchesIngressServicesOnTheGatewayBridgeAndHostModeServicesOnAnyBridge() {
    SwarmHost h =
        worker().publish(PublishedService.tcp(8080), PublishedService.tcp(9000).hostMode()).build();
    assertThat(
            dockerUser(h, Packet.to(STRANGER, "eth0", Protocol.TCP, 8080).forwardedTo("docker0"))
                .verdict())
        .isEqualTo(Verdict.DROP);
    assertThat(
            dockerUser(h, Packet.to(STRANGER, "eth0", Protocol.TCP, 9000).forwardedTo("docker0"))
                .verdict())
        .isEqualTo(Verdict.RETURN);
  }

  @Test
  void matchesTheOriginalDestinationPortNotTheTranslatedOne() {
    SwarmHost h = worker().publish(PublishedService.tcp(8080).hostMode()).build();
    Packet dnatted =
        new Packet(
            Family.IPV4,
            Cidr.parse(STRANGER),
            "eth0",
            java.util.Optional.of("docker0"),
            Protocol.TCP,
            80,
            8080,
            ConnState.NEW,
            false,
            -1);
    assertThat(dockerUser(h, dnatted).verdict()).isEqualTo(Verdict.RETURN);
  }

  @Test
  void followsARenamedGatewayBridge() {
    SwarmHost h = worker().gatewayBridge("gwbr0").publish(PublishedService.tcp(8080)).build();
    assertThat(
            dockerUser(h, Packet.to(STRANGER, "eth0", Protocol.TCP, 8080).forwardedTo("gwbr0"))
                .verdict())
        .isEqualTo(Verdict.RETURN);
    assertThat(
            dockerUser(h, Packet.to("172.18.0.2", "gwbr0", Protocol.TCP, 80).forwardedTo("eth0"))
                .fellThrough())
        .isFalse();
  }

  @Test
  void returnsContainerTrafficEarlyRestrictedToTheBridgeSubnetsWhenGiven() {
    SwarmHost h =
        worker().dockerBridgeSubnet("172.17.0.0/16").gatewayBridgeSubnet("172.18.0.0/16").build();
    List<Rule> rules = chain(h.ruleset(), "DOCKER-USER").rules();
    assertThat(rules.get(1).matches())
        .containsExactly(
            InterfaceMatch.in("docker0"),
            dev.rampart.core.match.AddressMatch.source(List.of(Cidr.parse("172.17.0.0/16"))));
    assertThat(rules.get(2).matches())
        .containsExactly(
            InterfaceMatch.in("docker_gwbridge"),
            dev.rampart.core.match.AddressMatch.source(List.of(Cidr.parse("172.18.0.0/16"))));
  }

  @Test
  void returnsInternalNetworksInDockerUser() {
    SwarmHost h = worker().internalNetworks("192.168.7.0/24").build();
    Packet p = Packet.to("192.168.7.5", "eth0", Protocol.TCP, 8081).forwardedTo("docker_gwbridge");
    assertThat(dockerUser(h, p).verdict()).isEqualTo(Verdict.RETURN);
    assertThat(dockerUser(h, p).fellThrough()).isFalse();
  }

  @Test
  void opensOpenPortsForHostProcessesAndPublishedServicesAlike() {
    SwarmHost h = manager().openPorts(HostPort.tcp(80), HostPort.tcp(443)).build();
    for (int port : List.of(80, 443)) {
      assertThat(input(h, Packet.to(STRANGER, "eth0", Protocol.TCP, port)))
          .isEqualTo(Verdict.ACCEPT);
      assertThat(
              dockerUser(
                      h,
                      Packet.to(STRANGER, "eth0", Protocol.TCP, port)
                          .forwardedTo("docker_gwbridge"))
                  .verdict())
          .isEqualTo(Verdict.RETURN);
    }
  }

  @Test
  void declaresEveryDockerFilterChainForeign() {
    var table = manager().build().ruleset().table(TableName.FILTER).orElseThrow();
    assertThat(table.chains().stream().filter(c -> c.owner() == ChainOwner.FOREIGN))
        .extracting(Chain::name)
        .containsExactlyElementsOf(DockerChains.FILTER);
    assertThat(table.chain("DOCKER-USER").orElseThrow().isManaged()).isTrue();
  }

  // ---- validation ----

  @Test
  void rejectsAHostWithoutExternalInterface() {
    assertThatThrownBy(() -> SwarmHost.worker().trustedNodes(NODES).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a swarm host needs an external interface, e.g. eth0");
  }

  @Test
  void rejectsAHostWithoutTrustedNodes() {
    assertThatThrownBy(() -> SwarmHost.worker().externalInterfaces("eth0").build())
        .hasMessage("a swarm host needs a trusted node set");
  }

  @Test
  void rejectsAnInterfaceBothExternalAndInternal() {
    assertThatThrownBy(() -> worker().internalInterfaces("eth0").build())
        .hasMessage("interface is both external and internal: eth0");
  }

  @Test
  void rejectsABadInterfaceName() {
    assertThatThrownBy(() -> worker().externalInterfaces("eth0;reboot"))
        .hasMessage(
            "interface name may only hold letters, digits, '_', '-', '.' and a final '+':"
                + " eth0;reboot");
  }

  @Test
  void rejectsADataPathPortDockerRefuses() {
    assertThatThrownBy(() -> worker().dataPathPort(80).build())
        .hasMessage("data-path port out of range [1024, 49151]: 80");
    assertThatThrownBy(() -> worker().dataPathPort(7946).build())
        .hasMessage("data-path port clashes with a swarm port: 7946");
  }

  @Test
  void rejectsAnSshPortOutOfRange() {
    assertThatThrownBy(() -> worker().sshPort(0).build())
        .hasMessage("ssh port out of range [1, 65535]: 0");
  }

  @Test
  void rejectsAPublishedPortThatIsAlsoAHostPort() {
    assertThatThrownBy(
            () ->
                worker().hostPorts(HostPort.tcp(8080)).publish(PublishedService.tcp(8080)).build())
        .hasMessage("published port 8080/tcp is also listed as a host port: 8080/tcp");
  }

  @Test
  void rejectsAPublishedRangeOverlappingAnOpenPort() {
    assertThatThrownBy(
            () ->
                worker()
                    .openPorts(HostPort.tcp(443))
                    .publish(
                        PublishedService.of(
                            Protocol.TCP, dev.rampart.core.match.PortRange.range(400, 500)))
                    .build())
        .hasMessage("published port 400-500/tcp is also listed as an open port: 443/tcp");
  }

  @Test
  void rejectsPublishingTheSshPort() {
    assertThatThrownBy(() -> worker().publish(PublishedService.tcp(22)).build())
        .hasMessage("published port 22/tcp is also listed as the ssh port: 22/tcp");
  }

  @Test
  void rejectsOverlappingPortsOfOneKind() {
    assertThatThrownBy(
            () -> worker().publish(PublishedService.tcp(8080), PublishedService.tcp(8080)).build())
        .hasMessage("published ports overlap: 8080/tcp and 8080/tcp");
  }

  @Test
  void acceptsTheSameNumberForTcpAndUdp() {
    SwarmHost h = worker().publish(PublishedService.tcp(5000), PublishedService.udp(5000)).build();
    assertThat(h.published()).hasSize(2);
  }

  @Test
  void rejectsOpeningASwarmPort() {
    assertThatThrownBy(() -> worker().hostPorts(HostPort.udp(7946)).build())
        .hasMessage("host port 7946/udp is a swarm port, open to the trusted nodes only: 7946/udp");
    assertThatThrownBy(
            () -> worker().dataPathPort(4790).publish(PublishedService.udp(4790)).build())
        .hasMessage(
            "published port 4790/udp is a swarm port, open to the trusted nodes only: 4790/udp");
  }

  @Test
  void rejectsTwoDifferentSourceSetsOfOneName() {
    SourceSet other = SourceSet.parse("admins", "192.0.2.0/24");
    assertThatThrownBy(
            () ->
                worker()
                    .adminSources(ADMINS)
                    .publish(PublishedService.tcp(9000).from(other))
                    .build())
        .hasMessage("two different source sets are named admins");
  }

  @Test
  void sharesOneSourceSetBetweenRules() {
    SwarmHost h =
        worker().adminSources(ADMINS).publish(PublishedService.tcp(9000).from(ADMINS)).build();
    assertThat(h.ruleset().sets())
        .extracting(AddressSet::name)
        .containsExactly("swarm-nodes", "swarm-nodes6", "admins");
  }

  // ---- properties ----

  private static Gen<Cidr> cidrs() {
    Gen<Cidr> v4 =
        integers()
            .all()
            .zip(integers().between(8, 32), (bits, len) -> cidr(Family.IPV4, bits, len));
    Gen<Cidr> v6 =
        integers()
            .all()
            .zip(integers().between(16, 128), (bits, len) -> cidr(Family.IPV6, bits, len));
    return booleans().all().zip(v4, v6, (four, a, b) -> four ? a : b);
  }

  /** A prefix of {@code length} whose leading bits come from {@code bits} (v6 under fd00::/8). */
  private static Cidr cidr(Family f, int bits, int length) {
    byte[] b = new byte[f == Family.IPV4 ? 4 : 16];
    int at = f == Family.IPV4 ? 0 : 1;
    if (f == Family.IPV6) {
      b[0] = (byte) 0xfd;
    }
    for (int i = 0; i < 4; i++) {
      b[at + i] = (byte) (bits >>> (24 - 8 * i));
    }
    for (int i = 0; i < b.length; i++) {
      int keep = Math.max(0, Math.min(8, length - 8 * i));
      b[i] = (byte) (b[i] & (0xff << (8 - keep)));
    }
    try {
      return Cidr.of(InetAddress.getByAddress(b), length);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static Gen<SourceSet> sourceSets(String name) {
    return lists().of(cidrs()).ofSizeBetween(1, 6).map(l -> SourceSet.of(name, l));
  }

  /** Distinct published tcp ports in [10000, 10030], each from the world or from "allowed". */
  private static Gen<ImmutableList<PublishedService>> services(SourceSet allowed) {
    return lists()
        .of(
            integers()
                .between(10000, 10030)
                .zip(
                    booleans().all(),
                    (port, world) ->
                        world
                            ? PublishedService.tcp(port)
                            : PublishedService.tcp(port).from(allowed)))
        .ofSizeBetween(0, 8)
        .map(
            l -> {
              java.util.Map<Integer, PublishedService> byPort = new java.util.LinkedHashMap<>();
              l.forEach(s -> byPort.putIfAbsent(s.ports().first(), s));
              return ImmutableList.copyOf(byPort.values());
            });
  }

  @Test
  void keepsEstablishedFirstInBothChainsForRandomFacts() {
    Seeds.qt()
        .forAll(sourceSets("swarm-nodes"), sourceSets("allowed"), booleans().all())
        .checkAssert(
            (trusted, allowed, encrypted) -> {
              for (ImmutableList<PublishedService> s :
                  List.of(
                      ImmutableList.<PublishedService>of(),
                      ImmutableList.of(PublishedService.tcp(10000).from(allowed)))) {
                Ruleset rs =
                    SwarmHost.manager()
                        .externalInterfaces("eth0")
                        .trustedNodes(trusted)
                        .encryptedOverlays(encrypted)
                        .publish(s)
                        .build()
                        .ruleset();
                for (String c : List.of("FILTERS", "DOCKER-USER")) {
                  Rule first = chain(rs, c).rules().get(0);
                  assertThat(first.matches())
                      .containsExactly(
                          ConntrackStateMatch.of(
                              List.of(ConnState.ESTABLISHED, ConnState.RELATED)));
                }
              }
            });
  }

  /** Published services and the source set some of them are restricted to. */
  private record Published(SourceSet allowed, ImmutableList<PublishedService> services) {}

  private static Gen<Published> published() {
    return sourceSets("allowed").flatMap(a -> services(a).map(s -> new Published(a, s)));
  }

  @Test
  void keepsDockerUserNeutralAndDropsEveryUnallowedServiceFromTheExternalInterface() {
    Seeds.qt()
        .withExamples(300)
        .forAll(published(), cidrs(), integers().between(10000, 10030))
        .checkAssert(
            (pub, src, port) -> {
              SwarmHost h = worker().publish(pub.services()).build();
              List<Rule> du = chain(h.ruleset(), "DOCKER-USER").rules();
              assertThat(du).noneMatch(r -> r.target() == Verdict.ACCEPT);
              Rule last = du.get(du.size() - 1);
              assertThat(last.matches()).isEmpty();
              assertThat(last.target()).isEqualTo(Verdict.RETURN);

              for (String from : List.of(first(src), first(pub.allowed().members().last()))) {
                Packet p =
                    Packet.to(from, "eth0", Protocol.TCP, port).forwardedTo("docker_gwbridge");
                boolean allowed =
                    pub.services().stream()
                        .anyMatch(
                            s ->
                                s.ports().contains(port)
                                    && s.sources()
                                        .map(set -> set.contains(p.source()))
                                        .orElse(true));
                assertThat(dockerUser(h, p).verdict())
                    .as("%s with %s", p, pub.services())
                    .isEqualTo(allowed ? Verdict.RETURN : Verdict.DROP);
                assertThat(dockerUser(h, p.forwardedTo("docker0")).verdict())
                    .as("ingress services only reach the gateway bridge")
                    .isEqualTo(Verdict.DROP);
              }
            });
  }

  @Test
  void dropsSwarmPortsFromUntrustedSourcesOnTheExternalInterface() {
    Seeds.qt()
        .withExamples(300)
        .forAll(sourceSets("swarm-nodes"), cidrs(), booleans().all())
        .checkAssert(
            (trusted, src, encrypted) -> {
              SwarmHost h =
                  SwarmHost.manager()
                      .externalInterfaces("eth0")
                      .trustedNodes(trusted)
                      .encryptedOverlays(encrypted)
                      .build();
              for (String source : List.of(first(src), first(trusted.members().first()))) {
                boolean isTrusted = trusted.contains(Cidr.parse(source));
                for (Packet p :
                    List.of(
                        Packet.to(source, "eth0", Protocol.TCP, 2377),
                        Packet.to(source, "eth0", Protocol.TCP, 7946),
                        Packet.to(source, "eth0", Protocol.UDP, 7946),
                        Packet.to(source, "eth0", Protocol.UDP, 4789))) {
                  Verdict v = input(h, p);
                  if (!isTrusted) {
                    assertThat(v).as("%s", p).isEqualTo(Verdict.DROP);
                  } else {
                    assertThat(v).as("%s", p).isNotEqualTo(Verdict.DROP);
                  }
                }
              }
            });
  }

  /** The first address of a prefix, as text. */
  private static String first(Cidr c) {
    return c.address().getHostAddress();
  }

  // ---- the value ----

  @Test
  void keepsEveryFactAsAProperty() {
    SwarmHost h =
        manager()
            .dockerBridge("docker1")
            .dockerBridgeSubnet("172.17.0.0/16")
            .gatewayBridge("gw0")
            .hostChain("HOST")
            .inputPolicy(ChainPolicy.DROP)
            .build();
    assertThat(h.dockerBridge()).isEqualTo("docker1");
    assertThat(h.dockerBridgeSubnet()).contains(Cidr.parse("172.17.0.0/16"));
    assertThat(h.gatewayBridge()).isEqualTo("gw0");
    assertThat(h.gatewayBridgeSubnet()).isEmpty();
    assertThat(h.hostChainName()).isEqualTo("HOST").isEqualTo(h.hostChain().name());
    assertThat(h.inputPolicy()).contains(ChainPolicy.DROP);
    assertThat(h.pingLimit()).isEqualTo(IcmpEssentials.DEFAULT_PING_LIMIT);
    assertThat(manager().build().dockerBridge()).isEqualTo("docker0");
    assertThat(manager().build().hostChainName()).isEqualTo("FILTERS");
  }

  @Test
  void leavesItsBuilderAsItWasWhenBuilding() {
    SwarmHost.Builder b = manager().hostPorts(HostPort.tcp(80));
    SwarmHost first = b.build();
    SwarmHost second = b.hostPorts(HostPort.tcp(443)).build();
    assertThat(first.hostPorts()).containsExactly(HostPort.tcp(80));
    assertThat(second.hostPorts()).containsExactly(HostPort.tcp(80), HostPort.tcp(443));
    assertThat(b.build()).isEqualTo(second);
    assertThat(b.build().ruleset()).isEqualTo(second.ruleset());
  }

  @Test
  void takesIterablesWhereItTakesVarargs() {
    SwarmHost varargs =
        SwarmHost.worker()
            .externalInterfaces("eth0")
            .internalInterfaces("ens11")
            .internalNetworks("192.168.0.0/16")
            .trustedNodes(NODES)
            .hostPorts(HostPort.tcp(80))
            .openPorts(HostPort.tcp(443))
            .publish(PublishedService.tcp(8080))
            .build();
    SwarmHost iterables =
        SwarmHost.worker()
            .externalInterfaces(List.of("eth0"))
            .internalInterfaces(List.of("ens11"))
            .internalNetworks(List.of("192.168.0.0/16"))
            .trustedNodes(NODES)
            .hostPorts(List.of(HostPort.tcp(80)))
            .openPorts(List.of(HostPort.tcp(443)))
            .publish(List.of(PublishedService.tcp(8080)))
            .build();
    assertThat(iterables).isEqualTo(varargs);
  }

  @Test
  void namesTheNullParameter() {
    assertThatThrownBy(() -> SwarmHost.builder(nothing()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("role");
    assertThatThrownBy(() -> manager().trustedNodes(nothing())).hasMessage("nodes");
    assertThatThrownBy(() -> manager().adminSources(nothing())).hasMessage("sources");
    assertThatThrownBy(() -> manager().externalInterfaces(Arrays.asList("eth1", nothing())))
        .hasMessage("names element");
    assertThatThrownBy(() -> manager().dockerBridgeSubnet(nothing())).hasMessage("cidr");
  }

  @SuppressWarnings("NullAway") // the point: a caller without null checks passes null
  private static <T> T nothing() {
    return null;
  }
}
