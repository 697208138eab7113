package dev.rampart.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.AddressSet;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Cidr;
import dev.rampart.core.Coexist;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.UnsupportedFeatureException;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.AddressTypeMatch;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.ConntrackOriginalMatch;
import dev.rampart.core.match.ConntrackStateMatch;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.Match;
import dev.rampart.core.match.PolicyMatch;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Masquerade;
import dev.rampart.core.target.Target;
import dev.rampart.core.target.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A single-node swarm publishing 8080 (after moby's {@code swarm-portmap} document, Docker 28,
 * trimmed), built by hand with counters and dump lines, and a host policy with a host chain and
 * DOCKER-USER applied to it.
 */
class AfterApplyTest {
  // Docker's rules

  private static final Rule ENCRYPTED_VXLAN_DROP =
      rule(
          Verdict.DROP,
          ProtocolMatch.of(Protocol.UDP),
          PortMatch.destination(List.of(PortRange.of(4789))),
          PolicyMatch.of(PolicyMatch.Dir.IN, PolicyMatch.Processing.NONE));
  private static final Rule OLD_DOCKER_RETURN = rule(Verdict.RETURN);
  private static final SnapshotChain DOCKER_FORWARD =
      SnapshotChain.builder()
          .name("DOCKER-FORWARD")
          .addRule(
              dumped(rule(Jump.to("DOCKER-INGRESS")), 20, "-A DOCKER-FORWARD -j DOCKER-INGRESS"))
          .addRule(dumped(rule(Jump.to("DOCKER-CT")), 21, "-A DOCKER-FORWARD -j DOCKER-CT"))
          .addRule(rule(Verdict.ACCEPT, InterfaceMatch.in("docker0")))
          .origin(Origin.of(6, ":DOCKER-FORWARD - [0:0]"))
          .build();
  private static final SnapshotChain DOCKER_INGRESS =
      SnapshotChain.builder()
          .name("DOCKER-INGRESS")
          .addRule(
              rule(
                  Verdict.ACCEPT,
                  ProtocolMatch.of(Protocol.TCP),
                  PortMatch.destination(List.of(PortRange.of(8080)))))
          .addRule(rule(Verdict.RETURN))
          .build();
  private static final SnapshotChain DOCKER_CT =
      SnapshotChain.builder()
          .name("DOCKER-CT")
          .addRule(
              rule(
                  Verdict.ACCEPT,
                  InterfaceMatch.out("docker0"),
                  ConntrackStateMatch.of(List.of(ConnState.RELATED, ConnState.ESTABLISHED))))
          .build();
  private static final SnapshotTable DOCKER_NAT =
      SnapshotTable.of(
          Family.IPV4,
          TableName.NAT,
          List.of(
              SnapshotChain.builder()
                  .name("PREROUTING")
                  .addRule(
                      rule(
                          Jump.to("DOCKER-INGRESS"),
                          AddressTypeMatch.destination(AddressTypeMatch.Type.LOCAL)))
                  .build(),
              SnapshotChain.builder()
                  .name("POSTROUTING")
                  .addRule(
                      rule(
                          Masquerade.of(),
                          AddressMatch.source(List.of(Cidr.parse("172.17.0.0/16"))),
                          InterfaceMatch.out("docker0").negate()))
                  .build(),
              SnapshotChain.builder()
                  .name("DOCKER-INGRESS")
                  .addRule(
                      rule(
                          Dnat.to(Cidr.parse("172.18.0.2"), 8080),
                          ProtocolMatch.of(Protocol.TCP),
                          PortMatch.destination(List.of(PortRange.of(8080)))))
                  .addRule(rule(Verdict.RETURN))
                  .build()));
  private static final AddressSet DOCKER_HOSTS =
      AddressSet.of("docker_hosts", Family.IPV4, List.of(Cidr.parse("192.0.2.0/24")));

