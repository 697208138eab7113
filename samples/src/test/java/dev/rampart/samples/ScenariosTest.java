package dev.rampart.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.ChainOwner;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Ruleset;
import dev.rampart.core.TableName;
import dev.rampart.dsl.swarm.DockerChains;
import dev.rampart.render.iptables.IptablesRenderer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenariosTest {
  @Test
  void listsEveryScenarioOnceWithSwarmManagerAsTheDefault() {
    assertThat(Scenarios.all())
        .extracting(Scenario::name)
        .containsExactly(
            "swarm-manager",
            "swarm-worker",
            "minimal-host",
            "trusted-nodes",
            "ingress-lockdown",
            "trusted-allowlist",
            "ferm-preserve",
            "cluster");
    assertThat(Scenarios.defaultScenario().name()).isEqualTo("swarm-manager");
    assertThat(Scenarios.named("cluster")).containsInstanceOf(ClusterScenario.class);
  }

  @Test
  void rendersEveryScenarioAndEveryClusterNodeInBothModes() {
    for (Scenario s : Scenarios.all()) {
      List<Ruleset> rulesets =
          s instanceof NodeScenario n
              ? n.nodes().stream().map(n::ruleset).toList()
              : List.of(s.ruleset());
      for (Ruleset rs : rulesets) {
        for (RenderMode mode : RenderMode.values()) {
          assertThat(IptablesRenderer.of(mode).bundle(rs).files())
              .as(s.name())
              .containsKey("apply.sh");
        }
      }
    }
  }

  @Test
  void declaresDockersChainsForeignWhereverDockerUserIsWritten() {
    for (Scenario s : Scenarios.all()) {
      var filter = s.ruleset().table(TableName.FILTER).orElseThrow();
      if (filter.chain("DOCKER-USER").isEmpty()) {
        continue;
      }
      assertThat(filter.chains())
          .as(s.name())
          .filteredOn(c -> c.owner() == ChainOwner.FOREIGN)
          .extracting(c -> c.name())
          .containsExactlyElementsOf(DockerChains.FILTER);
    }
  }

  @Test
  void writesDockerUserInEverySwarmScenario() {
    assertThat(Scenarios.all())
        .filteredOn(s -> !s.name().equals("minimal-host"))
        .allSatisfy(
            s ->
                assertThat(s.ruleset().table(TableName.FILTER).orElseThrow().chain("DOCKER-USER"))
                    .as(s.name())
                    .isPresent());
  }
}
