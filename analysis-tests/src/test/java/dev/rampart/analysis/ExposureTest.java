package dev.rampart.analysis;

import static dev.rampart.core.ChainPolicy.DROP;
import static dev.rampart.core.match.ConnState.ESTABLISHED;
import static dev.rampart.core.match.ConnState.RELATED;
import static dev.rampart.dsl.Rampart.INPUT;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.Range;
import dev.rampart.core.Family;
import dev.rampart.core.Ruleset;
import dev.rampart.core.eval.Evaluator;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.dsl.Rampart;
import dev.rampart.render.iptables.IptablesParser;
import dev.rampart.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExposureTest {
  private static final Host HOST =
      Host.parse(
          "eth0=198.51.100.1/24,docker_gwbridge=172.18.0.1/16,docker0=172.17.0.1/16,default=eth0");

  private static Ruleset sshOnly() {
    return Rampart.ruleset()
        .filter(
            t ->
                t.chain(
                    INPUT,
                    c ->
                        c.policy(DROP)
                            .rule(r -> r.ctstate(ESTABLISHED, RELATED).accept())
                            .rule(r -> r.in("lo").accept())
                            .rule(r -> r.tcp().dport(22).accept())))
        .build();
  }

  @Test
  void aHostThatAcceptsOnlySshExposesOnlySsh() {
    Exposure e = Exposure.of(sshOnly(), HOST, SourceClass.internet());

    assertThat(e.entries()).hasSize(1);
    Reachable r = e.entries().get(0);
    assertThat(r.protocols().asRanges()).containsExactly(Range.closed(6, 6));
    assertThat(r.ports().asRanges()).containsExactly(Range.closed(22, 22));
    assertThat(r.natDestination()).isEmpty();
    assertThat(r.isCertain()).isTrue();
    assertThat(r.decidedBy().orElseThrow().toString())
        .isEqualTo("ipv4 table filter, chain INPUT, rule 3");
  }

  @Test
  void everyWitnessIsAcceptedByTheEvaluator() {
    Snapshot docker = IptablesParser.parse(Fixtures.read("docker/swarm-portmap-28-S.txt"));
    Exposure e = Exposure.of(docker, HOST, SourceClass.internet());
    Evaluator evaluator = Evaluator.of(docker, HOST);

    assertThat(e.entries()).isNotEmpty();
    for (Reachable r : e.entries()) {
      assertThat(evaluator.evaluate(r.witness()).isAccepted()).as(r.toString()).isTrue();
    }
  }

  @Test
  void aPublishedSwarmPortIsReachedThroughDnatAndForward() {
    Snapshot docker = IptablesParser.parse(Fixtures.read("docker/swarm-portmap-28-S.txt"));

    Exposure e = Exposure.of(docker, HOST, SourceClass.internet());

    List<Reachable> natted =
        e.entries().stream().filter(r -> r.natDestination().isPresent()).toList();
    assertThat(natted).hasSize(1);
    assertThat(natted.get(0).ports().asRanges()).containsExactly(Range.closed(8080, 8080));
    assertThat(natted.get(0).natDestination().orElseThrow().getHostAddress())
        .isEqualTo("172.18.0.2");
    assertThat(natted.get(0).natPort()).contains(8080);
    assertThat(natted.get(0).outInterface()).contains("docker_gwbridge");
    assertThat(e.reaches(Packet.tcp().from("203.0.113.9").to("198.51.100.1", 8080).in("eth0")))
        .isTrue();
  }

  @Test
  void printsATable() {
    Snapshot docker = IptablesParser.parse(Fixtures.read("docker/swarm-portmap-28-S.txt"));
    System.out.println(Exposure.of(docker, HOST, SourceClass.internet()));
    System.out.println(Exposure.of(sshOnly(), HOST, SourceClass.internet()));
  }

  @Test
  void anOpenInputListsNoIcmpOverIpv6AndNoIcmpv6OverIpv4() {
    Ruleset open =
        Rampart.ruleset()
            .filter(t -> t.chain(INPUT, c -> c.rule(r -> r.in("eth0").accept())))
            .build();
    Host dual = Host.parse("eth0=198.51.100.1/24,eth0=2001:db8:1::1/64,default=eth0");

    Exposure e = Exposure.of(open, dual, SourceClass.internet());

    assertThat(e.entries())
        .filteredOn(r -> r.family() == Family.IPV6)
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.protocols().contains(1)).as(r.toString()).isFalse());
    assertThat(e.entries())
        .filteredOn(r -> r.family() == Family.IPV4)
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.protocols().contains(58)).as(r.toString()).isFalse());
  }
}