  private static final Snapshot HOST =
      Snapshot.builder()
          .addTables(
              SnapshotTable.of(
                  Family.IPV4,
                  TableName.FILTER,
                  List.of(
                      SnapshotChain.builder()
                          .name("INPUT")
                          .policy(ChainPolicy.ACCEPT)
                          .counters(Counters.of(900, 81000))
                          .addRule(
                              dumped(
                                  ENCRYPTED_VXLAN_DROP,
                                  12,
                                  "-A INPUT -p udp -m udp --dport 4789 -m policy --dir in --pol"
                                      + " none -j DROP"))
                          .build(),
                      SnapshotChain.builder()
                          .name("FORWARD")
                          .policy(ChainPolicy.DROP)
                          .addRule(rule(Jump.to("DOCKER-USER")))
                          .addRule(rule(Jump.to("DOCKER-FORWARD")))
                          .build(),
                      SnapshotChain.builder()
                          .name("DOCKER-USER")
                          .addRule(dumped(OLD_DOCKER_RETURN, 30, "-A DOCKER-USER -j RETURN"))
                          .origin(Origin.of(9, ":DOCKER-USER - [0:0]"))
                          .build(),
                      DOCKER_FORWARD,
                      DOCKER_INGRESS,
                      DOCKER_CT)),
              DOCKER_NAT,
              SnapshotTable.of(
                  Family.IPV6,
                  TableName.FILTER,
                  List.of(
                      SnapshotChain.builder()
                          .name("FORWARD")
                          .addRule(rule(Jump.to("DOCKER-USER")))
                          .build(),
                      SnapshotChain.builder().name("DOCKER-USER").build())))
          .addSets(DOCKER_HOSTS)
          .build();

  // the policy

  private static final AddressSet TRUSTED =
      AddressSet.of("trusted", Family.IPV4, List.of(Cidr.parse("10.0.0.0/8")));
  private static final Rule TO_FILTERS = rule(Jump.to("FILTERS"));
  private static final Rule LOOPBACK = rule(Verdict.ACCEPT, InterfaceMatch.in("lo"));
  private static final Rule ESTABLISHED =
      rule(
          Verdict.ACCEPT,
          ConntrackStateMatch.of(List.of(ConnState.ESTABLISHED, ConnState.RELATED)));
  private static final Rule SSH =
      rule(
          Verdict.ACCEPT,
          ProtocolMatch.of(Protocol.TCP),
          PortMatch.destination(List.of(PortRange.of(22))));
  private static final Rule FROM_TRUSTED = rule(Verdict.RETURN, SetMatch.source("trusted"));
  private static final Rule PUBLISHED_8080 =
      rule(
          Verdict.DROP,
          InterfaceMatch.out("docker_gwbridge"),
          ProtocolMatch.of(Protocol.TCP),
          ConntrackOriginalMatch.destinationPort(PortRange.of(8080)));

  private static final Ruleset POLICY =
      Ruleset.builder()
          .addSets(TRUSTED)
          .addTables(
              Table.of(
                  TableName.FILTER,
                  List.of(
                      Chain.builder()
                          .name("INPUT")
                          .policy(ChainPolicy.DROP)
                          .addRules(TO_FILTERS)
                          .build(),
                      Chain.of("FILTERS", List.of(LOOPBACK, ESTABLISHED, SSH)),
                      Chain.of("DOCKER-USER", List.of(FROM_TRUSTED, PUBLISHED_8080)),
                      Chain.foreign("DOCKER-FORWARD"))))
          .build();

  private static Rule rule(Target target, Match... matches) {
    return Rule.of(List.of(matches), target);
  }

  private static SnapshotRule dumped(Rule rule, int line, String text) {
    return SnapshotRule.builder()
        .rule(rule)
        .counters(Counters.of(line, line * 60L))
        .origin(Origin.of(line, text))
        .build();
  }

  private static SnapshotTable table(Snapshot s, Family family, TableName name) {
    return s.table(family, name).orElseThrow();
  }

  private static SnapshotChain chain(Snapshot s, Family family, String name) {
    return table(s, family, TableName.FILTER).chain(name).orElseThrow();
  }

  private static List<Rule> rules(Snapshot s, Family family, String name) {
    return chain(s, family, name).rules().stream().map(SnapshotRule::rule).toList();
  }

  @Test
  void applyingTwiceEqualsApplyingOnce() {
    Snapshot once = AfterApply.of(HOST, POLICY);
    assertThat(AfterApply.of(once, POLICY)).isEqualTo(once);
  }

  @Test
  void changesTheHostWhenAppliedFirst() {
    assertThat(AfterApply.of(HOST, POLICY)).isNotEqualTo(HOST);
  }

  @Test
  void insertsTheInputJumpOnceOnTopOfDockersRules() {
    Snapshot twice = AfterApply.of(AfterApply.of(HOST, POLICY), POLICY);
    assertThat(rules(twice, Family.IPV4, "INPUT"))
        .containsExactly(Coexist.jump("INPUT"), ENCRYPTED_VXLAN_DROP);
    assertThat(rules(twice, Family.IPV6, "INPUT")).containsExactly(Coexist.jump("INPUT"));
    assertThat(rules(twice, Family.IPV4, "RAMPART-INPUT")).containsExactly(TO_FILTERS);
  }

