package dev.rampart.analysis;

import static dev.rampart.analysis.LateRepliesTest.only;
import static dev.rampart.core.ChainPolicy.DROP;
import static dev.rampart.core.match.ConnState.ESTABLISHED;
import static dev.rampart.core.match.ConnState.RELATED;
import static dev.rampart.dsl.Rampart.INPUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Family;
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

/** The IPv6-parity invariant ({@link Invariants#familyParity}). */
class FamilyParityTest {
  private static final Host DUAL =
      Host.parse("eth0=198.51.100.1/24,eth0=2001:db8:1::1/64,default=eth0");

  private static Snapshot dump(String v4, String v6) {
    String head = "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n";
    Snapshot four = IptablesParser.parse(head + v4 + "COMMIT\n", Family.IPV4);
    Snapshot six = IptablesParser.parse(head + v6 + "COMMIT\n", Family.IPV6);
    return Snapshot.builder().addAllTables(four.tables()).addAllTables(six.tables()).build();
  }

  private static final String SSH_WEB =
      "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT\n";

  @Test
  void reportsAPortOpenOverIpv4AndClosedOverIpv6WithItsWitness() {
    Snapshot s = dump(SSH_WEB + "-A INPUT -p tcp -m tcp --dport 8080:8090 -j ACCEPT\n", SSH_WEB);
    Finding f = only(Invariants.familyParity(s, DUAL));
    assertThat(f.kind()).isEqualTo(Finding.Kind.FAMILY_PARITY);
    assertThat(f.place().toString()).isEqualTo("ipv4 table filter, chain INPUT, rule 3");
    assertThat(f.message())
        .startsWith(
            "reachable from the internet over ipv4, not over ipv6: tcp 8080-8090, e.g. tcp ");
    assertThat(f.related())
        .extracting(Object::toString)
        .containsExactly("ipv6 table filter, chain INPUT");
    Packet w = f.witness().orElseThrow();
    Evaluator evaluator = Evaluator.of(s, DUAL);
    assertThat(evaluator.evaluate(w).isAccepted()).isTrue();
    Packet over6 =
        Packet.tcp()
            .from("2001:db8:9::9", 40000)
            .to("2001:db8:1::1", w.destinationPort().getAsInt())
            .in("eth0");
    assertThat(evaluator.evaluate(over6).decision()).isEqualTo(Evaluation.Decision.DROPPED);
  }

  @Test
  void reportsThePortOpenOnlyOverIpv6() {
    Snapshot s = dump(SSH_WEB, SSH_WEB + "-A INPUT -p udp -m udp --dport 53 -j ACCEPT\n");
    Finding f = only(Invariants.familyParity(s, DUAL));
    assertThat(f.message())
        .startsWith("reachable from the internet over ipv6, not over ipv4: udp 53, e.g. udp ");
    assertThat(f.witness().orElseThrow().family()).isEqualTo(Family.IPV6);
  }

  @Test
  void keepsTheSamePortsOnBothFamiliesAndIgnoresASingleFamilyHost() {
    assertThat(Invariants.familyParity(dump(SSH_WEB, SSH_WEB), DUAL)).isEmpty();
    Snapshot s = dump(SSH_WEB + "-A INPUT -p tcp -m tcp --dport 8080 -j ACCEPT\n", SSH_WEB);
    assertThat(Invariants.familyParity(s, Host.parse("eth0=198.51.100.1/24,default=eth0")))
        .isEmpty();
  }

  private static Ruleset policy(boolean parity) {
    return Rampart.ruleset()
        .allowLockout()
        .filter(
            t ->
                t.chain(
                    INPUT,
                    c -> {
                      c.policy(DROP).rule(r -> r.ctstate(ESTABLISHED, RELATED).accept());
                      c.rule(r -> r.tcp().dport(22).accept());
                      if (!parity) {
                        c.rule(r -> r.tcp().dport(443).src("0.0.0.0/0").accept());
                      }
                    }))
        .build();
  }

  @Test
  void checksAPolicyAndTheHostAfterItsApply() {
    assertThat(Invariants.familyParity(policy(true), DUAL)).isEmpty();
    assertThat(Invariants.familyParity(policy(false), DUAL))
        .extracting(Finding::message)
        .singleElement()
        .asString()
        .startsWith("reachable from the internet over ipv4, not over ipv6: tcp 443");
    Snapshot after = AfterApply.of(dump("", ""), policy(false));
    Finding f = only(Invariants.familyParity(after, DUAL));
    assertThat(Evaluator.of(after, DUAL).evaluate(f.witness().orElseThrow()).isAccepted()).isTrue();
  }

  // a host with both families, a ruleset or dump of one

  private static Snapshot oneFamily(Family family, String rules) {
    return IptablesParser.parse(
        "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + rules
            + "COMMIT\n",
        family);
  }

  @Test
  void comparesAnIpv4OnlyDumpWithTheKernelsEmptyIpv6Tables() {
    Snapshot s = oneFamily(Family.IPV4, SSH_WEB);
    java.util.List<Finding> found = Invariants.familyParity(s, DUAL);
    assertThat(found).isNotEmpty();
    assertThat(found)
        .extracting(Finding::message)
        .allMatch(m -> m.startsWith("reachable from the internet over ipv6, not over ipv4: "))
        .allMatch(m -> m.endsWith("the kernel's empty filter table accepts everything)"))
        .noneMatch(m -> m.contains(": tcp 22,") || m.contains(": tcp 80,"))
        .anyMatch(m -> m.contains(": tcp 23-79, e.g. tcp "))
        .anyMatch(m -> m.contains(": udp 0-65535, e.g. udp "));
    Evaluator evaluator = Evaluator.of(s, DUAL);
    for (Finding f : found) {
      Packet w = f.witness().orElseThrow();
      assertThat(w.family()).isEqualTo(Family.IPV6);
      assertThat(evaluator.evaluate(w).isAccepted()).as(f.toString()).isTrue();
      assertThat(f.place().toString()).isEqualTo("ipv6 table filter, chain INPUT");
      assertThat(f.related())
          .extracting(Object::toString)
          .containsExactly("ipv4 table filter, chain INPUT");
      if (w.destinationPort().isPresent()) {
        Packet over4 =
            Packet.of(w.protocol())
                .from("203.0.113.9", 40000)
                .to("198.51.100.1", w.destinationPort().getAsInt())
                .in("eth0");
        assertThat(evaluator.evaluate(over4).decision())
            .as(f.toString())
            .isEqualTo(Evaluation.Decision.DROPPED);
      }
    }
  }

  @Test
  void comparesAnIpv6OnlyDumpWithTheKernelsEmptyIpv4Tables() {
    Snapshot s = oneFamily(Family.IPV6, SSH_WEB);
    java.util.List<Finding> found = Invariants.familyParity(s, DUAL);
    assertThat(found)
        .extracting(Finding::message)
        .isNotEmpty()
        .allMatch(m -> m.startsWith("reachable from the internet over ipv4, not over ipv6: "))
        .anyMatch(m -> m.contains(": tcp 81-65535, e.g. tcp "));
    for (Finding f : found) {
      assertThat(Evaluator.of(s, DUAL).evaluate(f.witness().orElseThrow()).isAccepted()).isTrue();
    }
  }

  @Test
  void keepsAnOpenIpv4OnlyDumpLikeTheEmptyIpv6Tables() {
    assertThat(
            Invariants.familyParity(
                IptablesParser.parse(
                    "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                        + "COMMIT\n",
                    Family.IPV4),
                DUAL))
        .isEmpty();
  }
}
