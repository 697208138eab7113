package dev.rampart.analysis;

import static dev.rampart.core.ChainPolicy.DROP;
import static dev.rampart.core.match.ConnState.ESTABLISHED;
import static dev.rampart.core.match.ConnState.RELATED;
import static dev.rampart.dsl.Rampart.INPUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.AdminAccess;
import dev.rampart.core.ChainRef;
import dev.rampart.core.Cidr;
import dev.rampart.core.Coexist;
import dev.rampart.core.Family;
import dev.rampart.core.Ruleset;
import dev.rampart.core.SwarmAccess;
import dev.rampart.core.TableName;
import dev.rampart.core.snapshot.AfterApply;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.dsl.Rampart;
import dev.rampart.dsl.swarm.SourceSet;
import dev.rampart.dsl.swarm.SwarmHost;
import dev.rampart.render.iptables.IptablesParser;
import org.junit.jupiter.api.Test;

class InvariantsTest {
  private static Ruleset sshOnly(boolean ssh) {
    return Rampart.ruleset()
        .filter(
            t ->
                t.chain(
                    INPUT,
                    c -> {
                      c.policy(DROP).rule(r -> r.ctstate(ESTABLISHED, RELATED).accept());
                      if (ssh) {
                        c.rule(r -> r.tcp().dport(22).accept());
                      }
                    }))
        .allowLockout()
        .build();
  }

  @Test
  void reportsALockoutAtTheFamilysInput() {
    assertThat(Invariants.lockout(sshOnly(false)))
        .extracting(Finding::kind, f -> f.place().toString())
        .containsExactly(
            org.assertj.core.api.Assertions.tuple(
                Finding.Kind.LOCKOUT, "ipv4 table filter, chain INPUT"));
    assertThat(Invariants.lockout(sshOnly(true))).isEmpty();
  }

  @Test
  void reportsALockoutInASnapshot() {
    AdminAccess office =
        AdminAccess.builder().addPorts(22).addSources(Cidr.parse("203.0.113.0/24")).build();
    assertThat(Invariants.lockout(Snapshot.of(sshOnly(false)), office))
        .singleElement()
        .asString()
        .startsWith(
            "ipv4 table filter, chain INPUT: admin access would be dropped (accept it, or call"
                + " allowLockout() if that is meant): port 22/tcp from admin source"
                + " 203.0.113.0/24 on interface ");
    assertThat(Invariants.lockout(Snapshot.of(sshOnly(true)), office)).isEmpty();
  }

  @Test
  void reportsSwarmPortsOpenToOutsidersAndClosedToTheNodes() {
    SwarmAccess access =
        SwarmAccess.builder()
            .ports(false, SwarmAccess.DEFAULT_DATA_PATH, false)
            .addTrusted(Cidr.parse("10.10.10.0/24"))
            .addOutsideInterfaces("eth0")
            .build();
    SwarmHost worker =
        SwarmHost.worker()
            .externalInterfaces("eth0")
            .trustedNodes(SourceSet.trustedNodes("10.10.10.0/24"))
            .build();

    assertThat(Invariants.swarmPorts(worker.ruleset(), access)).isEmpty();
    assertThat(Invariants.swarmPorts(sshOnly(true), access))
        .extracting(Finding::kind)
        .containsExactly(
            Finding.Kind.SWARM_PORT_CLOSED,
            Finding.Kind.SWARM_PORT_CLOSED,
            Finding.Kind.SWARM_PORT_CLOSED);
    assertThat(Invariants.swarmPorts(Snapshot.of(sshOnly(true)), access))
        .hasSize(3)
        .first()
        .asString()
        .isEqualTo(
            "ipv4 table filter, chain INPUT: swarm port not reachable from the trusted nodes:"
                + " 7946/tcp from trusted nodes member 10.10.10.0/24 on interface eth0: tcp"
                + " 10.10.10.1:40000 > 198.51.100.1:7946 in eth0 state new flags syn: DROPPED by"
                + " ipv4 table filter, chain INPUT: policy DROP");
  }

  @Test
  void findsOurJumpFirstAfterACoexistApplyOverDocker() {
    Snapshot docker =
        IptablesParser.parse(
            String.join(
                "\n",
                "*filter",
                ":INPUT ACCEPT [0:0]",
                ":FORWARD DROP [0:0]",
                ":OUTPUT ACCEPT [0:0]",
                "-A INPUT -p udp --dport 4789 -j ACCEPT",
                "COMMIT",
                ""));
    Snapshot after = AfterApply.of(docker, sshOnly(true));

    assertThat(Invariants.hostJumpFirst(after, Coexist.chainFor("INPUT"))).isEmpty();
  }

  @Test
  void reportsRulesAheadOfOurJump() {
    Snapshot dump =
        IptablesParser.parse(
            String.join(
                "\n",
                "*filter",
                ":INPUT ACCEPT [0:0]",
                ":FORWARD DROP [0:0]",
                ":OUTPUT ACCEPT [0:0]",
                ":RAMPART-INPUT - [0:0]",
                "-A INPUT -p udp --dport 4789 -j ACCEPT",
                "-A INPUT -m comment --comment rampart -j RAMPART-INPUT",
                "COMMIT",
                ""));
    ChainRef input = ChainRef.of(Family.IPV4, TableName.FILTER, "INPUT");

    assertThat(Invariants.hostJumpFirst(dump, "RAMPART-INPUT"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo(Finding.Kind.HOST_JUMP_NOT_FIRST);
              assertThat(f.place()).isEqualTo(input.rule(2));
              assertThat(f.related()).containsExactly(input.rule(1));
              assertThat(f.toString())
                  .isEqualTo(
                      "ipv4 table filter, chain INPUT, rule 2: our jump is not the first rule of"
                          + " INPUT: 1 rule ahead of it, the first -p udp --dport 4789 -j ACCEPT");
            });
    assertThat(Invariants.hostJumpFirst(dump, "FILTERS"))
        .extracting(Finding::toString)
        .containsExactly("ipv4 table filter, chain INPUT: no jump to our chain: FILTERS");
  }
}