  @Test
  void keepsTheCountersAndLinesOfRulesAlreadyThere() {
    SnapshotRule docker = chain(AfterApply.of(HOST, POLICY), Family.IPV4, "INPUT").rules().get(1);
    assertThat(docker.counters()).contains(Counters.of(12, 720));
    assertThat(docker.origin().map(Origin::line)).contains(12);
  }

  @Test
  void setsTheDeclaredPolicyKeepingItsCounters() {
    SnapshotChain input = chain(AfterApply.of(HOST, POLICY), Family.IPV4, "INPUT");
    assertThat(input.policy()).contains(ChainPolicy.DROP);
    assertThat(input.counters()).contains(Counters.of(900, 81000));
  }

  @Test
  void setsEachFamilysOwnPolicy() {
    Ruleset perFamily =
        Ruleset.builder()
            .addTables(
                Table.of(
                    TableName.FILTER,
                    List.of(
                        Chain.builder()
                            .name("INPUT")
                            .putFamilyPolicy(Family.IPV4, ChainPolicy.DROP)
                            .putFamilyPolicy(Family.IPV6, ChainPolicy.ACCEPT)
                            .build())))
            .lockoutAllowed(true)
            .build();
    Snapshot after = AfterApply.of(HOST, perFamily);
    assertThat(chain(after, Family.IPV4, "INPUT").policy()).contains(ChainPolicy.DROP);
    assertThat(chain(after, Family.IPV6, "INPUT").policy()).contains(ChainPolicy.ACCEPT);
  }

  @Test
  void leavesBuiltInPoliciesThePolicyDoesNotDeclare() {
    Snapshot after = AfterApply.of(HOST, POLICY);
    assertThat(chain(after, Family.IPV4, "FORWARD").policy()).contains(ChainPolicy.DROP);
    assertThat(chain(after, Family.IPV4, "OUTPUT").policy()).contains(ChainPolicy.ACCEPT);
  }

  @Test
  void replacesDockerUserWithThePolicysRulesOfEachFamily() {
    Snapshot after = AfterApply.of(HOST, POLICY);
    assertThat(rules(after, Family.IPV4, "DOCKER-USER"))
        .containsExactly(FROM_TRUSTED, PUBLISHED_8080);
    assertThat(rules(after, Family.IPV6, "DOCKER-USER")).containsExactly(PUBLISHED_8080);
    assertThat(chain(after, Family.IPV4, "DOCKER-USER").origin()).isEmpty();
  }

  @Test
  void refillsAReplacedChainInPlace() {
    assertThat(table(AfterApply.of(HOST, POLICY), Family.IPV4, TableName.FILTER).chains())
        .extracting(SnapshotChain::name)
        .startsWith("INPUT", "FORWARD", "OUTPUT", "DOCKER-USER", "DOCKER-FORWARD");
  }

  @Test
  void createsTheHostChainAfterDockersChains() {
    Snapshot after = AfterApply.of(HOST, POLICY);
    assertThat(table(after, Family.IPV4, TableName.FILTER).chains())
        .extracting(SnapshotChain::name)
        .endsWith("DOCKER-CT", "RAMPART-OWNED", "RAMPART-INPUT", "FILTERS");
    assertThat(rules(after, Family.IPV4, "FILTERS")).containsExactly(LOOPBACK, ESTABLISHED, SSH);
    assertThat(rules(after, Family.IPV6, "FILTERS")).containsExactly(LOOPBACK, ESTABLISHED, SSH);
  }

  @Test
  void leavesDockersChainsUntouched() {
    Snapshot after = AfterApply.of(HOST, POLICY);
    assertThat(chain(after, Family.IPV4, "DOCKER-FORWARD")).isEqualTo(DOCKER_FORWARD);
    assertThat(chain(after, Family.IPV4, "DOCKER-INGRESS")).isEqualTo(DOCKER_INGRESS);
    assertThat(chain(after, Family.IPV4, "DOCKER-CT")).isEqualTo(DOCKER_CT);
    assertThat(rules(after, Family.IPV4, "FORWARD"))
        .containsExactly(rule(Jump.to("DOCKER-USER")), rule(Jump.to("DOCKER-FORWARD")));
  }

  @Test
  void leavesTablesThePolicyDoesNotUseUntouched() {
    assertThat(AfterApply.of(HOST, POLICY).table(Family.IPV4, TableName.NAT)).contains(DOCKER_NAT);
    assertThat(AfterApply.of(HOST, POLICY).table(Family.IPV6, TableName.NAT)).isEmpty();
  }

  @Test
  void addsThePolicysSetsAndKeepsTheOthers() {
    assertThat(AfterApply.of(HOST, POLICY).sets()).containsExactly(DOCKER_HOSTS, TRUSTED);
  }

