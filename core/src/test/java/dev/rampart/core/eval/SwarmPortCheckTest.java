package dev.rampart.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.ChainRef;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.InvalidModelException;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.SwarmAccess;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.SwarmPortCheck.Problem;
import dev.rampart.core.eval.SwarmPortCheck.Violation;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.ConntrackStateMatch;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.LimitMatch;
import dev.rampart.core.match.Match;
import dev.rampart.core.match.PolicyMatch;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.core.target.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwarmPortCheckTest {
  private static final List<Family> BOTH = List.of(Family.IPV4, Family.IPV6);
  private static final Cidr NODES = Cidr.parse("10.10.10.0/24");

  /** A manager's swarm ports, trusted nodes 10.10.10.0/24, others arriving on eth0. */
  private static SwarmAccess manager(boolean encrypted) {
    return SwarmAccess.builder()
        .ports(true, SwarmAccess.DEFAULT_DATA_PATH, encrypted)
        .addTrusted(NODES)
        .addOutsideInterfaces("eth0")
        .build();
  }

  private static Rule port(Protocol protocol, int port, Match... more) {
    List<Match> m = new ArrayList<>();
    m.add(ProtocolMatch.of(protocol));
    m.add(PortMatch.destination(List.of(PortRange.of(port))));
    m.addAll(List.of(more));
    return Rule.of(m, Verdict.ACCEPT);
  }

  private static Match fromNodes() {
    return AddressMatch.source(List.of(NODES));
  }

  /** INPUT DROP: replies, then {@code rules}. */
  private static Ruleset input(Rule... rules) {
    Chain.Builder c =
        Chain.builder()
            .name("INPUT")
            .policy(ChainPolicy.DROP)
            .addRules(
                Rule.of(
                    List.of(
                        ConntrackStateMatch.of(List.of(ConnState.ESTABLISHED, ConnState.RELATED))),
                    Verdict.ACCEPT))
            .addRules(rules);
    return Ruleset.builder().addTables(Table.of(TableName.FILTER, List.of(c.build()))).build();
  }

  private static Rule[] swarmFromNodes() {
    return new Rule[] {
      port(Protocol.TCP, 2377, fromNodes()),
      port(Protocol.TCP, 7946, fromNodes()),
      port(Protocol.UDP, 7946, fromNodes()),
      port(Protocol.UDP, 4789, fromNodes())
    };
  }

  @Test
  void acceptsSwarmPortsOpenToTheTrustedNodesOnly() {
    assertThat(SwarmPortCheck.violations(input(swarmFromNodes()), manager(false), BOTH)).isEmpty();
  }

  @Test
  void refusesASwarmPortOpenToEveryone() {
    Ruleset rs = input(port(Protocol.TCP, 2377), port(Protocol.TCP, 7946, fromNodes()));
    SwarmAccess access =
        SwarmAccess.builder()
            .addTcpPorts(2377, 7946)
            .addTrusted(NODES)
            .addOutsideInterfaces("eth0")
            .build();

    assertThatThrownBy(() -> SwarmPortCheck.check(rs, access, BOTH))
        .isInstanceOf(InvalidModelException.class)
        .hasMessage(
            "ipv4 table filter, chain INPUT: swarm port reachable from outside the trusted nodes:"
                + " 2377/tcp from 1.0.0.1 on interface eth0: tcp 1.0.0.1:40000 > 198.51.100.1:2377"
                + " in eth0 state new flags syn: ACCEPTED by ipv4 table filter, chain INPUT, rule"
                + " 2: -p tcp --dport 2377 -j ACCEPT")
        .extracting(e -> ((InvalidModelException) e).place().orElseThrow())
        .isEqualTo(ChainRef.of(Family.IPV4, TableName.FILTER, "INPUT"));
    // the trusted nodes have no ipv6 address: there, no source may reach the port
    assertThat(SwarmPortCheck.violations(rs, access, BOTH))
        .extracting(v -> v.error().place().orElseThrow().toString(), Violation::problem)
        .containsExactly(
            tuple("ipv4 table filter, chain INPUT", Problem.UNTRUSTED),
            tuple("ipv6 table filter, chain INPUT", Problem.UNTRUSTED));
  }

  @Test
  void refusesASwarmPortTheTrustedNodesCannotReach() {
    Ruleset rs =
        input(
            port(Protocol.TCP, 2377, fromNodes()),
            port(Protocol.TCP, 7946, fromNodes()),
            port(Protocol.UDP, 4789, fromNodes()));

    List<Violation> found = SwarmPortCheck.violations(rs, manager(false), BOTH);

    assertThat(found).extracting(Violation::problem).containsExactly(Problem.CLOSED);
    assertThat(found.get(0).error())
        .hasMessage(
            "ipv4 table filter, chain INPUT: swarm port not reachable from the trusted nodes:"
                + " 7946/udp from trusted nodes member 10.10.10.0/24 on interface eth0: udp"
                + " 10.10.10.1:40000 > 198.51.100.1:7946 in eth0 state new: DROPPED by ipv4"
                + " table filter, chain INPUT: policy DROP");
  }

  @Test
  void countsAPortOpenToOthersUnderARateLimitAsOpen() {
    Rule[] rules = swarmFromNodes();
    Rule limited = port(Protocol.TCP, 7946, LimitMatch.of(5, LimitMatch.Unit.SECOND));
    Ruleset rs = input(rules[0], rules[1], rules[2], rules[3], limited);

    List<Violation> found = SwarmPortCheck.violations(rs, manager(false), List.of(Family.IPV4));

    assertThat(found).extracting(Violation::problem).containsExactly(Problem.UNTRUSTED);
    assertThat(found.get(0).error().getMessage())
        .contains("7946/tcp from 1.0.0.1")
        .contains("DEPENDS");
  }

  @Test
  void checksOnlyTheOutsideInterfacesForOthers() {
    Ruleset rs = input(port(Protocol.TCP, 7946, InterfaceMatch.in("ens11")));
    SwarmAccess access =
        SwarmAccess.builder()
            .addTcpPorts(7946)
            .addTrusted(NODES)
            .addTrustedInterfaces("ens11")
            .addOutsideInterfaces("eth0")
            .build();

    assertThat(SwarmPortCheck.violations(rs, access, BOTH)).isEmpty();
    SwarmAccess everywhere =
        SwarmAccess.builder().from(access).outsideInterfaces(List.of()).build();
    assertThat(SwarmPortCheck.violations(rs, everywhere, List.of(Family.IPV4)))
        .extracting(v -> v.error().value())
        .singleElement()
        .asString()
        .startsWith("7946/tcp from 1.0.0.1 on interface ens11: ");
  }

  @Test
  void sendsTheEncryptedDataPathThroughIpsec() {
    Rule vxlanOverIpsec =
        port(
            Protocol.UDP,
            4789,
            fromNodes(),
            PolicyMatch.of(PolicyMatch.Dir.IN, PolicyMatch.Processing.IPSEC));
    Rule esp = Rule.of(List.of(ProtocolMatch.of(Protocol.ESP), fromNodes()), Verdict.ACCEPT);
    Rule[] plain = swarmFromNodes();
    Ruleset encrypted = input(plain[0], plain[1], plain[2], vxlanOverIpsec, esp);

    assertThat(SwarmPortCheck.violations(encrypted, manager(true), BOTH)).isEmpty();
    assertThat(SwarmPortCheck.violations(encrypted, manager(false), BOTH))
        .extracting(v -> v.error().value())
        .singleElement()
        .asString()
        .startsWith("4789/udp from trusted nodes member 10.10.10.0/24 on interface eth0: ");
    Ruleset noEsp = input(plain[0], plain[1], plain[2], vxlanOverIpsec);
    assertThat(SwarmPortCheck.violations(noEsp, manager(true), BOTH))
        .extracting(v -> v.error().value())
        .singleElement()
        .asString()
        .startsWith("esp from trusted nodes member 10.10.10.0/24 on interface eth0: esp ");
  }

  @Test
  void leavesTheAlsoTrustedNetworksOut() {
    Rule internal =
        Rule.of(
            List.of(AddressMatch.source(List.of(Cidr.parse("192.168.0.0/16")))), Verdict.ACCEPT);
    Rule[] swarm = swarmFromNodes();
    Ruleset rs = input(swarm[0], swarm[1], swarm[2], swarm[3], internal);
    SwarmAccess access =
        SwarmAccess.builder()
            .from(manager(false))
            .addAlsoTrusted(Cidr.parse("192.168.0.0/16"))
            .build();

    assertThat(SwarmPortCheck.violations(rs, manager(false), BOTH))
        .extracting(Violation::problem)
        .containsOnly(Problem.UNTRUSTED);
    assertThat(SwarmPortCheck.violations(rs, access, BOTH)).isEmpty();
  }

  @Test
  void checksASnapshotAsTheRulesetItHolds() {
    Ruleset open = input(port(Protocol.TCP, 2377), port(Protocol.TCP, 7946, fromNodes()));
    SwarmAccess access = SwarmAccess.builder().addTcpPorts(2377, 7946).addTrusted(NODES).build();

    assertThat(SwarmPortCheck.violations(Snapshot.of(open), access, BOTH))
        .extracting(v -> v.error().getMessage())
        .isEqualTo(
            SwarmPortCheck.violations(open, access, BOTH).stream()
                .map(v -> v.error().getMessage())
                .toList());
  }

  @Test
  void refusesAnEmptyTrustedSet() {
    assertThatThrownBy(() -> SwarmAccess.builder().addTcpPorts(7946).build())
        .hasMessage("swarm access needs a trusted node: trusted nodes");
  }
}
