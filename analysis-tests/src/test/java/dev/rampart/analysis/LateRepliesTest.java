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

  @Test
  void reportsADropAheadOfTheRepliesRuleWithAnEstablishedWitness() {
    Snapshot s = dump(LATE);
    Finding f = only(Invariants.repliesFirst(s, HOST));
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
    assertThat(
            Invariants.repliesFirst(
                dump(
                    "-A INPUT -s 203.0.113.0/24 -j DROP\n"
                        + "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
                        + "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n"),
                HOST))
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
    assertThat(Invariants.repliesFirst(s, HOST))
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
    assertThat(Invariants.repliesFirst(policy(false), HOST))
        .extracting(f -> f.place().toString())
        .containsExactly("ipv4 table filter, chain INPUT, rule 2");
    assertThat(Invariants.repliesFirst(policy(true), HOST)).isEmpty();
    Snapshot after = AfterApply.of(dump(""), policy(false));
    Finding f = only(Invariants.repliesFirst(after, HOST));
    assertThat(Evaluator.of(after, HOST).evaluate(f.witness().orElseThrow()).decision())
        .isEqualTo(Evaluation.Decision.REJECTED);
  }
}