  @Test
  void replacesAKnownSetOfTheSameNameInPlace() {
    AddressSet newHosts =
        AddressSet.of("docker_hosts", Family.IPV4, List.of(Cidr.parse("198.51.100.0/24")));
    Ruleset setsOnly = Ruleset.builder().addSets(TRUSTED, newHosts).build();
    assertThat(AfterApply.of(HOST, setsOnly).sets()).containsExactly(newHosts, TRUSTED);
  }

  @Test
  void movesTheBuiltInChainsRulesIntoItsManagedChainJumpedFromTheTop() {
    Snapshot host =
        Snapshot.builder()
            .addTables(
                SnapshotTable.of(
                    Family.IPV4,
                    TableName.FILTER,
                    List.of(
                        SnapshotChain.builder()
                            .name("INPUT")
                            .addRule(ENCRYPTED_VXLAN_DROP)
                            .addRule(SSH)
                            .build())))
            .build();
    Ruleset policy =
        Ruleset.builder()
            .addTables(
                Table.of(
                    TableName.FILTER,
                    List.of(Chain.of("INPUT", List.of(LOOPBACK, SSH, ESTABLISHED)))))
            .build();
    Snapshot after = AfterApply.of(host, policy);
    assertThat(rules(after, Family.IPV4, "INPUT"))
        .containsExactly(Coexist.jump("INPUT"), ENCRYPTED_VXLAN_DROP, SSH);
    assertThat(rules(after, Family.IPV4, "RAMPART-INPUT"))
        .containsExactly(LOOPBACK, SSH, ESTABLISHED);
  }

  @Test
  void appliedAfterAnotherPolicyGivesWhatItGivesAlone() {
    Ruleset other =
        Ruleset.builder()
            .addTables(
                Table.of(
                    TableName.FILTER,
                    List.of(
                        Chain.builder()
                            .name("FORWARD")
                            .policy(ChainPolicy.ACCEPT)
                            .addRules(rule(Jump.to("OLD")))
                            .build(),
                        Chain.of("OLD", List.of(SSH)),
                        Chain.of("OUTPUT", List.of(SSH)))))
            .build();
    assertThat(AfterApply.of(AfterApply.of(HOST, other), POLICY))
        .isEqualTo(AfterApply.of(HOST, POLICY));
    assertThat(chain(AfterApply.of(HOST, other), Family.IPV4, "FORWARD").policy())
        .contains(ChainPolicy.ACCEPT);
  }

  @Test
  void createsATableTheHostLacksAsTheKernelDoes() {
    Ruleset raw =
        Ruleset.builder()
            .addTables(
                Table.of(
                    TableName.RAW,
                    List.of(
                        Chain.of(
                            "PREROUTING", List.of(rule(Verdict.DROP, InterfaceMatch.in("eth9")))))))
            .build();
    SnapshotTable after = table(AfterApply.of(HOST, raw), Family.IPV6, TableName.RAW);
    assertThat(after.chains())
        .extracting(SnapshotChain::name)
        .containsExactly("PREROUTING", "OUTPUT", "RAMPART-OWNED", "RAMPART-PREROUTING");
    assertThat(after.chain("RAMPART-PREROUTING").map(SnapshotChain::rules))
        .hasValueSatisfying(r -> assertThat(r).hasSize(1));
    assertThat(after.chain("OUTPUT").flatMap(SnapshotChain::policy)).contains(ChainPolicy.ACCEPT);
  }

  @Test
  void refusesAJumpToAForeignChainTheHostLacks() {
    Snapshot bare =
        Snapshot.builder()
            .addTables(SnapshotTable.of(Family.IPV4, TableName.FILTER, List.of()))
            .build();
    Ruleset policy =
        Ruleset.builder()
            .addTables(
                Table.of(
                    TableName.FILTER,
                    List.of(
                        Chain.of("FORWARD", List.of(LOOPBACK, rule(Jump.to("DOCKER-USER")))),
                        Chain.foreign("DOCKER-USER"))))
            .build();
    assertThatThrownBy(() -> AfterApply.of(bare, policy))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "ipv4 table filter, chain RAMPART-FORWARD, rule 2: jump to a missing chain:"
                + " DOCKER-USER");
  }

  @Test
  void refusesAReturnInABuiltInChain() {
    Ruleset policy =
        Ruleset.builder()
            .addTables(
                Table.of(
                    TableName.FILTER, List.of(Chain.of("INPUT", List.of(SSH, OLD_DOCKER_RETURN)))))
            .build();
    assertThatThrownBy(() -> AfterApply.of(HOST, policy))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageStartingWith(
            "table filter, chain INPUT, rule 2: iptables cannot express a RETURN");
  }
}
