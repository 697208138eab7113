package dev.rampart.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableSet;
import dev.rampart.core.Chain;
import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.core.snapshot.SnapshotChain;
import dev.rampart.core.snapshot.SnapshotRule;
import dev.rampart.render.iptables.IptablesParser;
import dev.rampart.render.iptables.IptablesRenderer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every sample scenario (every node), rendered for iptables and parsed back, gives its rules. */
class ScenariosRoundTripTest {
  private static List<Ruleset> rulesets() {
    List<Ruleset> all = new ArrayList<>();
    for (Scenario s : Scenarios.all()) {
      if (s instanceof NodeScenario nodes) {
        nodes.nodes().forEach(n -> all.add(nodes.ruleset(n)));
      } else {
        all.add(s.ruleset());
      }
    }
    return all;
  }

  @Test
  void everyScenarioReadsBackAsItsRulesInBothFamilies() {
    for (Ruleset rs : rulesets()) {
      for (Family family : Family.values()) {
        IptablesRenderer renderer =
            family == Family.IPV4
                ? IptablesRenderer.builder().family(Family.IPV4).mode(RenderMode.OWN).build()
                : IptablesRenderer.builder().family(Family.IPV6).mode(RenderMode.OWN).build();
        Snapshot s = IptablesParser.parse(renderer.render(rs), family);
        for (Table t : rs.tables()) {
          for (Chain c : t.chains()) {
            List<Rule> expected =
                c.rules().stream().filter(r -> rs.familiesOf(r).contains(family)).toList();
            SnapshotChain read =
                s.table(family, t.name()).orElseThrow().chain(c.name()).orElseThrow();
            List<Rule> actual = read.rules().stream().map(SnapshotRule::rule).toList();
            assertThat(actual)
                .as("%s %s %s", family.label(), t.name().label(), c.name())
                .hasSameSizeAs(expected);
            for (int i = 0; i < actual.size(); i++) {
              String where =
                  family.label() + " " + t.name().label() + " " + c.name() + " rule " + (i + 1);
              assertThat(ImmutableSet.copyOf(actual.get(i).matches()))
                  .as(where)
                  .isEqualTo(ImmutableSet.copyOf(expected.get(i).matches()));
              assertThat(actual.get(i).target()).as(where).isEqualTo(expected.get(i).target());
              assertThat(actual.get(i).comment()).as(where).isEqualTo(expected.get(i).comment());
            }
          }
        }
      }
    }
  }
}
