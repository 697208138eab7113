package dev.rampart.analysis;

import static dev.rampart.analysis.LateRepliesTest.only;
import static dev.rampart.core.ChainPolicy.DROP;
import static dev.rampart.dsl.Rampart.INPUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Cidr;
import dev.rampart.core.Ruleset;
import dev.rampart.core.SwarmAccess;
import dev.rampart.core.eval.Evaluation;
import dev.rampart.core.eval.Evaluator;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.snapshot.AfterApply;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.dsl.Rampart;
import dev.rampart.dsl.swarm.SourceSet;
import dev.rampart.dsl.swarm.SwarmHost;
import dev.rampart.render.iptables.IptablesParser;
import org.junit.jupiter.api.Test;

/** The no-plain-VXLAN invariant ({@link Invariants#noPlainVxlan}). */
class PlainVxlanTest {
  private static final Host HOST =
      Host.parse("eth0=198.51.100.1/24,ens11=10.10.10.5/24,default=eth0");
  private static final String TRUSTED_VXLAN =
      "-A INPUT -s 10.10.10.0/24 -p udp -m udp --dport 4789 -j ACCEPT\n";

  /** Docker's drop of plain VXLAN for one encrypted network (moby overlay encryption.go). */
  private static final String DOCKER_DROP =
      "-A INPUT -p udp -m udp --dport 4789 -m u32 --u32"
          + " \"0x0>>0x16&0x3c@0xc&0xffffff00=0x100100\" -m policy --dir in --pol none -j DROP\n";

  private static SwarmAccess access(boolean encrypted) {
    return SwarmAccess.builder()
        .ports(false, SwarmAccess.DEFAULT_DATA_PATH, encrypted)
        .addTrusted(Cidr.parse("10.10.10.0/24"))
        .build();
  }

  private static Snapshot dump(String rules) {
    return IptablesParser.parse(
        "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + rules
            + "COMMIT\n");
  }

  @Test
  void reportsAnAcceptOfPlainVxlanAheadOfDockersDrop() {
    Snapshot s = dump(TRUSTED_VXLAN + DOCKER_DROP);
    Finding f = only(Invariants.noPlainVxlan(s, access(false), HOST));
    assertThat(f.toString())
        .startsWith(
            "ipv4 table filter, chain INPUT, rule 1: accepts VXLAN without IPsec ahead of Docker's"
                + " encrypted-overlay drop: udp 10.10.10.");
    Packet w = f.witness().orElseThrow();
    assertThat(w.isIpsecIn()).isFalse();
    assertThat(w.destinationPort()).hasValue(4789);
    Evaluation e = Evaluator.of(s, HOST).evaluate(w);
    assertThat(e.isAccepted()).isTrue();
    assertThat(e.decidedBy()).hasValue(f.place());
  }

  @Test
  void keepsAnAcceptAfterDockersDropOrOfIpsecOnly() {
    assertThat(Invariants.noPlainVxlan(dump(DOCKER_DROP + TRUSTED_VXLAN), access(true), HOST))
        .isEmpty();
    assertThat(
            Invariants.noPlainVxlan(
                dump(
                    "-A INPUT -s 10.10.10.0/24 -p udp -m udp --dport 4789 -m policy --dir in"
                        + " --pol ipsec -j ACCEPT\n"
                        + DOCKER_DROP),
                access(true),
                HOST))
        .isEmpty();
  }

  @Test
  void plainVxlanIsTheDataPathWithoutEncryptedOverlays() {
    assertThat(Invariants.noPlainVxlan(dump(TRUSTED_VXLAN), access(false), HOST)).isEmpty();
    assertThat(Invariants.noPlainVxlan(dump(TRUSTED_VXLAN), access(true), HOST))
        .extracting(f -> f.place().toString())
        .containsExactly("ipv4 table filter, chain INPUT, rule 1");
  }

  private static Ruleset policy(boolean ipsec) {
    return Rampart.ruleset()
        .allowLockout()
        .filter(
            t ->
                t.chain(
                    INPUT,
                    c ->
                        c.policy(DROP)
                            .rule(
                                r ->
                                    ipsec
                                        ? r.udp()
                                            .dport(4789)
                                            .src("10.10.10.0/24")
                                            .ipsecIn()
                                            .accept()
                                        : r.udp().dport(4789).src("10.10.10.0/24").accept())))
        .build();
  }

  @Test
  void checksAPolicyAndTheHostAfterItsApply() {
    assertThat(Invariants.noPlainVxlan(policy(false), access(true), HOST))
        .extracting(f -> f.place().toString())
        .containsExactly("ipv4 table filter, chain INPUT, rule 1");
    assertThat(Invariants.noPlainVxlan(policy(true), access(true), HOST)).isEmpty();
    Snapshot after = AfterApply.of(dump(DOCKER_DROP), policy(false));
    Finding f = only(Invariants.noPlainVxlan(after, access(false), HOST));
    assertThat(Evaluator.of(after, HOST).evaluate(f.witness().orElseThrow()).decidedBy())
        .hasValue(f.place());
    assertThat(
            Invariants.noPlainVxlan(
                AfterApply.of(dump(DOCKER_DROP), policy(true)), access(true), HOST))
        .isEmpty();
  }

  @Test
  void theEncryptedSwarmPresetReturnsPlainVxlan() {
    SwarmHost worker =
        SwarmHost.worker()
            .externalInterfaces("eth0")
            .internalInterfaces("ens11")
            .trustedNodes(SourceSet.trustedNodes("10.10.10.0/24"))
            .encryptedOverlays(true)
            .build();
    assertThat(Invariants.noPlainVxlan(worker.ruleset(), worker.swarmAccess(), HOST)).isEmpty();
    assertThat(
            Invariants.noPlainVxlan(
                AfterApply.of(dump(DOCKER_DROP), worker.ruleset()), worker.swarmAccess(), HOST))
        .isEmpty();
  }
}
