package dev.rampart.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.ConntrackOriginalMatch;
import dev.rampart.core.match.IcmpTypeMatch;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.IpRangeMatch;
import dev.rampart.core.match.MacMatch;
import dev.rampart.core.match.Match;
import dev.rampart.core.match.OwnerMatch;
import dev.rampart.core.match.PolicyMatch;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.RpFilterMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.match.TcpFlag;
import dev.rampart.core.match.TcpFlagsMatch;
import dev.rampart.core.target.Ct;
import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Log;
import dev.rampart.core.target.Mark;
import dev.rampart.core.target.Masquerade;
import dev.rampart.core.target.Notrack;
import dev.rampart.core.target.Redirect;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Snat;
import dev.rampart.core.target.Target;
import dev.rampart.core.target.TcpMss;
import dev.rampart.core.target.Verdict;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Every check of {@link RulesetValidator}, exercised through {@link Ruleset#builder()}. */
class RulesetValidatorTest {
  private static final Rule ACCEPT_ALL = Rule.of(List.of(), Verdict.ACCEPT);
  private static final ProtocolMatch TCP = ProtocolMatch.of(Protocol.TCP);
  private static final ProtocolMatch UDP = ProtocolMatch.of(Protocol.UDP);
  private static final AddressSet V6_HOSTS =
      AddressSet.of("v6hosts", Family.IPV6, List.of(Cidr.parse("2001:db8::/32")));

  // places and numbering

  @Test
  void namesTableChainAndOneBasedRuleNumber() {
    assertRejected(
        table(TableName.FILTER, chain("INPUT", ACCEPT_ALL, ACCEPT_ALL, rule(Jump.to("FILTERS")))),
        "table filter, chain INPUT, rule 3: unknown jump target: FILTERS");
  }

  @Test
  void namesAUserChainOfTheNatTable() {
    assertRejected(
        table(TableName.NAT, chain("DOCKER", ACCEPT_ALL, rule(Jump.goTo("NOPE")))),
        "table nat, chain DOCKER, rule 2: unknown jump target: NOPE");
  }

  @Test
  void exposesTheFailingRuleAsAPlaceValue() {
    ThrowingCallable build =
        () ->
            Ruleset.builder()
                .addTables(
                    table(
                        TableName.NAT,
                        chain("DOCKER", ACCEPT_ALL, ACCEPT_ALL, rule(Jump.to("NOPE")))))
                .build();
    assertThatThrownBy(build)
        .isInstanceOfSatisfying(
            InvalidModelException.class,
            e -> {
              assertThat(e.place()).contains(RuleRef.of(TableName.NAT, "DOCKER", 3));
              assertThat(e.problem()).isEqualTo("unknown jump target");
              assertThat(e.value()).isEqualTo("NOPE");
            });
  }

  @Test
  void exposesAFailingChainAsAPlaceValue() {
    ThrowingCallable build =
        () ->
            Ruleset.builder()
                .addTables(
                    table(
                        TableName.FILTER,
                        Chain.builder().name("FILTERS").policy(ChainPolicy.DROP).build()))
                .build();
    assertThatThrownBy(build)
        .isInstanceOfSatisfying(
            InvalidModelException.class,
            e -> assertThat(e.place()).contains(ChainRef.of(TableName.FILTER, "FILTERS")));
  }

  @Test
  void acceptsADockerStyleCoexistRuleset() {
    Ruleset rs =
        Ruleset.builder()
            .addSets(AddressSet.of("trusted", Family.IPV4, List.of(Cidr.parse("10.0.0.0/8"))))
            .addTables(
                table(
                    TableName.FILTER,
                    Chain.builder()
                        .name("INPUT")
                        .policy(ChainPolicy.DROP)
                        .addRules(rule(Jump.to("FILTERS")))
                        .build(),
                    chain("FORWARD", rule(Jump.to("DOCKER-USER")), rule(Jump.to("DOCKER"))),
                    chain(
                        "DOCKER-USER",
                        rule(Verdict.RETURN, SetMatch.source("trusted")),
                        rule(
                            Verdict.DROP,
                            InterfaceMatch.out("docker_gwbridge"),
                            TCP,
                            ConntrackOriginalMatch.destinationPort(PortRange.of(8080)))),
                    chain(
                        "FILTERS",
                        rule(Verdict.ACCEPT, InterfaceMatch.in("lo")),
                        rule(
                            Verdict.ACCEPT, TCP, PortMatch.destination(List.of(PortRange.of(22))))),
                    Chain.foreign("DOCKER")))
            .addTables(
                table(
                    TableName.NAT,
                    chain(
                        "DOCKER-INGRESS",
                        rule(
                            Dnat.to(Cidr.parse("172.18.0.2"), 8080),
                            TCP,
                            PortMatch.destination(List.of(PortRange.of(8080))))),
                    chain("POSTROUTING", rule(Masquerade.of(), InterfaceMatch.out("eth0")))))
            .build();
    org.assertj.core.api.Assertions.assertThat(rs.tables()).hasSize(2);
  }

  @Test
  void derivesEachRuleFactsAtMostTwiceHoweverManyHooksReachItsChain() {
    // A user chain reached from three hooks: its rules are checked against each hook, from facts
    // derived once per rule (they were derived again per hook: 4 times a rule here).
    List<Rule> rules = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      rules.add(rule(Verdict.ACCEPT, TCP, PortMatch.destination(List.of(PortRange.of(1000 + i)))));
    }
    Table filter =
        table(
            TableName.FILTER,
            chain("INPUT", rule(Jump.to("SHARED"))),
            chain("FORWARD", rule(Jump.to("SHARED"))),
            chain("OUTPUT", rule(Jump.to("SHARED"))),
            Chain.of("SHARED", rules));
    long before = dev.rampart.core.internal.FactsCount.onThisThread();
    Ruleset.builder().addTables(filter).build();
    long derived = dev.rampart.core.internal.FactsCount.onThisThread() - before;
    org.assertj.core.api.Assertions.assertThat(derived)
        .as("facts derived while validating 103 rules")
        .isLessThanOrEqualTo(2 * 103);
  }

  // jumps

  @Test
  void rejectsAnUnknownGotoTarget() {
    assertRejected(
        table(TableName.FILTER, chain("INPUT", rule(Jump.goTo("ELSEWHERE")))),
        "table filter, chain INPUT, rule 1: unknown jump target: ELSEWHERE");
  }

  @Test
  void rejectsAJumpToAChainOfAnotherTable() {
    assertRejected(
        Ruleset.builder()
            .addTables(table(TableName.NAT, chain("DOCKER")))
            .addTables(table(TableName.FILTER, chain("INPUT", rule(Jump.to("DOCKER"))))),
        "table filter, chain INPUT, rule 1: unknown jump target: DOCKER");
  }

  @Test
  void acceptsAJumpToAForeignChain() {
    assertAccepted(
        table(
            TableName.FILTER,
            chain("FORWARD", rule(Jump.to("DOCKER-FORWARD"))),
            Chain.foreign("DOCKER-FORWARD")));
  }

  @Test
  void rejectsAJumpToABuiltInChain() {
    assertRejected(
        table(TableName.FILTER, chain("INPUT"), chain("FILTERS", rule(Jump.to("INPUT")))),
        "table filter, chain FILTERS, rule 1: jump to a built-in chain: INPUT");
  }

  @Test
  void rejectsAJumpToABuiltInChainOfAnotherTable() {
    assertRejected(
        table(TableName.FILTER, chain("INPUT", rule(Jump.goTo("PREROUTING")))),
        "table filter, chain INPUT, rule 1: jump to a built-in chain: PREROUTING");
  }

  @Test
  void rejectsAChainJumpingToItself() {
    assertRejected(
        table(TableName.FILTER, chain("LOOP", ACCEPT_ALL, rule(Jump.to("LOOP")))),
        "table filter: jump cycle: LOOP -> LOOP");
  }

  @Test
  void rejectsAnIndirectJumpCycleListingItsChains() {
    assertRejected(
        table(
            TableName.FILTER,
            chain("INPUT", rule(Jump.to("A"))),
            chain("A", rule(Jump.to("B"))),
            chain("B", rule(Jump.to("C"))),
            chain("C", rule(Jump.to("A")))),
        "table filter: jump cycle: A -> B -> C -> A");
  }

  @Test
  void rejectsACycleThroughGotos() {
    assertRejected(
        table(TableName.MANGLE, chain("A", rule(Jump.goTo("B"))), chain("B", rule(Jump.goTo("A")))),
        "table mangle: jump cycle: A -> B -> A");
  }

  @Test
  void acceptsTwoPathsIntoTheSameChain() {
    assertAccepted(
        table(
            TableName.FILTER,
            chain("INPUT", rule(Jump.to("A")), rule(Jump.to("B"))),
            chain("A", rule(Jump.to("C"))),
            chain("B", rule(Jump.goTo("C"))),
            chain("C", ACCEPT_ALL)));
  }

  // chains

  @Test
  void rejectsAPolicyOnAUserChain() {
    assertRejected(
        table(TableName.FILTER, Chain.builder().name("FILTERS").policy(ChainPolicy.DROP).build()),
        "table filter, chain FILTERS: policy on a user chain: DROP");
  }

  @Test
  void rejectsAFamilyPolicyOnAUserChain() {
    assertRejected(
        table(
            TableName.FILTER,
            Chain.builder().name("FILTERS").putFamilyPolicy(Family.IPV6, ChainPolicy.DROP).build()),
        "table filter, chain FILTERS: policy on a user chain: ipv6 DROP");
  }

  @Test
  void acceptsPerFamilyPoliciesOnABuiltInChain() {
    assertAccepted(
        table(
            TableName.FILTER,
            Chain.builder()
                .name("INPUT")
                .policy(ChainPolicy.DROP)
                .putFamilyPolicy(Family.IPV6, ChainPolicy.ACCEPT)
                .build()));
  }

  @Test
  void rejectsAPolicyForBothFamiliesThatEachFamilyOverrides() {
    assertRejected(
        table(
            TableName.FILTER,
            Chain.builder()
                .name("INPUT")
                .policy(ChainPolicy.ACCEPT)
                .putFamilyPolicy(Family.IPV4, ChainPolicy.DROP)
                .putFamilyPolicy(Family.IPV6, ChainPolicy.DROP)
                .build()),
        "table filter, chain INPUT: a policy for both families that every family overrides (set"
            + " the family policies only): ACCEPT, ipv4 DROP, ipv6 DROP");
  }

  @Test
  void rejectsAFamilyDropPolicyInTheNatTableNamingTheFamily() {
    assertRejected(
        table(
            TableName.NAT,
            Chain.builder()
                .name("PREROUTING")
                .putFamilyPolicy(Family.IPV6, ChainPolicy.DROP)
                .build()),
        "ipv6 table nat, chain PREROUTING: the nat table does not filter, its policy must be"
            + " ACCEPT: DROP");
  }

  @Test
  void acceptsAPolicyOnABuiltInChain() {
    assertAccepted(
        table(TableName.FILTER, Chain.builder().name("FORWARD").policy(ChainPolicy.DROP).build()));
  }

  @Test
  void rejectsABuiltInChainOfAnotherTable() {
    assertRejected(
        table(TableName.FILTER, chain("PREROUTING")),
        "table filter, chain PREROUTING: built-in chain of another table: PREROUTING");
    assertRejected(
        table(TableName.RAW, chain("INPUT")),
        "table raw, chain INPUT: built-in chain of another table: INPUT");
  }

  @Test
  void rejectsAForeignBuiltInChain() {
    assertRejected(
        table(TableName.FILTER, Chain.foreign("FORWARD")),
        "table filter, chain FORWARD: a built-in chain cannot be foreign (declare it managed:"
            + " coexist mode inserts our rules without flushing it): FORWARD");
  }

  @Test
  void rejectsADropPolicyInTheNatTable() {
    assertRejected(
        table(TableName.NAT, Chain.builder().name("PREROUTING").policy(ChainPolicy.DROP).build()),
        "table nat, chain PREROUTING: the nat table does not filter, its policy must be ACCEPT:"
            + " DROP");
  }

  // duplicates

  @Test
  void rejectsATableDeclaredTwice() {
    assertRejected(
        Ruleset.builder()
            .addTables(table(TableName.FILTER, chain("INPUT")))
            .addTables(table(TableName.FILTER, chain("OUTPUT"))),
        "table declared twice: filter");
  }

  @Test
  void rejectsAChainDeclaredTwice() {
    assertRejected(
        table(TableName.FILTER, chain("FILTERS"), Chain.foreign("FILTERS")),
        "table filter: chain declared twice: FILTERS");
  }

  @Test
  void rejectsASetDeclaredTwice() {
    assertRejected(
        Ruleset.builder()
            .addSets(AddressSet.of("trusted", Family.IPV4, List.of()))
            .addSets(AddressSet.of("trusted", Family.IPV6, List.of())),
        "set declared twice: trusted");
  }

  @Test
  void acceptsTheSameChainNameInTwoTables() {
    assertAccepted(
        Ruleset.builder()
            .addTables(table(TableName.FILTER, chain("INPUT")))
            .addTables(table(TableName.NAT, chain("INPUT"))));
  }

  // matches

  @Test
  void rejectsPortsWithoutAProtocol() {
    assertRejected(
        filterInput(rule(Verdict.ACCEPT, PortMatch.destination(List.of(PortRange.of(22))))),
        "table filter, chain INPUT, rule 1: ports need a tcp, udp or sctp protocol match: dport"
            + " 22");
  }

  @Test
  void rejectsPortsWithAProtocolThatHasNone() {
    assertRejected(
        filterInput(
            rule(
                Verdict.ACCEPT,
                ProtocolMatch.of(Protocol.ICMP),
                PortMatch.source(List.of(PortRange.range(1000, 2000), PortRange.of(3000))))),
        "table filter, chain INPUT, rule 1: ports need a tcp, udp or sctp protocol match: sport"
            + " 1000-2000,3000");
  }

  @Test
  void rejectsPortsWithANegatedProtocol() {
    assertRejected(
        filterInput(
            rule(
                Verdict.ACCEPT,
                ProtocolMatch.not(Protocol.TCP),
                PortMatch.destination(List.of(PortRange.of(22))))),
        "table filter, chain INPUT, rule 1: ports need a tcp, udp or sctp protocol match: dport"
            + " 22");
  }

  @Test
  void acceptsPortsWithTcpUdpAndSctp() {
    PortMatch dport = PortMatch.destination(List.of(PortRange.of(7946)));
    assertAccepted(
        filterInput(
            rule(Verdict.ACCEPT, TCP, dport),
            rule(Verdict.ACCEPT, UDP, dport),
            rule(Verdict.ACCEPT, ProtocolMatch.of(Protocol.SCTP), dport)));
  }

  @Test
  void rejectsAnIcmpTypeWithoutAProtocol() {
    assertRejected(
        filterInput(rule(Verdict.ACCEPT, IcmpTypeMatch.icmp(8))),
        "table filter, chain INPUT, rule 1: icmp type needs protocol icmp: 8");
  }

  @Test
  void rejectsAnIcmpv6TypeWithTheIpv4IcmpProtocol() {
    assertRejected(
        filterInput(
            rule(Verdict.ACCEPT, ProtocolMatch.of(Protocol.ICMP), IcmpTypeMatch.icmpv6(128))),
        "table filter, chain INPUT, rule 1: icmp type needs protocol ipv6-icmp: 128");
  }

  @Test
  void rejectsMoreThanOneProtocol() {
    assertRejected(
        filterInput(rule(Verdict.ACCEPT, TCP, ProtocolMatch.not(Protocol.UDP))),
        "table filter, chain INPUT, rule 1: more than one protocol match: tcp and ! udp");
  }

  @Test
  void rejectsANegatedListOfSeveralAddresses() {
    assertRejected(
        filterInput(
            rule(
                Verdict.DROP,
                AddressMatch.source(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("192.168.0.0/16")))
                    .negate())),
        "table filter, chain INPUT, rule 1: a negated address list holds one prefix, use a set"
            + " for more: ! 10.0.0.0/8,192.168.0.0/16");
  }

  @Test
  void acceptsANegatedSingleAddress() {
    assertAccepted(
        filterInput(
            rule(Verdict.DROP, AddressMatch.source(List.of(Cidr.parse("10.0.0.0/8"))).negate())));
  }

  @Test
  void rejectsTwoSourceAddressMatchesListingBoth() {
    assertRejected(
        filterInput(
            rule(
                Verdict.ACCEPT,
                AddressMatch.source(List.of(Cidr.parse("10.0.0.0/8"))),
                AddressMatch.source(List.of(Cidr.parse("10.1.0.0/16"))).negate())),
        "table filter, chain INPUT, rule 1: more than one source address match: 10.0.0.0/8 and !"
            + " 10.1.0.0/16");
  }

  @Test
  void rejectsTwoDestinationAddressMatches() {
    assertRejected(
        filterInput(
            rule(
                Verdict.ACCEPT,
                AddressMatch.destination(List.of(Cidr.parse("192.0.2.1"))),
                AddressMatch.destination(List.of(Cidr.parse("192.0.2.2"))))),
        "table filter, chain INPUT, rule 1: more than one destination address match: 192.0.2.1/32"
            + " and 192.0.2.2/32");
  }

  @Test
  void acceptsOneSourceAndOneDestinationAddress() {
    assertAccepted(
        filterInput(
            rule(
                Verdict.ACCEPT,
                AddressMatch.source(List.of(Cidr.parse("10.0.0.0/8"))),
                AddressMatch.destination(List.of(Cidr.parse("192.0.2.1"))))));
  }

  @Test
  void rejectsTwoInputInterfaceMatches() {
    assertRejected(
        table(
            TableName.FILTER,
            chain(
                "FORWARD",
                rule(
                    Verdict.ACCEPT,
                    InterfaceMatch.in("eth0"),
                    InterfaceMatch.in("eth1").negate()))),
        "table filter, chain FORWARD, rule 1: more than one input interface match: eth0 and !"
            + " eth1");
  }

  @Test
  void rejectsTwoOutputInterfaceMatches() {
    assertRejected(
        table(
            TableName.FILTER,
            chain(
                "FORWARD",
                rule(Verdict.ACCEPT, InterfaceMatch.out("docker0"), InterfaceMatch.out("br+")))),
        "table filter, chain FORWARD, rule 1: more than one output interface match: docker0 and"
            + " br+");
  }

  @Test
  void rejectsAnUnknownSet() {
    assertRejected(
        filterInput(rule(Verdict.ACCEPT, SetMatch.source("trusted"))),
        "table filter, chain INPUT, rule 1: unknown set: trusted");
  }

  // targets

  @Test
  void rejectsANatTargetOutsideTheNatTable() {
    assertRejected(
        table(TableName.FILTER, chain("FORWARD", rule(Dnat.to(Cidr.parse("172.18.0.2"))))),
        "table filter, chain FORWARD, rule 1: nat target outside the nat table: DNAT");
    assertRejected(
        table(TableName.MANGLE, chain("POSTROUTING", rule(Masquerade.of()))),
        "table mangle, chain POSTROUTING, rule 1: nat target outside the nat table: MASQUERADE");
    assertRejected(
        table(TableName.RAW, chain("PREROUTING", rule(Snat.to(Cidr.parse("192.0.2.1"))))),
        "table raw, chain PREROUTING, rule 1: nat target outside the nat table: SNAT");
  }

  @Test
  void rejectsRejectInTheNatTable() {
    assertRejected(
        table(TableName.NAT, chain("DOCKER", rule(Reject.of()))),
        "table nat, chain DOCKER, rule 1: REJECT outside the filter and mangle tables: REJECT");
  }

  @Test
  void rejectsRejectInTheRawTable() {
    assertRejected(
        table(TableName.RAW, chain("OUTPUT", rule(Reject.of()))),
        "table raw, chain OUTPUT, rule 1: REJECT outside the filter and mangle tables: REJECT");
  }

  @Test
  void rejectsRejectInAHookTheKernelRefuses() {
    assertRejected(
        table(TableName.MANGLE, chain("PREROUTING", rule(Reject.of()))),
        "table mangle, chain PREROUTING, rule 1: target cannot be used in PREROUTING: REJECT");
  }

  @Test
  void acceptsRejectInFilterAndMangleInputChains() {
    assertAccepted(
        Ruleset.builder()
            .addTables(table(TableName.FILTER, chain("OUTPUT", rule(Reject.of()))))
            .addTables(table(TableName.MANGLE, chain("INPUT", rule(Reject.of())))));
  }

  @Test
  void rejectsNatTargetsInHooksTheKernelRefuses() {
    assertRejected(
        table(TableName.NAT, chain("POSTROUTING", rule(Dnat.to(Cidr.parse("172.18.0.2"))))),
        "table nat, chain POSTROUTING, rule 1: target cannot be used in POSTROUTING: DNAT");
    assertRejected(
        table(TableName.NAT, chain("PREROUTING", rule(Snat.to(Cidr.parse("192.0.2.1"))))),
        "table nat, chain PREROUTING, rule 1: target cannot be used in PREROUTING: SNAT");
    assertRejected(
        table(TableName.NAT, chain("OUTPUT", rule(Masquerade.of()))),
        "table nat, chain OUTPUT, rule 1: target cannot be used in OUTPUT: MASQUERADE");
  }

  @Test
  void acceptsNatTargetsInTheirHooks() {
    assertAccepted(
        table(
            TableName.NAT,
            chain("OUTPUT", rule(Dnat.to(Cidr.parse("172.18.0.2")))),
            chain("INPUT", rule(Snat.to(Cidr.parse("192.0.2.1")))),
            chain("POSTROUTING", rule(Masquerade.of()))));
  }

  @Test
  void rejectsDropInTheNatTable() {
    assertRejected(
        table(TableName.NAT, chain("PREROUTING", rule(Verdict.DROP))),
        "table nat, chain PREROUTING, rule 1: the nat table does not filter, use the filter table"
            + " for: DROP");
  }

  @Test
  void rejectsANatPortWithoutAPortProtocol() {
    assertRejected(
        table(TableName.NAT, chain("PREROUTING", rule(Dnat.to(Cidr.parse("172.18.0.2"), 8080)))),
        "table nat, chain PREROUTING, rule 1: a nat target with a port needs a tcp, udp or sctp"
            + " protocol match: 8080");
    assertAccepted(
        table(
            TableName.NAT,
            chain("PREROUTING", rule(Dnat.to(Cidr.parse("172.18.0.2"), 8080), UDP))));
  }

  @Test
  void rejectsTcpResetWithoutTcp() {
    assertRejected(
        filterInput(ACCEPT_ALL, rule(Reject.with(Reject.With.TCP_RESET), UDP)),
        "table filter, chain INPUT, rule 2: reject with tcp-reset needs protocol tcp: tcp-reset");
    assertAccepted(filterInput(rule(Reject.with(Reject.With.TCP_RESET), TCP)));
  }

  @Test
  void acceptsLogInEveryTable() {
    for (TableName t : TableName.values()) {
      assertAccepted(table(t, chain("OUTPUT", rule(Log.prefixed("out ")))));
    }
  }

  // hooks

  @Test
  void rejectsAnInputInterfaceInOutputAndPostrouting() {
    assertRejected(
        table(TableName.FILTER, chain("OUTPUT", rule(Verdict.ACCEPT, InterfaceMatch.in("eth0")))),
        "table filter, chain OUTPUT, rule 1: input interface cannot be matched in OUTPUT: eth0");
    assertRejected(
        table(
            TableName.NAT,
            chain("POSTROUTING", rule(Masquerade.of(), InterfaceMatch.in("docker0").negate()))),
        "table nat, chain POSTROUTING, rule 1: input interface cannot be matched in POSTROUTING:"
            + " docker0");
  }

  @Test
  void rejectsAnOutputInterfaceInInputAndPrerouting() {
    assertRejected(
        filterInput(rule(Verdict.ACCEPT, InterfaceMatch.out("eth0"))),
        "table filter, chain INPUT, rule 1: output interface cannot be matched in INPUT: eth0");
    assertRejected(
        table(TableName.RAW, chain("PREROUTING", rule(Verdict.DROP, InterfaceMatch.out("eth+")))),
        "table raw, chain PREROUTING, rule 1: output interface cannot be matched in PREROUTING:"
            + " eth+");
  }

  @Test
  void acceptsBothInterfacesInForwardAndInUserChains() {
    Match in = InterfaceMatch.in("eth0");
    Match out = InterfaceMatch.out("docker_gwbridge");
    assertAccepted(
        table(
            TableName.FILTER,
            chain("FORWARD", rule(Verdict.ACCEPT, in, out)),
            chain("DOCKER-USER", rule(Verdict.RETURN, in, out))));
  }

  @Test
  void rejectsAnIpsecPolicyDirectionInvalidForTheHook() {
    assertRejected(
        table(
            TableName.FILTER,
            chain(
                "OUTPUT",
                rule(
                    Verdict.ACCEPT,
                    PolicyMatch.of(PolicyMatch.Dir.IN, PolicyMatch.Processing.IPSEC)))),
        "table filter, chain OUTPUT, rule 1: ipsec policy direction cannot be matched in OUTPUT:"
            + " in");
    assertRejected(
        filterInput(
            rule(Verdict.DROP, PolicyMatch.of(PolicyMatch.Dir.OUT, PolicyMatch.Processing.NONE))),
        "table filter, chain INPUT, rule 1: ipsec policy direction cannot be matched in INPUT:"
            + " out");
  }

  @Test
  void acceptsEitherIpsecPolicyDirectionInForward() {
    assertAccepted(
        table(
            TableName.FILTER,
            chain(
                "FORWARD",
                rule(
                    Verdict.ACCEPT,
                    PolicyMatch.of(PolicyMatch.Dir.IN, PolicyMatch.Processing.IPSEC)),
                rule(
                    Verdict.ACCEPT,
                    PolicyMatch.of(PolicyMatch.Dir.OUT, PolicyMatch.Processing.NONE)))));
  }

  // families

  @Test
  void rejectsAnIpv4AddressInAnIpv6OnlyRule() {
    Rule r =
        Rule.builder()
            .family(Family.IPV6)
            .addMatches(AddressMatch.source(List.of(Cidr.parse("10.0.0.0/8"))))
            .target(Verdict.ACCEPT)
            .build();
    assertRejected(
        filterInput(r),
        "table filter, chain INPUT, rule 1: ipv4 address in an ipv6-only rule: 10.0.0.0/8");
  }

  @Test
  void rejectsAnIpv6SetInARuleWithAnIpv4Address() {
    assertRejected(
        Ruleset.builder()
            .addSets(V6_HOSTS)
            .addTables(
                filterInputTable(
                    rule(
                        Verdict.ACCEPT,
                        AddressMatch.source(List.of(Cidr.parse("10.0.0.0/8"))),
                        SetMatch.destination("v6hosts")))),
        "table filter, chain INPUT, rule 1: ipv6 set in a rule with ipv4 address 10.0.0.0/8:"
            + " v6hosts");
  }

  @Test
  void rejectsIcmpInAnIpv6OnlyRule() {
    Rule r =
        Rule.builder()
            .family(Family.IPV6)
            .addMatches(ProtocolMatch.of(Protocol.ICMP), IcmpTypeMatch.icmp(8))
            .target(Verdict.ACCEPT)
            .build();
    assertRejected(
        filterInput(r),
        "table filter, chain INPUT, rule 1: ipv4 protocol in an ipv6-only rule: icmp");
  }

  @Test
  void rejectsAnIcmpv6TypeInAnIpv4OnlyRuleNamingTheType() {
    Rule r =
        Rule.builder()
            .family(Family.IPV4)
            .addMatches(ProtocolMatch.not(Protocol.ICMPV6), IcmpTypeMatch.icmpv6(128))
            .target(Verdict.ACCEPT)
            .build();
    // The negated protocol is not evidence; the icmp type check speaks first.
    assertRejected(
        filterInput(r),
        "table filter, chain INPUT, rule 1: icmp type needs protocol ipv6-icmp: 128");
  }

  @Test
  void rejectsAnIpv4RejectErrorInAnIpv6Rule() {
    assertRejected(
        filterInput(
            rule(
                Reject.with(Reject.With.ICMP_HOST_PROHIBITED),
                AddressMatch.source(List.of(Cidr.parse("2001:db8::/32"))))),
        "table filter, chain INPUT, rule 1: ipv4 reject-with in a rule with ipv6 address"
            + " 2001:db8::/32: icmp-host-prohibited");
  }

  @Test
  void rejectsAnIpv6NatAddressInAnIpv4OnlyRule() {
    Rule r =
        Rule.builder()
            .family(Family.IPV4)
            .addMatches(TCP)
            .target(Dnat.to(Cidr.parse("2001:db8::2"), 80))
            .build();
    assertRejected(
        table(TableName.NAT, chain("PREROUTING", r)),
        "table nat, chain PREROUTING, rule 1: ipv6 nat address in an ipv4-only rule: 2001:db8::2/128");
  }

  @Test
  void rejectsAnIpv6OriginalDestinationInARuleWithAnIpv4Address() {
    assertRejected(
        table(
            TableName.FILTER,
            chain(
                "FORWARD",
                rule(
                    Verdict.RETURN,
                    AddressMatch.source(List.of(Cidr.parse("192.0.2.0/24"))),
                    ConntrackOriginalMatch.destination(Cidr.parse("2001:db8::1"))))),
        "table filter, chain FORWARD, rule 1: ipv6 original destination in a rule with ipv4"
            + " address 192.0.2.0/24: 2001:db8::1/128");
  }

  @Test
  void rejectsAnIpv6AddressAfterAnIpv4AddressInTheOtherDirection() {
    assertRejected(
        filterInput(
            rule(
                Verdict.ACCEPT,
                AddressMatch.source(List.of(Cidr.parse("192.0.2.0/24"))),
                AddressMatch.destination(List.of(Cidr.parse("2001:db8::1"))))),
        "table filter, chain INPUT, rule 1: ipv6 address in a rule with ipv4 address 192.0.2.0/24:"
            + " 2001:db8::1/128");
  }

  @Test
  void acceptsRulesWhoseEvidenceAgrees() {
    assertAccepted(
        Ruleset.builder()
            .addSets(V6_HOSTS)
            .addTables(
                filterInputTable(
                    rule(
                        Reject.with(Reject.With.ICMP6_ADM_PROHIBITED),
                        SetMatch.source("v6hosts"),
                        AddressMatch.destination(List.of(Cidr.parse("2001:db8::1"))),
                        ProtocolMatch.of(Protocol.ICMPV6),
                        IcmpTypeMatch.icmpv6(128)))));
  }

  // helpers

  // hooks reached through jumps

  @Test
  void acceptsAnInterfaceInAUserChainSharedByHooksThatLackIt() {
    assertAccepted(
        table(
            TableName.FILTER,
            chain("INPUT", rule(Jump.to("SHARED"))),
            chain("OUTPUT", rule(Jump.to("SHARED"))),
            chain("SHARED", rule(Verdict.ACCEPT, InterfaceMatch.in("lo")))));
  }

  @Test
  void rejectsAnIpsecDirectionInAUserChainReachedFromAHookThatLacksIt() {
    assertRejected(
        table(
            TableName.FILTER,
            chain("OUTPUT", rule(Jump.to("FILTERS"))),
            chain(
                "FILTERS",
                rule(
                    Verdict.DROP,
                    PolicyMatch.of(PolicyMatch.Dir.IN, PolicyMatch.Processing.NONE)))),
        "table filter, chain FILTERS, rule 1: ipsec policy direction cannot be matched in"
            + " FILTERS, reached from OUTPUT: in");
  }

  @Test
  void rejectsATargetOfAnotherHookInAUserChainReachedThroughTwoJumps() {
    assertRejected(
        table(
            TableName.NAT,
            chain("PREROUTING", rule(Jump.to("A"))),
            chain("A", rule(Jump.goTo("B"))),
            chain("B", rule(Masquerade.of()))),
        "table nat, chain B, rule 1: target cannot be used in B, reached from PREROUTING:"
            + " MASQUERADE");
  }

  @Test
  void acceptsInterfacesOfBothSidesInAUserChainReachedFromForwardOnly() {
    assertAccepted(
        table(
            TableName.FILTER,
            chain("FORWARD", rule(Jump.to("DOCKER-USER"))),
            chain(
                "DOCKER-USER",
                rule(Verdict.RETURN, InterfaceMatch.in("eth0"), InterfaceMatch.out("docker0")))));
  }

  @Test
  void doesNotCheckHooksOfAUserChainNoBuiltinReaches() {
    assertAccepted(
        table(TableName.FILTER, chain("SPARE", rule(Verdict.DROP, InterfaceMatch.out("eth0")))));
  }

  // what a host may hold but a policy may not (checked here, not by Rule, Log or PortMatch)

  @Test
  void rejectsAHostileCommentInAPolicy() {
    assertRejected(
        filterInput(Rule.builder().target(Verdict.ACCEPT).comment("x\" -j ACCEPT\n#").build()),
        "table filter, chain INPUT, rule 1: comment may only hold printable ASCII without quotes, backslash, backtick or dollar:"
            + " x\" -j ACCEPT\\n#");
  }

  @Test
  void rejectsACommentOverTheKernelLimitInAPolicy() {
    assertRejected(
        filterInput(Rule.builder().target(Verdict.ACCEPT).comment("c".repeat(256)).build()),
        "table filter, chain INPUT, rule 1: comment longer than 255 characters: "
            + "c".repeat(256));
  }

  @Test
  void rejectsAHostileLogPrefixInAPolicy() {
    assertRejected(
        filterInput(rule(Log.prefixed("$(reboot)"))),
        "table filter, chain INPUT, rule 1: log prefix may only hold printable ASCII without quotes, backslash, backtick or"
            + " dollar: $(reboot)");
  }

  @Test
  void rejectsALogPrefixStartingWithASpaceInAPolicy() {
    assertRejected(
        filterInput(rule(Log.prefixed(" drop"))),
        "table filter, chain INPUT, rule 1: log prefix may not start with a space:  drop");
  }

  @Test
  void rejectsAPortListedTwiceInAPolicy() {
    assertRejected(
        filterInput(
            rule(
                Verdict.ACCEPT,
                TCP,
                PortMatch.destination(
                    List.of(PortRange.of(22), PortRange.range(80, 81), PortRange.range(80, 81))))),
        "table filter, chain INPUT, rule 1: port list has a duplicate: 80-81");
  }

  @Test
  void acceptsASafeCommentAndLogPrefix() {
    assertAccepted(
        filterInput(Rule.builder().target(Log.prefixed("[drop] ")).comment("ssh; ok").build()));
  }

  // matches and targets read from real hosts

  @Test
  void rejectsTcpFlagsWithoutProtocolTcp() {
    assertRejected(
        filterInput(rule(Verdict.DROP, UDP, TcpFlagsMatch.syn())),
        "table filter, chain INPUT, rule 1: tcp flags need protocol tcp: FIN,SYN,RST,ACK SYN");
  }

  @Test
  void acceptsTcpFlagsWithProtocolTcp() {
    assertAccepted(filterInput(rule(Verdict.DROP, TCP, TcpFlagsMatch.syn().negate())));
  }

  @Test
  void rejectsAMacMatchInOutput() {
    assertRejected(
        table(
            TableName.FILTER,
            chain("OUTPUT", rule(Verdict.DROP, MacMatch.source("52:54:00:ab:cd:ef")))),
        "table filter, chain OUTPUT, rule 1: mac source cannot be matched in OUTPUT:"
            + " 52:54:00:ab:cd:ef");
  }

  @Test
  void acceptsAMacMatchInForward() {
    assertAccepted(
        table(
            TableName.FILTER,
            chain("FORWARD", rule(Verdict.DROP, MacMatch.source("52:54:00:ab:cd:ef")))));
  }

  @Test
  void rejectsAnOwnerMatchInAUserChainReachedFromInput() {
    assertRejected(
        table(
            TableName.FILTER,
            chain("INPUT", rule(Jump.to("HOST"))),
            chain("HOST", rule(Verdict.ACCEPT, OwnerMatch.uid(1000)))),
        "table filter, chain HOST, rule 1: socket owner cannot be matched in HOST, reached from"
            + " INPUT: uid");
  }

  @Test
  void acceptsAnOwnerMatchInOutput() {
    assertAccepted(
        table(TableName.FILTER, chain("OUTPUT", rule(Verdict.ACCEPT, OwnerMatch.socketExists()))));
  }

  @Test
  void rejectsAnRpfilterMatchInTheFilterTable() {
    assertRejected(
        table(
            TableName.FILTER, chain("INPUT", rule(Verdict.DROP, RpFilterMatch.strict().negate()))),
        "table filter, chain INPUT, rule 1: rpfilter cannot be used in table filter:"
            + " -m rpfilter --invert");
  }

  @Test
  void rejectsAnRpfilterMatchInMangleInput() {
    assertRejected(
        table(TableName.MANGLE, chain("INPUT", rule(Verdict.DROP, RpFilterMatch.loose()))),
        "table mangle, chain INPUT, rule 1: rpfilter cannot be matched in INPUT:"
            + " -m rpfilter --loose");
  }

  @Test
  void rejectsAnRpfilterMatchInAUserChainReachedFromOutput() {
    assertRejected(
        table(
            TableName.RAW,
            chain("OUTPUT", rule(Jump.to("SPOOF"))),
            chain("SPOOF", rule(Verdict.DROP, RpFilterMatch.strict().negate()))),
        "table raw, chain SPOOF, rule 1: rpfilter cannot be matched in SPOOF, reached from"
            + " OUTPUT: -m rpfilter --invert");
  }

  @Test
  void acceptsAnRpfilterMatchInRawAndManglePrerouting() {
    assertAccepted(
        table(
            TableName.RAW,
            chain("PREROUTING", rule(Jump.to("SPOOF"))),
            chain("SPOOF", rule(Verdict.DROP, RpFilterMatch.strict().negate()))));
    assertAccepted(
        table(
            TableName.MANGLE,
            chain("PREROUTING", rule(Verdict.DROP, RpFilterMatch.loose().negate()))));
  }

  @Test
  void rejectsCtOutsideTheRawTable() {
    assertRejected(
        filterInput(rule(Ct.notrack())),
        "table filter, chain INPUT, rule 1: target cannot be used in table filter: CT");
  }

  @Test
  void rejectsNotrackOutsideTheRawTable() {
    assertRejected(
        table(TableName.MANGLE, chain("PREROUTING", rule(Notrack.INSTANCE))),
        "table mangle, chain PREROUTING, rule 1: target cannot be used in table mangle: NOTRACK");
  }

  @Test
  void acceptsCtAndNotrackInTheRawTable() {
    assertAccepted(
        table(TableName.RAW, chain("PREROUTING", rule(Ct.zone(5)), rule(Notrack.INSTANCE))));
  }

  @Test
  void acceptsMarkInAnyTable() {
    assertAccepted(table(TableName.NAT, chain("PREROUTING", rule(Mark.set(1)))));
  }

  @Test
  void rejectsTcpMssWithoutASynFlagsMatch() {
    assertRejected(
        table(TableName.MANGLE, chain("FORWARD", rule(TcpMss.clampToPmtu(), TCP))),
        "table mangle, chain FORWARD, rule 1: target needs protocol tcp and a tcp flags match"
            + " with SYN set: TCPMSS");
  }

  @Test
  void rejectsTcpMssWithANegatedSynFlagsMatch() {
    assertRejected(
        table(
            TableName.MANGLE,
            chain("FORWARD", rule(TcpMss.setMss(1400), TCP, TcpFlagsMatch.syn().negate()))),
        "table mangle, chain FORWARD, rule 1: target needs protocol tcp and a tcp flags match"
            + " with SYN set: TCPMSS");
  }

  @Test
  void rejectsClampingTheMssInInput() {
    assertRejected(
        filterInput(rule(TcpMss.clampToPmtu(), TCP, TcpFlagsMatch.syn())),
        "table filter, chain INPUT, rule 1: target cannot be used in INPUT: TCPMSS");
  }

  @Test
  void acceptsSettingTheMssInInput() {
    assertAccepted(
        filterInput(
            rule(
                TcpMss.setMss(1400),
                TCP,
                TcpFlagsMatch.of(List.of(TcpFlag.SYN, TcpFlag.RST), List.of(TcpFlag.SYN)))));
  }

  @Test
  void rejectsTcpMssInTheRawTable() {
    assertRejected(
        table(TableName.RAW, chain("OUTPUT", rule(TcpMss.setMss(1400), TCP, TcpFlagsMatch.syn()))),
        "table raw, chain OUTPUT, rule 1: target cannot be used in table raw: TCPMSS");
  }

  @Test
  void rejectsRedirectOutsideTheNatTable() {
    assertRejected(
        filterInput(rule(Redirect.of())),
        "table filter, chain INPUT, rule 1: nat target outside the nat table: REDIRECT");
  }

  @Test
  void rejectsRedirectInPostrouting() {
    assertRejected(
        table(TableName.NAT, chain("POSTROUTING", rule(Redirect.of()))),
        "table nat, chain POSTROUTING, rule 1: target cannot be used in POSTROUTING: REDIRECT");
  }

  @Test
  void rejectsRedirectPortsWithoutAPortProtocol() {
    assertRejected(
        table(TableName.NAT, chain("PREROUTING", rule(Redirect.toPort(8080)))),
        "table nat, chain PREROUTING, rule 1: a nat target with a port needs a tcp, udp or sctp"
            + " protocol match: 8080");
  }

  @Test
  void rejectsAnIpv6AddressRangeInAnIpv4Rule() {
    assertRejected(
        filterInput(
            rule(
                Verdict.DROP,
                AddressMatch.source(List.of(Cidr.parse("10.0.0.0/8"))),
                IpRangeMatch.destination(Cidr.parse("2001:db8::1"), Cidr.parse("2001:db8::9")))),
        "table filter, chain INPUT, rule 1: ipv6 address range in a rule with ipv4 address"
            + " 10.0.0.0/8: 2001:db8::1-2001:db8::9");
  }

  private static Rule rule(Target target, Match... matches) {
    return Rule.of(List.of(matches), target);
  }

  private static Chain chain(String name, Rule... rules) {
    return Chain.of(name, List.of(rules));
  }

  private static Table table(TableName name, Chain... chains) {
    return Table.of(name, List.of(chains));
  }

  private static Table filterInputTable(Rule... rules) {
    return table(TableName.FILTER, chain("INPUT", rules));
  }

  private static Ruleset.Builder filterInput(Rule... rules) {
    return Ruleset.builder().addTables(filterInputTable(rules));
  }

  private static void assertRejected(Table table, String message) {
    assertRejected(Ruleset.builder().addTables(table), message);
  }

  private static void assertRejected(Ruleset.Builder builder, String message) {
    ThrowingCallable build = builder::build;
    assertThatThrownBy(build).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  private static void assertAccepted(Table table) {
    assertAccepted(Ruleset.builder().addTables(table));
  }

  private static void assertAccepted(Ruleset.Builder builder) {
    assertThatCode(builder::build).doesNotThrowAnyException();
  }
}
