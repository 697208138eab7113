package dev.rampart.analysis;

import static dev.rampart.analysis.LateRepliesTest.only;
import static dev.rampart.dsl.Rampart.DOCKER_USER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Ruleset;
import dev.rampart.core.eval.Evaluation;
import dev.rampart.core.eval.Evaluator;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.snapshot.AfterApply;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.dsl.Rampart;
import dev.rampart.render.iptables.IptablesParser;
import org.junit.jupiter.api.Test;

/** The DOCKER-USER-ends-neutral invariant ({@link Invariants#dockerUserNeutral}). */
class DockerUserNeutralTest {
  private static final Host HOST =
      Host.parse("eth0=198.51.100.1/24,docker0=172.17.0.1/16,default=eth0");

  /** Docker's FORWARD (as before 28: rules after the DOCKER-USER jump), one published port. */
  private static Snapshot docker(String userRules) {
    return IptablesParser.parse(
        "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + ":DOCKER - [0:0]\n:DOCKER-USER - [0:0]\n"
            + "-A FORWARD -j DOCKER-USER\n"
            + "-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
            + "-A FORWARD -o docker0 -j DOCKER\n"
            + "-A FORWARD -i docker0 ! -o docker0 -j ACCEPT\n"
            + "-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80"
            + " -j ACCEPT\n"
            + userRules
            + "COMMIT\n");
  }

  @Test
  void reportsAnAcceptThatSkipsDockersDropWithAWitness() {
    Snapshot s = docker("-A DOCKER-USER -s 10.0.0.0/8 -j ACCEPT\n");
    Finding f = only(Invariants.dockerUserNeutral(s, HOST));
    assertThat(f.kind()).isEqualTo(Finding.Kind.DOCKER_USER_NOT_NEUTRAL);
    assertThat(f.place().toString()).isEqualTo("ipv4 table filter, chain DOCKER-USER, rule 1");
    assertThat(f.message())
        .startsWith("accepts packets Docker's chains would drop (allow with RETURN): ");
    assertThat(f.related())
        .extracting(Object::toString)
        .containsExactly("ipv4 table filter, chain FORWARD");
    Packet w = f.witness().orElseThrow();
    Evaluation e = Evaluator.of(s, HOST).evaluate(w);
    assertThat(e.isAccepted()).isTrue();
    assertThat(e.decidedBy()).hasValue(f.place());
    assertThat(Evaluator.of(docker(""), HOST).evaluate(w).decision())
        .isEqualTo(Evaluation.Decision.DROPPED);
  }

  /**
   * A mark mask with holes ({@code 0xb200/0xff00}) is not one interval of the header space: the
   * accept is taken both ways, and the witness must carry a mark the rule matches (issue 13: it had
   * mark 0).
   */
  @Test
  void aWitnessOfAnAcceptOnAMarkMaskWithHolesCarriesAMarkTheRuleMatches() {
    Snapshot s = docker("-A DOCKER-USER -m mark --mark 0xb200/0xff00 -j ACCEPT\n");
    Finding f = only(Invariants.dockerUserNeutral(s, HOST));
    assertThat(f.place().toString()).isEqualTo("ipv4 table filter, chain DOCKER-USER, rule 1");
    Packet w = f.witness().orElseThrow();
    Evaluation e = Evaluator.of(s, HOST).evaluate(w);
    assertThat(e.isAccepted()).as("%s", e).isTrue();
    assertThat(e.decidedBy()).hasValue(f.place());
    assertThat(w.mark() & 0xff00).isEqualTo(0xb200);
    assertThat(Evaluator.of(docker(""), HOST).evaluate(w).decision())
        .isEqualTo(Evaluation.Decision.DROPPED);
  }

  /**
   * Two mark tests no mark passes together ({@code 0x1/0x5} and {@code 0x0/0x5}), on a mask with
   * holes: the analysis takes each both ways, the evaluator never matches both, so no packet
   * confirms the accept and the finding has no witness but says what it depends on.
   */
  @Test
  void anAcceptNoPacketConfirmsIsReportedAsDependingWithoutAWitness() {
    Snapshot s = docker("-A DOCKER-USER -m mark --mark 0x1/0x5 -m mark --mark 0x0/0x5 -j ACCEPT\n");
    Finding f = only(Invariants.dockerUserNeutral(s, HOST));
    assertThat(f.place().toString()).isEqualTo("ipv4 table filter, chain DOCKER-USER, rule 1");
    assertThat(f.witness()).isEmpty();
    assertThat(f.message()).contains("depending on");
    assertThat(f.related()).extracting(Object::toString).contains(f.place().toString());
  }

  @Test
  void keepsReturnAndDropsNeutral() {
    assertThat(
            Invariants.dockerUserNeutral(
                docker(
                    "-A DOCKER-USER -s 10.0.0.0/8 -j RETURN\n"
                        + "-A DOCKER-USER -i eth0 -o docker0 -j DROP\n"),
                HOST))
        .isEmpty();
  }

  @Test
  void anAcceptOfWhatDockerAcceptsAnywayIsNoFinding() {
    assertThat(
            Invariants.dockerUserNeutral(
                docker("-A DOCKER-USER -i docker0 ! -o docker0 -j ACCEPT\n"), HOST))
        .isEmpty();
  }

  @Test
  void reportsACatchAllVerdictThatLeavesDockersChainsNothing() {
    Snapshot s = docker("-A DOCKER-USER -s 10.0.0.0/8 -j RETURN\n-A DOCKER-USER -j DROP\n");
    assertThat(Invariants.dockerUserNeutral(s, HOST)).isEmpty();
    Snapshot all = docker("-A DOCKER-USER -j DROP\n");
    Finding f = only(Invariants.dockerUserNeutral(all, HOST));
    assertThat(f.toString())
        .startsWith(
            "ipv4 table filter, chain DOCKER-USER: no packet returns to Docker's chains: every"
                + " packet is decided here, the first ");
    assertThat(f.related())
        .extracting(Object::toString)
        .containsExactly("ipv4 table filter, chain DOCKER-USER, rule 1");
    assertThat(Evaluator.of(all, HOST).evaluate(f.witness().orElseThrow()).decidedBy())
        .hasValue(f.related().get(0));
  }

  private static Ruleset policy(boolean accept) {
    return Rampart.ruleset()
        .allowLockout()
        .filter(
            t ->
                t.chain(
                    DOCKER_USER,
                    c -> {
                      if (accept) {
                        c.rule(r -> r.src("10.0.0.0/8").accept());
                      } else {
                        c.rule(r -> r.src("10.0.0.0/8").returns());
                      }
                    }))
        .build();
  }

  @Test
  void checksAPolicyOnlyWithDockersChainsAfterItsApply() {
    assertThat(Invariants.dockerUserNeutral(policy(true), HOST)).isEmpty();
    Snapshot after = AfterApply.of(docker(""), policy(true));
    assertThat(Invariants.dockerUserNeutral(after, HOST))
        .extracting(f -> f.place().toString())
        .containsExactly("ipv4 table filter, chain DOCKER-USER, rule 1");
    assertThat(Invariants.dockerUserNeutral(AfterApply.of(docker(""), policy(false)), HOST))
        .isEmpty();
  }
}
