package dev.rampart.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import dev.rampart.core.AddressSet;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.ChainRef;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.RuleRef;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.Evaluation.Decision;
import dev.rampart.core.eval.Evaluation.Path;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.AddressTypeMatch;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.ConntrackOriginalMatch;
import dev.rampart.core.match.ConntrackStateMatch;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.IpRangeMatch;
import dev.rampart.core.match.LimitMatch;
import dev.rampart.core.match.MacMatch;
import dev.rampart.core.match.MarkMatch;
import dev.rampart.core.match.Match;
import dev.rampart.core.match.OpaqueMatch;
import dev.rampart.core.match.OwnerMatch;
import dev.rampart.core.match.PacketTypeMatch;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.RpFilterMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.match.TcpFlag;
import dev.rampart.core.match.TcpFlagsMatch;
import dev.rampart.core.snapshot.AfterApply;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.core.snapshot.SnapshotChain;
import dev.rampart.core.snapshot.SnapshotTable;
import dev.rampart.core.target.ConnMark;
import dev.rampart.core.target.Ct;
import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Log;
import dev.rampart.core.target.Mark;
import dev.rampart.core.target.Nflog;
import dev.rampart.core.target.Notrack;
import dev.rampart.core.target.OpaqueTarget;
import dev.rampart.core.target.Redirect;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Target;
import dev.rampart.core.target.TcpMss;
import dev.rampart.core.target.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
  static final Host HOST =
      Host.parse("eth0=198.51.100.1/24,docker_gwbridge=172.18.0.1/16,default=eth0");
  static final Packet SSH =
      Packet.tcp().from("203.0.113.9", 40000).to("198.51.100.1", 22).in("eth0");

  static Rule rule(Target target, Match... matches) {
    return Rule.of(List.of(matches), target);
  }

  static Match tcp() {
    return ProtocolMatch.of(Protocol.TCP);
  }

  static Match dport(int port) {
    return PortMatch.destination(List.of(PortRange.of(port)));
  }

  static Chain chain(String name, Rule... rules) {
    return Chain.of(name, List.of(rules));
  }

  static Chain builtin(String name, ChainPolicy policy, Rule... rules) {
    return Chain.builder().name(name).policy(policy).addRules(rules).build();
  }

  static Ruleset ruleset(Table... tables) {
    return Ruleset.builder().addTables(tables).build();
  }

  static Table filter(Chain... chains) {
    return Table.of(TableName.FILTER, List.of(chains));
  }

  static Table nat(Chain... chains) {
    return Table.of(TableName.NAT, List.of(chains));
  }

  static RuleRef ref(TableName table, String chain, int index) {
    return RuleRef.of(table, chain, index).in(Family.IPV4);
  }

  /** Docker's swarm routing mesh for published port 8080: DNAT to the ingress sandbox. */
  static Table dockerNat() {
    return nat(
        chain(
            "PREROUTING",
            rule(
                Jump.to("DOCKER-INGRESS"),
                AddressTypeMatch.destination(AddressTypeMatch.Type.LOCAL))),
        chain(
            "DOCKER-INGRESS",
            rule(Dnat.to(Cidr.parse("172.18.0.2"), 8080), tcp(), dport(8080)),
            rule(Verdict.RETURN)));
  }

  @Test
  void dnatToAContainerGoesToForwardOutOfTheBridgeTheHostRoutesTo() {
    Ruleset rs = ruleset(dockerNat(), filter(builtin("INPUT", ChainPolicy.DROP)));
    Evaluation e =
        Evaluator.of(rs, HOST)
            .evaluate(Packet.tcp().from("203.0.113.9").to("198.51.100.1", 8080).in("eth0"));

    assertThat(e.decision()).isEqualTo(Decision.ACCEPTED);
    assertThat(e.path()).contains(Path.FORWARD);
    assertThat(e.destination()).contains(InetAddresses.forString("172.18.0.2"));
    assertThat(e.destinationPort()).hasValue(8080);
    assertThat(e.outInterface()).contains("docker_gwbridge");
  }

  @Test
  void docker_userIsTraversedBeforeDocker_forward() {
    Ruleset rs =
        ruleset(
            dockerNat(),
            filter(
                builtin(
                    "FORWARD",
                    ChainPolicy.DROP,
                    rule(Jump.to("DOCKER-USER")),
                    rule(Jump.to("DOCKER-FORWARD"))),
                chain(
                    "DOCKER-USER",
                    rule(Verdict.DROP, InterfaceMatch.in("eth0"), tcp(), dport(8080))),
                chain("DOCKER-FORWARD", rule(Verdict.ACCEPT))));
    Evaluation e =
        Evaluator.of(rs, HOST)
            .evaluate(Packet.tcp().from("203.0.113.9").to("198.51.100.1", 8080).in("eth0"));

    assertThat(e.decision()).isEqualTo(Decision.DROPPED);
    assertThat(e.decidedBy()).contains(ref(TableName.FILTER, "DOCKER-USER", 1));
    assertThat(e.trace().visited())
        .doesNotContain(ref(TableName.FILTER, "DOCKER-FORWARD", 1))
        .containsSubsequence(
            ref(TableName.FILTER, "FORWARD", 1), ref(TableName.FILTER, "DOCKER-USER", 1));
  }

  @Test
  void aLaterPacketOfADnatedConnectionMeetsRawAndManglePreroutingUntranslated() {
    // Docker's raw drop of direct access to the ingress sandbox, and a mangle mark on the
    // published address: the later packets of the published flow arrive with the host's address
    Ruleset rs =
        ruleset(
            Table.of(
                TableName.RAW,
                List.of(
                    chain(
                        "PREROUTING",
                        rule(
                            Verdict.DROP,
                            AddressMatch.destination(List.of(Cidr.parse("172.18.0.2/32"))),
                            InterfaceMatch.in("docker_gwbridge").negate())))),
            Table.of(
                TableName.MANGLE,
                List.of(
                    chain(
                        "PREROUTING",
                        rule(
                            Mark.set(7),
                            AddressMatch.destination(List.of(Cidr.parse("198.51.100.1/32"))))))),
            dockerNat(),
            filter(
                builtin(
                    "FORWARD",
                    ChainPolicy.DROP,
                    rule(Verdict.ACCEPT, MarkMatch.of(7), tcp(), dport(8080)))));
    Packet later =
        Packet.tcp()
            .from("203.0.113.9", 40000)
            .to("172.18.0.2", 8080)
            .in("eth0")
            .state(ConnState.ESTABLISHED)
            .originalDestination("198.51.100.1", 8080);
    Evaluator evaluator = Evaluator.of(rs, HOST);
    Evaluation e = evaluator.evaluate(later);
    assertThat(e.decision()).isEqualTo(Decision.ACCEPTED);
    assertThat(e.decidedBy()).contains(ref(TableName.FILTER, "FORWARD", 1));
    assertThat(e.path()).contains(Path.FORWARD);
    assertThat(evaluator.compile().outcome(later).decision()).isEqualTo(Decision.ACCEPTED);
    // a packet addressed to the sandbox directly is still dropped in raw
    Packet direct = Packet.tcp().from("203.0.113.9", 40000).to("172.18.0.2", 8080).in("eth0");
    assertThat(evaluator.evaluate(direct).decidedBy())
        .contains(RuleRef.of(TableName.RAW, "PREROUTING", 1).in(Family.IPV4));
    assertThat(evaluator.compile().outcome(direct).decision()).isEqualTo(Decision.DROPPED);
  }

  @Test
  void anEstablishedPacketSkipsTheNatTable() {
    Ruleset rs = ruleset(dockerNat(), filter(builtin("INPUT", ChainPolicy.ACCEPT)));
    Evaluation e =
        Evaluator.of(rs, HOST)
            .evaluate(
                Packet.tcp()
                    .from("203.0.113.9")
                    .to("198.51.100.1", 8080)
                    .in("eth0")
                    .state(ConnState.ESTABLISHED));

    assertThat(e.path()).contains(Path.INPUT);
    assertThat(e.trace().visited()).noneMatch(p -> p.toString().contains("table nat"));
  }

  @Test
  void appliesEachFamilysOwnPolicy() {
    Ruleset rs =
        ruleset(
            filter(
                Chain.builder()
                    .name("INPUT")
                    .putFamilyPolicy(Family.IPV4, ChainPolicy.DROP)
                    .putFamilyPolicy(Family.IPV6, ChainPolicy.ACCEPT)
                    .build()));
    Host host = Host.parse("eth0=198.51.100.1/24,eth0=2001:db8::1/64");
    Evaluator eval = Evaluator.of(rs, host);
    Packet v4 = Packet.tcp().from("203.0.113.9").to("198.51.100.1", 8080).in("eth0");
    Packet v6 = Packet.tcp().from("2001:db8:9::9").to("2001:db8::1", 8080).in("eth0");

    assertThat(eval.evaluate(v4).decision()).isEqualTo(Decision.DROPPED);
    assertThat(eval.evaluate(v6).decision()).isEqualTo(Decision.ACCEPTED);
    assertThat(eval.compile().outcome(v4).decision()).isEqualTo(Decision.DROPPED);
    assertThat(eval.compile().outcome(v6).decision()).isEqualTo(Decision.ACCEPTED);
  }

  @Test
  void returnFromABuiltinChainAppliesItsPolicy() {
    Ruleset rs =
        ruleset(
            filter(builtin("INPUT", ChainPolicy.DROP, rule(Verdict.RETURN), rule(Verdict.ACCEPT))));
    Evaluation e = Evaluator.of(rs, HOST).evaluate(SSH);

    assertThat(e.decision()).isEqualTo(Decision.DROPPED);
    assertThat(e.decidedBy()).contains(ChainRef.of(Family.IPV4, TableName.FILTER, "INPUT"));
    assertThat(e.reason()).isEqualTo("policy DROP");
    assertThat(e.trace().visited()).containsExactly(ref(TableName.FILTER, "INPUT", 1));
  }

  @Test
  void returnAfterAGotoReturnsToTheCallerOfTheChainThatDidTheGoto() {
    Ruleset rs =
        ruleset(
            filter(
                builtin("INPUT", ChainPolicy.DROP, rule(Jump.to("B")), rule(Verdict.ACCEPT, tcp())),
                chain("B", rule(Jump.goTo("A")), rule(Verdict.DROP)),
                chain("A", rule(Verdict.RETURN))));
    Evaluation e = Evaluator.of(rs, HOST).evaluate(SSH);

    assertThat(e.decision()).isEqualTo(Decision.ACCEPTED);
    assertThat(e.decidedBy()).contains(ref(TableName.FILTER, "INPUT", 2));
    assertThat(e.trace().visited())
        .containsExactly(
            ref(TableName.FILTER, "INPUT", 1),
            ref(TableName.FILTER, "B", 1),
            ref(TableName.FILTER, "A", 1),
            ref(TableName.FILTER, "INPUT", 2));
  }

  @Test
  void theEndOfAChainReachedByGotoFromABuiltinAppliesThePolicy() {
    Ruleset rs =
        ruleset(
            filter(
                builtin("INPUT", ChainPolicy.DROP, rule(Jump.goTo("A")), rule(Verdict.ACCEPT)),
                chain("A", rule(Log.of()))));
    Evaluation e = Evaluator.of(rs, HOST).evaluate(SSH);

    assertThat(e.decision()).isEqualTo(Decision.DROPPED);
    assertThat(e.reason()).isEqualTo("policy DROP");
  }

  @Test
  void logContinuesWithTheNextRule() {
    Ruleset rs =
        ruleset(
            filter(
                builtin(
                    "INPUT",
                    ChainPolicy.ACCEPT,
                    rule(Log.prefixed("in: "), tcp()),
                    rule(Verdict.DROP, tcp(), dport(22)))));
    Evaluation e = Evaluator.of(rs, HOST).evaluate(SSH);

    assertThat(e.decision()).isEqualTo(Decision.DROPPED);
    assertThat(e.trace().matched())
        .containsExactly(ref(TableName.FILTER, "INPUT", 1), ref(TableName.FILTER, "INPUT", 2));
  }

  @Test
  void anRpfilterDropInRawPreroutingDropsASpoofedSourceOnly() {
    Host host = Host.parse("eth0=198.51.100.1/24,ens11=10.10.10.1/24,default=eth0");
    Ruleset rs =
        ruleset(
            table(
                TableName.RAW,
                builtin(
                    "PREROUTING",
                    ChainPolicy.ACCEPT,
                    rule(
                        Verdict.DROP,
                        AddressMatch.source(java.util.List.of(Cidr.parse("10.10.10.0/24"))),
                        RpFilterMatch.strict().negate()))));
    Evaluator eval = Evaluator.of(rs, host);
    Packet vxlan = Packet.udp().from("10.10.10.7", 40000).to("198.51.100.1", 4789);

    assertThat(eval.evaluate(vxlan.in("eth0")).decision()).isEqualTo(Decision.DROPPED);
    assertThat(eval.evaluate(vxlan.in("ens11").to("10.10.10.1", 4789)).decision())
        .isEqualTo(Decision.ACCEPTED);
    assertThat(eval.compile().outcome(vxlan.in("eth0")).decision()).isEqualTo(Decision.DROPPED);
  }

  @Test
  void aMarkMatchSeesThePacketsMark() {
    Ruleset rs =
        ruleset(
            filter(
                builtin("INPUT", ChainPolicy.ACCEPT, rule(Verdict.DROP, MarkMatch.of(0x1, 0xff)))));
    Evaluator eval = Evaluator.of(rs, HOST);

    assertThat(eval.evaluate(SSH.mark(0x101)).decision()).isEqualTo(Decision.DROPPED);
    assertThat(eval.evaluate(SSH.mark(0x2)).decision()).isEqualTo(Decision.ACCEPTED);
  }

  @Test
  void aRateLimitMakesTheDecisionDependWithBothOutcomes() {
    Ruleset rs =
        ruleset(
            filter(
                builtin(
                    "INPUT",
                    ChainPolicy.DROP,
                    rule(
                        Verdict.ACCEPT,
                        tcp(),
                        dport(22),
                        LimitMatch.of(5, LimitMatch.Unit.SECOND)))));
    Evaluation e = Evaluator.of(rs, HOST).evaluate(SSH);

    assertThat(e.decision()).isEqualTo(Decision.DEPENDS);
    assertThat(e.dependsOn()).containsExactly(ref(TableName.FILTER, "INPUT", 1));
    assertThat(e.outcomes())
        .extracting(Evaluation::decision)
        .containsExactly(Decision.ACCEPTED, Decision.DROPPED);
    assertThat(e.headline())
        .isEqualTo("DEPENDS on ipv4 table filter, chain INPUT, rule 1: ACCEPTED or DROPPED");
  }

  @Test
  void anUnknownMatchThatCannotChangeTheOutcomeGivesOneDecision() {
    Ruleset rs =
        ruleset(
            filter(
                builtin(
                    "INPUT",
                    ChainPolicy.ACCEPT,
                    rule(Log.of(), LimitMatch.of(5, LimitMatch.Unit.SECOND)),
                    rule(Verdict.DROP, tcp()))));
    Evaluation e = Evaluator.of(rs, HOST).evaluate(SSH);

    assertThat(e.decision()).isEqualTo(Decision.DROPPED);
    assertThat(e.dependsOn()).isEmpty();
  }

  @Test
  void aSetFilledAtRunTimeMakesTheDecisionDepend() {
    Ruleset rs =
        Ruleset.builder()
            .addSets(AddressSet.of("trusted", Family.IPV4, List.of()))
            .addTables(
                filter(
                    builtin(
                        "INPUT",
                        ChainPolicy.DROP,
                        rule(Verdict.ACCEPT, SetMatch.source("trusted")))))
            .build();
    Evaluation e = Evaluator.of(rs, HOST).evaluate(SSH);

    assertThat(e.decision()).isEqualTo(Decision.DEPENDS);
    assertThat(e.outcomes())
        .extracting(Evaluation::decision)
        .containsExactly(Decision.ACCEPTED, Decision.DROPPED);
  }

  @Test
  void aSetWithKnownContentsDecides() {
    Ruleset rs =
        Ruleset.builder()
            .addSets(AddressSet.of("trusted", Family.IPV4, List.of(Cidr.parse("203.0.113.0/24"))))
            .addTables(
                filter(
                    builtin(
                        "INPUT",
                        ChainPolicy.DROP,
                        rule(Verdict.ACCEPT, SetMatch.source("trusted")))))
            .build();

    assertThat(Evaluator.of(rs, HOST).evaluate(SSH).decision()).isEqualTo(Decision.ACCEPTED);
  }

  @Test
  void aForeignChainMakesTheDecisionDependOnWhatItHolds() {
    Ruleset rs =
        ruleset(
            filter(
                builtin("INPUT", ChainPolicy.ACCEPT, rule(Jump.to("DOCKER"))),
                Chain.foreign("DOCKER")));
    Evaluation e = Evaluator.of(rs, HOST).evaluate(SSH);

    assertThat(e.decision()).isEqualTo(Decision.DEPENDS);
    assertThat(e.dependsOn()).containsExactly(ChainRef.of(Family.IPV4, TableName.FILTER, "DOCKER"));
    assertThat(e.outcomes())
        .extracting(Evaluation::decision)
        .containsExactly(Decision.ACCEPTED, Decision.DROPPED);
  }

  @Test
  void addressTypeLocalIsAnsweredFromTheHost() {
    Ruleset rs =
        ruleset(
            filter(
                builtin(
                    "INPUT",
                    ChainPolicy.ACCEPT,
                    rule(Verdict.DROP, AddressTypeMatch.destination(AddressTypeMatch.Type.LOCAL)))),
            filter2());
    Evaluator eval = Evaluator.of(rs, HOST);

    assertThat(eval.evaluate(SSH).decision()).isEqualTo(Decision.DROPPED);
    Evaluation forwarded =
        eval.evaluate(Packet.tcp().from("203.0.113.9").to("172.18.0.7", 22).in("eth0"));
    assertThat(forwarded.decision()).isEqualTo(Decision.ACCEPTED);
    assertThat(forwarded.path()).contains(Path.FORWARD);
  }

  private static Table filter2() {
    return nat(chain("POSTROUTING"));
  }

  @Test
  void aPublishedPortIsMatchedInForwardByItsOriginalDestinationPort() {
    Ruleset rs =
        ruleset(
            dockerNat(),
            filter(
                builtin(
                    "FORWARD",
                    ChainPolicy.ACCEPT,
                    rule(
                        Verdict.DROP,
                        ConntrackOriginalMatch.destinationPort(PortRange.of(8080)),
                        ConntrackStateMatch.of(List.of(ConnState.DNAT))))));
    Evaluation e =
        Evaluator.of(rs, HOST)
            .evaluate(Packet.tcp().from("203.0.113.9").to("198.51.100.1", 8080).in("eth0"));

    assertThat(e.decision()).isEqualTo(Decision.DROPPED);
    assertThat(e.decidedBy()).contains(ref(TableName.FILTER, "FORWARD", 1));
  }

  @Test
  void aPacketToAnAddressWithoutARouteIsDropped() {
    Ruleset rs = ruleset(filter(builtin("FORWARD", ChainPolicy.ACCEPT)));
    Evaluation e =
        Evaluator.of(rs, Host.parse("eth0=198.51.100.1/24"))
            .evaluate(Packet.udp().from("198.51.100.7").to("192.0.2.1", 53).in("eth0"));

    assertThat(e.decision()).isEqualTo(Decision.DROPPED);
    assertThat(e.reason()).isEqualTo("no route to 192.0.2.1");
    assertThat(e.decidedBy()).isEmpty();
  }

  @Test
  void aLocallyGeneratedPacketTakesTheOutputPath() {
    Ruleset rs =
        ruleset(
            filter(
                builtin("OUTPUT", ChainPolicy.ACCEPT, rule(Verdict.DROP, tcp(), dport(25))),
                builtin("INPUT", ChainPolicy.DROP)));
    Evaluator eval = Evaluator.of(rs, HOST);

    Evaluation smtp = eval.evaluate(Packet.tcp().from("198.51.100.1").to("192.0.2.1", 25).local());
    assertThat(smtp.decision()).isEqualTo(Decision.DROPPED);
    assertThat(smtp.decidedBy()).contains(ref(TableName.FILTER, "OUTPUT", 1));
    Evaluation web = eval.evaluate(Packet.tcp().from("198.51.100.1").to("192.0.2.1", 443).local());
    assertThat(web.path()).contains(Path.OUTPUT);
    assertThat(web.outInterface()).contains("eth0");
  }

  @Test
  void aLocallyGeneratedPacketToTheHostComesBackInOnLoopback() {
    Ruleset rs =
        ruleset(
            filter(
                builtin("INPUT", ChainPolicy.DROP, rule(Verdict.ACCEPT, InterfaceMatch.in("lo")))));
    Evaluation e =
        Evaluator.of(rs, HOST)
            .evaluate(Packet.tcp().from("127.0.0.1").to("127.0.0.1", 5432).local());

    assertThat(e.decision()).isEqualTo(Decision.ACCEPTED);
    assertThat(e.path()).contains(Path.INPUT);
    assertThat(e.decidedBy()).contains(ref(TableName.FILTER, "INPUT", 1));
  }

  @Test
  void rejectNamesTheFamilyDefaultError() {
    Ruleset rs =
        ruleset(
            filter(
                builtin(
                    "INPUT",
                    ChainPolicy.ACCEPT,
                    rule(dev.rampart.core.target.Reject.of(), tcp()))));
    Evaluation e = Evaluator.of(rs, HOST).evaluate(SSH);

    assertThat(e.decision()).isEqualTo(Decision.REJECTED);
    assertThat(e.rejectWith()).contains(dev.rampart.core.target.Reject.With.ICMP_PORT_UNREACHABLE);
  }

  @Test
  void anIpv6PacketIsEvaluatedInTheIpv6Rules() {
    Ruleset rs =
        ruleset(
            filter(
                builtin(
                    "INPUT",
                    ChainPolicy.DROP,
                    rule(
                        Verdict.ACCEPT,
                        dev.rampart.core.match.AddressMatch.source(
                            List.of(Cidr.parse("2001:db8::/32")))))));
    Host host = Host.parse("eth0=2001:db8:1::1/64");
    Evaluation e =
        Evaluator.of(rs, host)
            .evaluate(Packet.tcp().from("2001:db8:2::9").to("2001:db8:1::1", 22).in("eth0"));

    assertThat(e.decision()).isEqualTo(Decision.ACCEPTED);
    assertThat(e.decidedBy()).contains(RuleRef.of(TableName.FILTER, "INPUT", 1).in(Family.IPV6));
  }

  static Table table(TableName name, Chain... chains) {
    return Table.of(name, List.of(chains));
  }

  @Test
  void aMarkSetInMangleIsSeenByALaterMarkMatchInFilter() {
    Ruleset rs =
        ruleset(
            table(TableName.MANGLE, chain("PREROUTING", rule(Mark.set(0x10), tcp(), dport(22)))),
            filter(
                builtin(
                    "INPUT", ChainPolicy.DROP, rule(Verdict.ACCEPT, MarkMatch.of(0x10, 0xff)))));

    assertThat(Evaluator.of(rs, HOST).evaluate(SSH).decision()).isEqualTo(Decision.ACCEPTED);
    assertThat(Evaluator.of(rs, HOST).evaluate(SSH.to("198.51.100.1", 23)).decision())
        .isEqualTo(Decision.DROPPED);
  }

  @Test
  void aConnmarkSetAndRestoredBecomesThePacketsMark() {
    Ruleset rs =
        ruleset(
            table(
                TableName.MANGLE,
                chain(
                    "PREROUTING",
                    rule(ConnMark.set(0x7)),
                    rule(ConnMark.restore()),
                    rule(ConnMark.set(0x9)))),
            filter(
                builtin("INPUT", ChainPolicy.DROP, rule(Verdict.ACCEPT, MarkMatch.of(0x7, 0xff)))));

    assertThat(Evaluator.of(rs, HOST).evaluate(SSH).decision()).isEqualTo(Decision.ACCEPTED);
  }

  @Test
  void aConnmarkSaveCopiesThePacketsMarkToTheConnection() {
    Ruleset rs =
        ruleset(
            table(
                TableName.MANGLE,
                chain(
                    "PREROUTING",
                    rule(Mark.set(0x3)),
                    rule(ConnMark.save()),
                    rule(Mark.set(0)),
                    rule(ConnMark.restore()))),
            filter(
                builtin("INPUT", ChainPolicy.DROP, rule(Verdict.ACCEPT, MarkMatch.of(0x3, 0xff)))));

    assertThat(Evaluator.of(rs, HOST).evaluate(SSH).decision()).isEqualTo(Decision.ACCEPTED);
  }

  @Test
  void notrackInRawMakesThePacketUntrackedAndSkipsNat() {
    Ruleset rs =
        ruleset(
            table(TableName.RAW, chain("PREROUTING", rule(Ct.notrack(), tcp(), dport(8080)))),
            dockerNat(),
            filter(
                builtin(
                    "INPUT",
                    ChainPolicy.DROP,
                    rule(Verdict.ACCEPT, ConntrackStateMatch.of(List.of(ConnState.UNTRACKED))))));
    Evaluation e =
        Evaluator.of(rs, HOST)
            .evaluate(Packet.tcp().from("203.0.113.9").to("198.51.100.1", 8080).in("eth0"));

    assertThat(e.decision()).isEqualTo(Decision.ACCEPTED);
    assertThat(e.path()).contains(Path.INPUT);
    assertThat(e.destination()).contains(InetAddresses.forString("198.51.100.1"));
  }

  @Test
  void theNotrackTargetMakesThePacketUntracked() {
    Ruleset rs =
        ruleset(
            table(TableName.RAW, chain("PREROUTING", rule(Notrack.of()))),
            filter(
                builtin(
                    "INPUT",
                    ChainPolicy.ACCEPT,
                    rule(Verdict.DROP, ConntrackStateMatch.of(List.of(ConnState.UNTRACKED))))));

    assertThat(Evaluator.of(rs, HOST).evaluate(SSH).decision()).isEqualTo(Decision.DROPPED);
  }

  @Test
  void redirectSendsAForwardedPacketToTheHostOnTheRewrittenPort() {
    Ruleset rs =
        ruleset(
            nat(chain("PREROUTING", rule(Redirect.toPort(3128), tcp(), dport(80)))),
            filter(builtin("INPUT", ChainPolicy.DROP, rule(Verdict.ACCEPT, tcp(), dport(3128)))));
    Evaluation e =
        Evaluator.of(rs, HOST)
            .evaluate(Packet.tcp().from("203.0.113.9").to("192.0.2.80", 80).in("eth0"));

    assertThat(e.decision()).isEqualTo(Decision.ACCEPTED);
    assertThat(e.path()).contains(Path.INPUT);
    assertThat(e.destination()).contains(InetAddresses.forString("198.51.100.1"));
    assertThat(e.destinationPort()).hasValue(3128);
  }

  @Test
  void nflogAndTcpmssContinueWithTheNextRule() {
    Ruleset rs =
        ruleset(
            filter(
                builtin(
                    "FORWARD",
                    ChainPolicy.ACCEPT,
                    rule(Nflog.group(5)),
                    rule(TcpMss.clampToPmtu(), tcp(), TcpFlagsMatch.syn()),
                    rule(Verdict.DROP, tcp()))));
    Evaluation e =
        Evaluator.of(rs, HOST)
            .evaluate(Packet.tcp().from("203.0.113.9").to("192.0.2.80", 80).in("eth0"));

    assertThat(e.decision()).isEqualTo(Decision.DROPPED);
    assertThat(e.decidedBy()).contains(ref(TableName.FILTER, "FORWARD", 3));
  }

  @Test
  void anOpaqueMatchMakesTheDecisionDependWithBothOutcomes() {
    Ruleset rs =
        ruleset(
            filter(
                builtin(
                    "INPUT",
                    ChainPolicy.DROP,
                    rule(Verdict.ACCEPT, OpaqueMatch.of("recent", List.of("--rcheck"))))));
    Evaluation e = Evaluator.of(rs, HOST).evaluate(SSH);

    assertThat(e.decision()).isEqualTo(Decision.DEPENDS);
    assertThat(e.dependsOn()).containsExactly(ref(TableName.FILTER, "INPUT", 1));
    assertThat(e.outcomes())
        .extracting(Evaluation::decision)
        .containsExactly(Decision.ACCEPTED, Decision.DROPPED);
  }

  @Test
  void anOpaqueTargetOfUnknownKindMayContinueAcceptOrDrop() {
    Ruleset rs =
        ruleset(
            filter(
                builtin(
                    "INPUT",
                    ChainPolicy.ACCEPT,
                    rule(OpaqueTarget.of("SOMETHING", List.of())),
                    rule(Reject.of()))));
    Evaluation e = Evaluator.of(rs, HOST).evaluate(SSH);

    assertThat(e.decision()).isEqualTo(Decision.DEPENDS);
    assertThat(e.dependsOn()).containsExactly(ref(TableName.FILTER, "INPUT", 1));
    assertThat(e.outcomes())
        .extracting(Evaluation::decision)
        .containsExactlyInAnyOrder(Decision.REJECTED, Decision.ACCEPTED, Decision.DROPPED);
  }

  @Test
  void aNonTerminatingOpaqueTargetContinues() {
    Ruleset rs =
        ruleset(
            table(
                TableName.RAW,
                builtin(
                    "PREROUTING", ChainPolicy.ACCEPT, rule(OpaqueTarget.of("TRACE", List.of())))),
            filter(builtin("INPUT", ChainPolicy.ACCEPT, rule(Verdict.DROP, tcp()))));

    assertThat(Evaluator.of(rs, HOST).evaluate(SSH).decision()).isEqualTo(Decision.DROPPED);
  }

  @Test
  void aNewTcpPacketIsASynAndAnEstablishedOneIsNot() {
    Ruleset rs =
        ruleset(
            filter(
                builtin(
                    "INPUT", ChainPolicy.ACCEPT, rule(Verdict.DROP, tcp(), TcpFlagsMatch.syn()))));
    Evaluator eval = Evaluator.of(rs, HOST);

    assertThat(eval.evaluate(SSH).decision()).isEqualTo(Decision.DROPPED);
    assertThat(eval.evaluate(SSH.state(ConnState.ESTABLISHED)).decision())
        .isEqualTo(Decision.ACCEPTED);
    assertThat(eval.evaluate(SSH.tcpFlags(List.of(TcpFlag.SYN, TcpFlag.ACK))).decision())
        .isEqualTo(Decision.ACCEPTED);
  }

  @Test
  void anAddressRangeMatchesFromFirstToLastInclusive() {
    Ruleset rs =
        ruleset(
            filter(
                builtin(
                    "INPUT",
                    ChainPolicy.DROP,
                    rule(
                        Verdict.ACCEPT,
                        IpRangeMatch.source(
                            Cidr.parse("203.0.113.1"), Cidr.parse("203.0.113.9"))))));
    Evaluator eval = Evaluator.of(rs, HOST);

    assertThat(eval.evaluate(SSH).decision()).isEqualTo(Decision.ACCEPTED);
    assertThat(eval.evaluate(SSH.from("203.0.113.10", 40000)).decision())
        .isEqualTo(Decision.DROPPED);
  }

  @Test
  void aMacMatchReadsThePacketsSourceMacAndDependsWithoutOne() {
    Ruleset rs =
        ruleset(
            filter(
                builtin(
                    "INPUT",
                    ChainPolicy.DROP,
                    rule(Verdict.ACCEPT, MacMatch.source("52:54:00:AB:CD:EF")))));
    Evaluator eval = Evaluator.of(rs, HOST);

    assertThat(eval.evaluate(SSH.mac("52:54:00:ab:cd:ef")).decision()).isEqualTo(Decision.ACCEPTED);
    assertThat(eval.evaluate(SSH.mac("52:54:00:00:00:01")).decision()).isEqualTo(Decision.DROPPED);
    assertThat(eval.evaluate(SSH).decision()).isEqualTo(Decision.DEPENDS);
  }

  @Test
  void aPacketTypeFollowsTheDestination() {
    Ruleset rs =
        ruleset(
            filter(
                builtin(
                    "INPUT",
                    ChainPolicy.ACCEPT,
                    rule(Verdict.DROP, PacketTypeMatch.of(PacketTypeMatch.Type.BROADCAST)))));
    Evaluator eval = Evaluator.of(rs, HOST);

    assertThat(eval.evaluate(SSH).decision()).isEqualTo(Decision.ACCEPTED);
    assertThat(eval.evaluate(SSH.packetType(PacketTypeMatch.Type.BROADCAST)).decision())
        .isEqualTo(Decision.DROPPED);
  }

  @Test
  void anOwnerMatchHoldsOnlyForLocalPacketsOfThatUser() {
    Ruleset rs =
        ruleset(
            filter(
                builtin("OUTPUT", ChainPolicy.ACCEPT, rule(Verdict.DROP, OwnerMatch.uid(1000)))));
    Evaluator eval = Evaluator.of(rs, HOST);
    Packet out = Packet.tcp().from("198.51.100.1").to("203.0.113.9", 443).local();

    assertThat(eval.evaluate(out.uid(1000)).decision()).isEqualTo(Decision.DROPPED);
    assertThat(eval.evaluate(out.uid(0)).decision()).isEqualTo(Decision.ACCEPTED);
    assertThat(eval.evaluate(out).decision()).isEqualTo(Decision.DEPENDS);
  }

  static SnapshotChain snapChain(String name, Rule... rules) {
    SnapshotChain.Builder b = SnapshotChain.builder().name(name);
    for (Rule r : rules) {
      b.addRule(r);
    }
    return b.build();
  }

  /** Docker 28's swarm layout for published port 8080, as a host's dump lists it (IPv4). */
  static Snapshot dockerSwarm() {
    return Snapshot.builder()
        .addTables(
            SnapshotTable.of(
                Family.IPV4,
                TableName.NAT,
                List.of(
                    snapChain(
                        "PREROUTING",
                        rule(
                            Jump.to("DOCKER-INGRESS"),
                            AddressTypeMatch.destination(AddressTypeMatch.Type.LOCAL))),
                    snapChain(
                        "DOCKER-INGRESS",
                        rule(Dnat.to(Cidr.parse("172.18.0.2"), 8080), tcp(), dport(8080)),
                        rule(Verdict.RETURN)))),
            SnapshotTable.of(
                Family.IPV4,
                TableName.FILTER,
                List.of(
                    SnapshotChain.builder()
                        .name("FORWARD")
                        .policy(ChainPolicy.DROP)
                        .addRule(rule(Jump.to("DOCKER-USER")))
                        .addRule(rule(Jump.to("DOCKER-INGRESS")))
                        .build(),
                    snapChain("DOCKER-USER", rule(Verdict.RETURN)),
                    snapChain(
                        "DOCKER-INGRESS",
                        rule(Verdict.ACCEPT, tcp(), dport(8080)),
                        rule(Verdict.RETURN)))))
        .build();
  }

  @Test
  void aSnapshotOfDockersSwarmLayoutForwardsAPublishedPortToTheIngressSandbox() {
    Evaluation e =
        Evaluator.of(dockerSwarm(), HOST)
            .evaluate(Packet.tcp().from("203.0.113.9").to("198.51.100.1", 8080).in("eth0"));

    assertThat(e.decision()).isEqualTo(Decision.ACCEPTED);
    assertThat(e.path()).contains(Path.FORWARD);
    assertThat(e.destination()).contains(InetAddresses.forString("172.18.0.2"));
    assertThat(e.outInterface()).contains("docker_gwbridge");
    assertThat(e.decidedBy()).contains(ref(TableName.FILTER, "DOCKER-INGRESS", 1));
  }

  @Test
  void aSnapshotNumbersRulesByTheirPositionInTheirFamilysChain() {
    Snapshot snapshot =
        Snapshot.builder()
            .addTables(
                SnapshotTable.of(
                    Family.IPV4,
                    TableName.FILTER,
                    List.of(
                        snapChain(
                            "INPUT", rule(Verdict.ACCEPT, tcp(), dport(80)), rule(Verdict.DROP)))),
                SnapshotTable.of(
                    Family.IPV6, TableName.FILTER, List.of(snapChain("INPUT", rule(Verdict.DROP)))))
            .build();
    Evaluator eval = Evaluator.of(snapshot, Host.parse("eth0=198.51.100.1/24,eth0=2001:db8::1/64"));

    assertThat(eval.evaluate(SSH).decidedBy()).contains(ref(TableName.FILTER, "INPUT", 2));
    assertThat(
            eval.evaluate(Packet.tcp().from("2001:db8::9").to("2001:db8::1", 22).in("eth0"))
                .decidedBy())
        .contains(RuleRef.of(TableName.FILTER, "INPUT", 1).in(Family.IPV6));
  }

  @Test
  void aSnapshotKnowsTheSetsItListsAndNoOthers() {
    Rule trusted = rule(Verdict.ACCEPT, SetMatch.source("trusted"));
    SnapshotTable filter =
        SnapshotTable.of(
            Family.IPV4,
            TableName.FILTER,
            List.of(
                SnapshotChain.builder()
                    .name("INPUT")
                    .policy(ChainPolicy.DROP)
                    .addRule(trusted)
                    .build()));
    Snapshot unlisted = Snapshot.builder().addTables(filter).build();
    Snapshot listed =
        Snapshot.builder()
            .addTables(filter)
            .addSets(AddressSet.of("trusted", Family.IPV4, List.of(Cidr.parse("203.0.113.0/24"))))
            .build();

    assertThat(Evaluator.of(unlisted, HOST).evaluate(SSH).decision()).isEqualTo(Decision.DEPENDS);
    assertThat(Evaluator.of(listed, HOST).evaluate(SSH).decision()).isEqualTo(Decision.ACCEPTED);
    assertThat(Evaluator.of(listed, HOST).evaluate(SSH.from("192.0.2.1", 40000)).decision())
        .isEqualTo(Decision.DROPPED);
  }

  @Test
  void aPacketDroppedBeforeRoutingSaysWhereItStopped() {
    Ruleset rs =
        ruleset(
            table(TableName.RAW, builtin("PREROUTING", ChainPolicy.ACCEPT, rule(Verdict.DROP))));
    Evaluation e = Evaluator.of(rs, HOST).evaluate(SSH);

    assertThat(e.decision()).isEqualTo(Decision.DROPPED);
    assertThat(e.toString())
        .contains("route: dropped at ipv4 table raw, chain PREROUTING, rule 1\n");
  }

  @Test
  void aPacketWithoutARouteSaysSo() {
    Evaluation e =
        Evaluator.of(ruleset(), Host.parse("eth0=198.51.100.1/24"))
            .evaluate(Packet.tcp().from("203.0.113.9").to("192.0.2.1", 80).in("eth0"));

    assertThat(e.toString()).contains("route: dropped: no route to 192.0.2.1\n");
  }

  @Test
  void afterApplyingAPolicyBesideDockerItsDockerUserRulesDecide() {
    Ruleset policy =
        ruleset(
            filter(
                chain(
                    "DOCKER-USER",
                    rule(
                        Verdict.DROP,
                        InterfaceMatch.in("eth0"),
                        AddressMatch.source(List.of(Cidr.parse("10.10.10.0/24"))).negate(),
                        tcp(),
                        dport(8080)),
                    rule(Verdict.RETURN))));
    Evaluator eval = Evaluator.of(AfterApply.of(dockerSwarm(), policy), HOST);

    Evaluation internet =
        eval.evaluate(Packet.tcp().from("203.0.113.9").to("198.51.100.1", 8080).in("eth0"));
    Evaluation trusted =
        eval.evaluate(Packet.tcp().from("10.10.10.5").to("198.51.100.1", 8080).in("eth0"));

    assertThat(internet.decision()).isEqualTo(Decision.DROPPED);
    assertThat(internet.decidedBy()).contains(ref(TableName.FILTER, "DOCKER-USER", 1));
    assertThat(trusted.decision()).isEqualTo(Decision.ACCEPTED);
    assertThat(trusted.decidedBy()).contains(ref(TableName.FILTER, "DOCKER-INGRESS", 1));
  }
}
