package dev.rampart.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.eval.Evaluator;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.render.iptables.IptablesParser;
import dev.rampart.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dead and redundant rules of Docker's own dumps, each finding checked with the evaluator. */
class DeadRulesFixturesTest {
  private static final List<String> DUMPS =
      List.of(
          "docker/docker-28.0-gwbridge-partial.txt",
          "docker/swarm-17.05-filter-S-partial.txt",
          "docker/swarm-17.05-vagrant-S-partial.txt",
          "docker/swarm-aws-1.4.21-partial.txt",
          "docker/swarm-portmap-28-S.txt");

  @Test
  void noDeadRuleOfADockerDumpMatchesAPacketOfAnyRule() {
    for (String name : DUMPS) {
      Snapshot dump = IptablesParser.parse(Fixtures.read(name));
      DeadRules dead = DeadRules.of(dump, DeadRulesPropertiesTest.HOST);
      System.out.println(name + ": " + dead.findings().size() + " findings\n" + dead);
      Evaluator evaluator = Evaluator.of(dump, DeadRulesPropertiesTest.HOST);
      for (Packet p : DeadRulesPropertiesTest.packets(dump, new java.util.Random(1))) {
        var matched = evaluator.evaluate(p).trace().matched();
        for (Finding f : dead.findings()) {
          assertThat(matched).as(name + " " + f + " " + p).doesNotContain(f.place());
        }
      }
    }
  }

  @Test
  void findsTheRedundantReturnAtTheEndOfDockerUser() {
    Snapshot dump = IptablesParser.parse(Fixtures.read("docker/swarm-portmap-28-S.txt"));

    assertThat(DeadRules.of(dump, DeadRulesPropertiesTest.HOST).findings())
        .extracting(Finding::toString)
        .isNotEmpty();
  }
}
