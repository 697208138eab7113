package dev.rampart.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.RuleRef;
import dev.rampart.core.eval.Evaluator;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.core.snapshot.SnapshotChain;
import dev.rampart.core.snapshot.SnapshotRule;
import dev.rampart.core.snapshot.SnapshotTable;
import dev.rampart.render.iptables.IptablesParseException;
import dev.rampart.render.iptables.IptablesParser;
import dev.rampart.testing.Fixtures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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

  /**
   * Docker's fixture dumps that parse as whole dumps, by name, in {@link #DUMPS} order; the partial
   * ones (a table or a chain cut out of a host's rules) are skipped, each with a line saying why.
   */
  static Map<String, Snapshot> wholeDumps() {
    Map<String, Snapshot> out = new LinkedHashMap<>();
    for (String name : DUMPS) {
      try {
        out.put(name, IptablesParser.parse(Fixtures.read(name)));
      } catch (IptablesParseException e) {
        System.out.println(name + ": not a whole dump, skipped: " + e.getMessage());
      }
    }
    return out;
  }

  @Test
  void everyFindingOfADockerDumpHoldsForTheEvaluator() {
    Map<String, Snapshot> dumps = wholeDumps();
    for (Map.Entry<String, Snapshot> entry : dumps.entrySet()) {
      String name = entry.getKey();
      Snapshot dump = entry.getValue();
      DeadRules dead = DeadRules.of(dump, DeadRulesPropertiesTest.HOST);
      System.out.println(name + ": " + dead.findings().size() + " findings\n" + dead);
      Evaluator evaluator = Evaluator.of(dump, DeadRulesPropertiesTest.HOST);
      List<Packet> packets = DeadRulesPropertiesTest.packets(dump, new Random(1));
      for (Finding f : dead.findings()) {
        Evaluator without =
            f.place() instanceof RuleRef r
                ? Evaluator.of(without(dump, r), DeadRulesPropertiesTest.HOST)
                : evaluator;
        for (Packet p : packets) {
          var e = evaluator.evaluate(p);
          if (f.kind() == Finding.Kind.DEAD_RULE) {
            assertThat(e.trace().matched()).as(name + " " + f + " " + p).doesNotContain(f.place());
          }
          assertThat(DeadRulesPropertiesTest.fates(without.evaluate(p)))
              .as(name + " without " + f + "\n" + e)
              .isEqualTo(DeadRulesPropertiesTest.fates(e));
        }
      }
    }
    assertThat(dumps).hasSize(2);
  }

  @Test
  void dockersTrailingReturnsAreNotReportedByDefault() {
    for (Map.Entry<String, Snapshot> entry : wholeDumps().entrySet()) {
      assertThat(DeadRules.of(entry.getValue(), DeadRulesPropertiesTest.HOST).findings())
          .as(entry.getKey())
          .noneMatch(f -> f.toString().endsWith(": -j RETURN"));
    }
  }

  @Test
  void withDockerRulesTheLastReturnOfDockerIngressIsRedundant() {
    Snapshot dump = IptablesParser.parse(Fixtures.read("docker/swarm-portmap-28-S.txt"));
    DeadRules all = DeadRules.of(dump, DeadRulesPropertiesTest.HOST).withDockerRules();

    assertThat(all.findings())
        .extracting(f -> f.kind() + " " + f + " <- " + f.related())
        .containsExactly(
            "REDUNDANT_RULE ipv4 table filter, chain DOCKER-INGRESS, rule 3: redundant rule, later"
                + " rules decide its packets the same way: -j RETURN <- [ipv4 table filter, chain"
                + " DOCKER-INGRESS]",
            "REDUNDANT_RULE ipv4 table nat, chain DOCKER-INGRESS, rule 2: redundant rule, later"
                + " rules decide its packets the same way: -j RETURN <- [ipv4 table nat, chain"
                + " DOCKER-INGRESS]");
    assertThat(DeadRules.of(dump, DeadRulesPropertiesTest.HOST).isEmpty()).isTrue();
  }

  @Test
  void docker27sTrailingReturnOfDockerUserIsReportedOnlyWhenAskedFor() {
    Snapshot dump =
        IptablesParser.parse(
            """
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            :DOCKER-USER - [0:0]
            :mine - [0:0]
            -A FORWARD -j DOCKER-USER
            -A DOCKER-USER -s 10.0.0.0/8 -j DROP
            -A DOCKER-USER -j RETURN
            -A INPUT -j mine
            -A mine -s 10.0.0.0/8 -j DROP
            -A mine -j RETURN
            COMMIT
            """);
    DeadRules dead = DeadRules.of(dump, DeadRulesPropertiesTest.HOST);

    assertThat(dead.findings())
        .extracting(Finding::toString)
        .containsExactly(
            "ipv4 table filter, chain mine, rule 2: redundant rule, later rules decide its packets"
                + " the same way: -j RETURN");
    assertThat(dead.withDockerRules().findings())
        .extracting(Finding::toString)
        .containsExactly(
            "ipv4 table filter, chain DOCKER-USER, rule 2: redundant rule, later rules decide its"
                + " packets the same way: -j RETURN",
            "ipv4 table filter, chain mine, rule 2: redundant rule, later rules decide its packets"
                + " the same way: -j RETURN");
  }

  /** {@code dump} without the rule at {@code place}. */
  private static Snapshot without(Snapshot dump, RuleRef place) {
    List<SnapshotTable> tables = new ArrayList<>();
    for (SnapshotTable t : dump.tables()) {
      List<SnapshotChain> chains = new ArrayList<>();
      for (SnapshotChain c : t.chains()) {
        boolean here =
            t.family() == place.family().orElseThrow()
                && t.name() == place.chain().table()
                && c.name().equals(place.chain().name());
        if (!here) {
          chains.add(c);
          continue;
        }
        List<SnapshotRule> rules = new ArrayList<>(c.rules());
        rules.remove(place.index() - 1);
        chains.add(SnapshotChain.builder().from(c).rules(rules).build());
      }
      tables.add(SnapshotTable.builder().from(t).chains(chains).build());
    }
    return Snapshot.builder().from(dump).tables(tables).build();
  }
}
