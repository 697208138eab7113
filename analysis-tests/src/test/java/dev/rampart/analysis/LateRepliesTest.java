package dev.rampart.analysis;

import static dev.rampart.core.ChainPolicy.DROP;
import static dev.rampart.core.match.ConnState.ESTABLISHED;
import static dev.rampart.core.match.ConnState.NEW;
import static dev.rampart.core.match.ConnState.RELATED;
import static dev.rampart.dsl.Rampart.INPUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Ruleset;
import dev.rampart.core.eval.Evaluation;
import dev.rampart.core.eval.Evaluator;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.snapshot.AfterApply;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.dsl.Rampart;
import dev.rampart.render.iptables.IptablesParser;
import org.junit.jupiter.api.Test;

/** The replies-first invariant ({@link Invariants#repliesFirst}), checked with the evaluator. */
class LateRepliesTest {
  private static final Host HOST = Host.parse("eth0=198.51.100.1/24,default=eth0");

  private static Snapshot dump(String inputRules) {
    return IptablesParser.parse(
        "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + inputRules
            + "COMMIT\n");
  }

  /** The one finding of {@code found}. */
  static Finding only(java.util.List<Finding> found) {
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static final String LATE =
      "-A INPUT -p tcp -m conntrack --ctstate NEW -m tcp --dport 22 -j ACCEPT\n"
          + "-A INPUT -p tcp -j DROP\n"
          + "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n";

  /** The findings of {@code found} whose message starts with {@code kind}. */
  static java.util.List<Finding> ofKind(java.util.List<Finding> found, String kind) {
    return found.stream().filter(f -> f.message().startsWith(kind)).toList();
  }

  private static final String EST = "established packets of connections accepted new";
  private static final String REL = "related ICMP errors of connections accepted new";
  private static final String REPLY = "replies to connections the host opened";

  @Test
  void reportsADropAheadOfTheRepliesRuleWithAnEstablishedWitness() {
    Snapshot s = dump(LATE);
    // the tcp drop also cuts the replies to the host's own tcp connections: a finding of its own
    assertThat(Invariants.repliesFirst(s, HOST))
        .extracting(f -> f.message().substring(0, f.message().indexOf(" are dropped")))
        .containsExactlyInAnyOrder(EST, REPLY);
    Finding f = only(ofKind(Invariants.repliesFirst(s, HOST), EST));
    assertThat(f.kind()).isEqualTo(Finding.Kind.LATE_REPLIES);
    assertThat(f.place().toString()).isEqualTo("ipv4 table filter, chain INPUT, rule 2");
    assertThat(f.related())
        .extracting(Object::toString)
        .containsExactly("ipv4 table filter, chain INPUT, rule 1");
    assertThat(f.message())
        .startsWith("established packets of connections accepted new are dropped here: tcp ");
    Packet w = f.witness().orElseThrow();
    assertThat(w.state()).isEqualTo(ESTABLISHED);
    assertThat(w.destinationPort()).hasValue(22);
    Evaluation e = Evaluator.of(s, HOST).evaluate(w);
    assertThat(e.decision()).isEqualTo(Evaluation.Decision.DROPPED);
    assertThat(e.decidedBy()).hasValue(f.place());
    assertThat(Evaluator.of(s, HOST).evaluate(w.state(ConnState.NEW)).isAccepted()).isTrue();
  }

  @Test
  void keepsRepliesAcceptedFirst() {
    assertThat(
            Invariants.repliesFirst(
                dump(
                    "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
                        + "-A INPUT -p tcp -m conntrack --ctstate NEW -m tcp --dport 22 -j ACCEPT\n"
                        + "-A INPUT -p tcp -j DROP\n"),
                HOST))
        .isEmpty();
  }

  @Test
  void aBlockListAheadOfTheRepliesRuleCutsNoAllowedConnection() {
    String block =
        "-A INPUT -s 203.0.113.0/24 -j DROP\n"
            + "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
            + "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n";
    // OUTPUT lets the host connect to the blocked network: the block drops those replies (and
    // their ICMP errors), not the later packets of a connection INPUT accepted
    java.util.List<Finding> found = Invariants.repliesFirst(dump(block), HOST);
    assertThat(found)
        .extracting(g -> g.place().toString())
        .containsOnly("ipv4 table filter, chain INPUT, rule 1");
    assertThat(ofKind(found, EST)).isEmpty();
    assertThat(ofKind(found, REL)).hasSize(1);
    Finding f = only(ofKind(found, REPLY));
    assertThat(f.witness().orElseThrow().source().orElseThrow().getHostAddress())
        .startsWith("203.0.113.");
    // blocked both ways: no connection the policy allows is cut
    assertThat(Invariants.repliesFirst(dump(block + "-A OUTPUT -d 203.0.113.0/24 -j DROP\n"), HOST))
        .isEmpty();
  }

  @Test
  void aDropOnAnUnknownMatchDecidesEstablishedPacketsAsItDecidedTheNewOnes() {
    assertThat(
            Invariants.repliesFirst(
                dump(
                    "-A INPUT -i eth0 -m rpfilter --invert -j DROP\n"
                        + "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
                        + "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n"),
                HOST))
        .isEmpty();
  }

  @Test
  void reportsThePolicyDroppingEstablishedPackets() {
    Snapshot s =
        dump(
            "-A INPUT -p tcp -m conntrack --ctstate NEW -m tcp --dport 22 -j ACCEPT\n"
                + "-A INPUT -p udp -j ACCEPT\n");
    assertThat(ofKind(Invariants.repliesFirst(s, HOST), EST))
        .extracting(f -> f.place().toString())
        .containsExactly("ipv4 table filter, chain INPUT");
  }

  private static Ruleset policy(boolean repliesFirst) {
    return Rampart.ruleset()
        .allowLockout()
        .filter(
            t ->
                t.chain(
                    INPUT,
                    c -> {
                      c.policy(DROP);
                      if (repliesFirst) {
                        c.rule(r -> r.ctstate(ESTABLISHED, RELATED).accept());
                      }
                      c.rule(r -> r.ctstate(NEW).tcp().dport(443).accept());
                      c.rule(r -> r.tcp().reject());
                      c.rule(r -> r.ctstate(ESTABLISHED, RELATED).accept());
                    }))
        .build();
  }

  @Test
  void checksAPolicyAndTheHostAfterItsApply() {
    assertThat(ofKind(Invariants.repliesFirst(policy(false), HOST), EST))
        .extracting(f -> f.place().toString())
        .containsExactly("ipv4 table filter, chain INPUT, rule 2");
    assertThat(Invariants.repliesFirst(policy(true), HOST)).isEmpty();
    Snapshot after = AfterApply.of(dump(""), policy(false));
    Finding f = only(ofKind(Invariants.repliesFirst(after, HOST), EST));
    assertThat(Evaluator.of(after, HOST).evaluate(f.witness().orElseThrow()).decision())
        .isEqualTo(Evaluation.Decision.REJECTED);
  }

  // RELATED: ICMP errors of an allowed connection

  @Test
  void reportsRelatedIcmpErrorsDroppedWhenOnlyEstablishedIsAccepted() {
    Snapshot s =
        dump(
            "-A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT\n"
                + "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n");
    Finding f = only(Invariants.repliesFirst(s, HOST));
    assertThat(f.message()).startsWith(REL);
    assertThat(f.place().toString()).isEqualTo("ipv4 table filter, chain INPUT");
    assertThat(f.related())
        .extracting(Object::toString)
        .contains("ipv4 table filter, chain INPUT, rule 2");
    Packet w = f.witness().orElseThrow();
    assertThat(w.state()).isEqualTo(RELATED);
    assertThat(w.protocol().number()).isEqualTo(1);
    assertThat(w.icmpType().getAsInt()).isIn(3, 11, 12);
    assertThat(w.destination().orElseThrow().getHostAddress()).isEqualTo("198.51.100.1");
    Evaluation e = Evaluator.of(s, HOST).evaluate(w);
    assertThat(e.decision()).isEqualTo(Evaluation.Decision.DROPPED);
    assertThat(e.decidedBy()).hasValue(f.place());
  }

  @Test
  void reportsAPacketTooBigDroppedOverIpv6() {
    Host six = Host.parse("eth0=2001:db8:1::1/64,default=eth0");
    Snapshot s =
        IptablesParser.parse(
            "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                + "-A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT\n"
                + "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 128 -j ACCEPT\n"
                + "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 2 -j DROP\n"
                + "-A INPUT -m conntrack --ctstate RELATED -j ACCEPT\n"
                + "COMMIT\n",
            dev.rampart.core.Family.IPV6);
    Finding f = only(Invariants.repliesFirst(s, six));
    assertThat(f.message()).startsWith(REL);
    assertThat(f.place().toString()).isEqualTo("ipv6 table filter, chain INPUT, rule 3");
    Packet w = f.witness().orElseThrow();
    assertThat(w.state()).isEqualTo(RELATED);
    assertThat(w.icmpType()).hasValue(2);
    assertThat(Evaluator.of(s, six).evaluate(w).decidedBy()).hasValue(f.place());
  }

  @Test
  void keepsRelatedErrorsAccepted() {
    assertThat(
            Invariants.repliesFirst(
                dump(
                    "-A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT\n"
                        + "-A INPUT -m conntrack --ctstate RELATED -p icmp -j ACCEPT\n"
                        + "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n"),
                HOST))
        .isEmpty();
  }

  // flows DNATed to containers

  private static final Host DOCKER =
      Host.parse("eth0=198.51.100.1/24,docker_gwbridge=172.18.0.1/16,default=eth0");

  private static Snapshot dnat(String raw, String forward) {
    return IptablesParser.parse(
        "*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + raw
            + "COMMIT\n*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n"
            + ":OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n"
            + "-A PREROUTING -d 198.51.100.1/32 -p tcp -m tcp --dport 8080"
            + " -j DNAT --to-destination 172.18.0.2:80\n"
            + "COMMIT\n*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
            + forward
            + "-A FORWARD -d 172.18.0.2/32 -p tcp -m conntrack --ctstate NEW"
            + " -m conntrack --ctorigdstport 8080 -m tcp --dport 80 -j ACCEPT\n"
            + "COMMIT\n");
  }

  @Test
  void reportsTheLaterPacketsOfADnatedFlowDroppedInForward() {
    Snapshot s = dnat("", "");
    Finding f = only(Invariants.repliesFirst(s, DOCKER));
    assertThat(f.message()).startsWith(EST);
    assertThat(f.place().toString()).isEqualTo("ipv4 table filter, chain FORWARD");
    assertThat(f.related())
        .extracting(Object::toString)
        .containsExactly("ipv4 table filter, chain FORWARD, rule 1");
    Packet w = f.witness().orElseThrow();
    assertThat(w.state()).isEqualTo(ESTABLISHED);
    assertThat(w.destination().orElseThrow().getHostAddress()).isEqualTo("172.18.0.2");
    assertThat(w.destinationPort()).hasValue(80);
    assertThat(w.originalDestination().orElseThrow().getHostAddress()).isEqualTo("198.51.100.1");
    assertThat(w.originalDestinationPort()).hasValue(8080);
    Evaluation e = Evaluator.of(s, DOCKER).evaluate(w);
    assertThat(e.decision()).isEqualTo(Evaluation.Decision.DROPPED);
    assertThat(e.decidedBy()).hasValue(f.place());
    Packet first =
        Packet.tcp()
            .from(w.source().orElseThrow().getHostAddress(), w.sourcePort().getAsInt())
            .to("198.51.100.1", 8080)
            .in(w.inInterface().orElseThrow());
    assertThat(Evaluator.of(s, DOCKER).evaluate(first).isAccepted()).isTrue();
  }

  @Test
  void keepsADnatedFlowWhoseLaterPacketsForwardAcceptsAndRawSeesUntranslated() {
    // Docker's raw drop of direct access to the container: the later packets of the published
    // flow arrive with the host's address, so it does not catch them
    assertThat(
            Invariants.repliesFirst(
                dnat(
                    "-A PREROUTING -d 172.18.0.2/32 ! -i docker_gwbridge -j DROP\n",
                    "-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"),
                DOCKER))
        .isEmpty();
  }

  // replies to the host's own connections

  @Test
  void reportsRepliesToTheHostsOwnConnectionsDropped() {
    Snapshot s = dump("-A INPUT -i lo -j ACCEPT\n");
    java.util.List<Finding> found = Invariants.repliesFirst(s, HOST);
    Finding f = only(ofKind(found, REPLY));
    assertThat(f.place().toString()).isEqualTo("ipv4 table filter, chain INPUT");
    assertThat(ofKind(found, REL))
        .extracting(g -> g.place().toString())
        .containsExactly("ipv4 table filter, chain INPUT");
    assertThat(found).hasSize(2);
    Packet w = f.witness().orElseThrow();
    assertThat(w.state()).isEqualTo(ESTABLISHED);
    assertThat(w.destination().orElseThrow().getHostAddress()).isEqualTo("198.51.100.1");
    Evaluator evaluator = Evaluator.of(s, HOST);
    assertThat(evaluator.evaluate(w).decidedBy()).hasValue(f.place());
    assertThat(evaluator.evaluate(w).decision()).isEqualTo(Evaluation.Decision.DROPPED);
    // the host's own first packet, source and destination swapped back, goes out
    Packet out = Packet.of(w.protocol()).local();
    out =
        w.protocol().hasPorts()
            ? out.from("198.51.100.1", w.destinationPort().getAsInt())
                .to(w.source().orElseThrow().getHostAddress(), w.sourcePort().getAsInt())
            : out.from("198.51.100.1").to(w.source().orElseThrow().getHostAddress());
    assertThat(evaluator.evaluate(out).isAccepted()).isTrue();
  }

  @Test
  void keepsRepliesAcceptedAndNoRepliesWhereOutputLetsNothingOut() {
    assertThat(
            Invariants.repliesFirst(
                dump("-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"), HOST))
        .isEmpty();
    assertThat(
            Invariants.repliesFirst(
                IptablesParser.parse(
                    "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT DROP [0:0]\n"
                        + "-A INPUT -i lo -j ACCEPT\n-A OUTPUT -o lo -j ACCEPT\nCOMMIT\n"),
                HOST))
        .isEmpty();
  }

  // ICMP errors of connections the host forwards

  private static final Host BRIDGE =
      Host.parse("eth0=198.51.100.1/24,docker0=172.17.0.1/16,default=eth0");

  private static Snapshot outbound(String forward) {
    return IptablesParser.parse(
        "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
            + forward
            + "-A FORWARD -i docker0 ! -o docker0 -j ACCEPT\n"
            + "COMMIT\n");
  }

  @Test
  void reportsErrorsBackToAContainerDroppedAndIgnoresSourcesRoutedElsewhere() {
    // containers reach out through eth0; with no replies rule for docker0 the errors the
    // internet sends back to them are dropped
    Snapshot s = outbound("");
    java.util.List<Finding> found = Invariants.repliesFirst(s, BRIDGE);
    Finding f = only(ofKind(found, REL));
    assertThat(f.place().toString()).isEqualTo("ipv4 table filter, chain FORWARD");
    Packet w = f.witness().orElseThrow();
    assertThat(w.inInterface()).hasValue("eth0");
    assertThat(w.destination().orElseThrow().getHostAddress()).startsWith("172.17.");
    assertThat(Evaluator.of(s, BRIDGE).evaluate(w).decidedBy()).hasValue(f.place());
    // accepted back to docker0: a source on docker0 routed out of eth0 (spoofed) has no error
    // coming back to it on eth0
    assertThat(
            ofKind(
                Invariants.repliesFirst(
                    outbound(
                        "-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED"
                            + " -j ACCEPT\n"),
                    BRIDGE),
                REL))
        .isEmpty();
  }
}
