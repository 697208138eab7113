package dev.rampart.testing.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.RuleFacts;
import dev.rampart.core.TableName;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.Match;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.target.Dnat;
import dev.rampart.testing.Seeds;
import dev.rampart.testing.gen.RulesetOptions.DockerUser;
import dev.rampart.testing.gen.RulesetOptions.MatchKind;
import dev.rampart.testing.gen.RulesetOptions.TargetKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RulesetOptionsTest {
  @Test
  void defaultsAllowEverythingWithoutDocker() {
    RulesetOptions d = RulesetOptions.defaults();

    assertThat(d.families()).containsExactly(Family.IPV4, Family.IPV6);
    assertThat(d.matches()).containsExactly(MatchKind.values());
    assertThat(d.targets()).containsExactly(TargetKind.values());
    assertThat(d.tables())
        .containsExactlyInAnyOrder(TableName.FILTER, TableName.NAT, TableName.RAW);
    assertThat(d.dockerUser()).isEqualTo(DockerUser.NONE);
    assertThat(d.canonicalMatches()).isFalse();
  }

  @Test
  void toBuilderKeepsEverySetting() {
    RulesetOptions o =
        RulesetOptions.builder()
            .families(Family.IPV4)
            .matches(MatchKind.PORTS, MatchKind.PROTOCOL)
            .targets(TargetKind.DROP)
            .tables()
            .maxRules(9)
            .maxUserChains(0)
            .dockerUser(DockerUser.BESIDE_DOCKER)
            .canonicalMatches(true)
            .addresses(List.of(Cidr.parse("192.0.2.7")))
            .ports(List.of(1001))
            .interfaces(List.of("vx0"))
            .portListProtocols(List.of(Protocol.UDP))
            .build();

    assertThat(o.toBuilder().build()).hasToString(o.toString());
    assertThat(o.toString())
        .contains("addresses=[192.0.2.7/32]", "ports=[1001]", "vx0", "portListProtocols=[udp]");
    assertThat(o.tables()).containsExactly(TableName.FILTER);
  }

  @Test
  void rulesNameOnlyTheGivenAddressesPortsAndInterfaces() {
    List<Cidr> addresses = List.of(Cidr.parse("192.0.2.7"), Cidr.parse("192.0.2.0/24"));
    RulesetOptions o =
        RulesetOptions.builder()
            .families(Family.IPV4)
            .tables(TableName.NAT)
            .addresses(addresses)
            .ports(List.of(1001, 1002))
            .interfaces(List.of("vx0", "vx+"))
            .build();
    SplittableRandom r = new SplittableRandom(Seeds.seed());
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      GeneratorsTest.rules(Generators.ruleset(r, o)).forEach(rules::add);
    }
    List<Match> matches = rules.stream().flatMap(rule -> rule.matches().stream()).toList();

    assertThat(matches.stream().filter(m -> m instanceof InterfaceMatch))
        .isNotEmpty()
        .allSatisfy(m -> assertThat(((InterfaceMatch) m).name()).isIn("vx0", "vx+"));
    assertThat(matches.stream().filter(m -> m instanceof AddressMatch))
        .isNotEmpty()
        .allSatisfy(m -> assertThat(addresses).containsAll(((AddressMatch) m).addresses()));
    assertThat(matches.stream().filter(m -> m instanceof PortMatch))
        .isNotEmpty()
        .allSatisfy(
            m ->
                assertThat(((PortMatch) m).ports())
                    .allSatisfy(p -> assertThat(p.first()).isIn(1001, 1002)));
    assertThat(rules.stream().map(Rule::target).filter(t -> t instanceof Dnat))
        .isNotEmpty()
        .allSatisfy(
            t -> {
              assertThat(((Dnat) t).address()).isEqualTo(Cidr.parse("192.0.2.7"));
              ((Dnat) t).port().ifPresent(p -> assertThat(p.first()).isIn(1001, 1002));
            });
  }

  @Test
  void portListsFollowOnlyTheProtocolsAllowedThem() {
    RulesetOptions tcpUdp =
        RulesetOptions.builder().portListProtocols(List.of(Protocol.TCP, Protocol.UDP)).build();

    assertThat(portListProtocols(RulesetOptions.defaults()))
        .as("by default after every port protocol")
        .contains(Protocol.TCP, Protocol.UDP, Protocol.SCTP);
    assertThat(portListProtocols(tcpUdp)).containsExactlyInAnyOrder(Protocol.TCP, Protocol.UDP);
    assertThat(GeneratorsTest.draw(tcpUdp, 200).stream().flatMap(GeneratorsTest::rules))
        .as("SCTP still has its single ports and ranges")
        .anyMatch(r -> r.matches().contains(ProtocolMatch.of(Protocol.SCTP)) && ports(r) > 0);
  }

  /** The protocols of the rules that have a port list, among 200 rulesets drawn with {@code o}. */
  private static Set<Protocol> portListProtocols(RulesetOptions o) {
    return GeneratorsTest.draw(o, 200).stream()
        .flatMap(GeneratorsTest::rules)
        .filter(
            r -> r.matches().stream().anyMatch(m -> m instanceof PortMatch p && !p.isSingleRange()))
        .map(r -> RuleFacts.of(r).protocol().orElseThrow())
        .collect(Collectors.toSet());
  }

  private static long ports(Rule r) {
    return r.matches().stream().filter(m -> m instanceof PortMatch).count();
  }

  @Test
  void refusesAProtocolWithoutPortsForPortLists() {
    assertThatThrownBy(() -> RulesetOptions.builder().portListProtocols(List.of(Protocol.ESP)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ruleset options: a protocol without ports: esp");
  }

  @Test
  void refusesAPortOutsideTheRangeAndANameThatIsNoInterface() {
    assertThatThrownBy(() -> RulesetOptions.builder().ports(List.of(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ruleset options: port out of range [1, 65000]: 0");
    assertThatThrownBy(() -> RulesetOptions.builder().interfaces(List.of("a b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ruleset options: not an interface name: a b");
  }

  @Test
  void refusesNoFamily() {
    assertThatThrownBy(() -> RulesetOptions.builder().families(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ruleset options: no family: []");
  }

  @Test
  void refusesTargetsWithoutDropOrAccept() {
    assertThatThrownBy(() -> RulesetOptions.builder().targets(TargetKind.LOG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ruleset options: targets need DROP or ACCEPT: [LOG]");
  }

  @Test
  void refusesTheMangleTable() {
    assertThatThrownBy(() -> RulesetOptions.builder().tables(TableName.MANGLE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ruleset options: table not generated: mangle");
  }

  @Test
  void refusesANegativeRuleCount() {
    assertThatThrownBy(() -> RulesetOptions.builder().maxRules(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ruleset options: negative rule count: -1");
  }

  @Test
  void refusesMoreUserChainsThanLetters() {
    assertThatThrownBy(() -> RulesetOptions.builder().maxUserChains(27))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ruleset options: user chains out of range [0, 26]: 27");
  }
}
