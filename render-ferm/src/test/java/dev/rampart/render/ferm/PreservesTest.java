package dev.rampart.render.ferm;

import static dev.rampart.render.ferm.Rulesets.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Chain;
import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.target.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreservesTest {
  private static final Table FILTER =
      Table.of(
          TableName.FILTER,
          List.of(
              Chain.of("DOCKER-USER", List.of(rule(Verdict.RETURN))),
              Chain.of("DOCKERISH", List.of()),
              Chain.foreign("CNI-FORWARD"),
              Chain.foreign("DOCKER")));

  @Test
  void coexistPreservesTheLayoutsChainsButOurDockerUser() {
    Preserves p = Preserves.of(FILTER, RenderMode.COEXIST, DockerLayout.FROM_28_0_1);
    assertThat(p.names(Family.IPV4))
        .containsExactly(
            "FORWARD",
            "DOCKER",
            "DOCKER-BRIDGE",
            "DOCKER-CT",
            "DOCKER-FORWARD",
            "DOCKER-INGRESS",
            "DOCKER-INTERNAL",
            "DOCKER-ISOLATION-STAGE-1",
            "DOCKER-ISOLATION-STAGE-2",
            "CNI-FORWARD");
    assertThat(p.names(Family.IPV6)).doesNotContain("DOCKER-INGRESS").contains("CNI-FORWARD");
  }

  @Test
  void ownModePreservesOnlyForeignChains() {
    Preserves p = Preserves.of(FILTER, RenderMode.OWN, DockerLayout.FROM_28_0_1);
    assertThat(p.names(Family.IPV4)).containsExactly("CNI-FORWARD", "DOCKER");
    assertThat(p.regexWords()).containsExactly("CNI-FORWARD", "DOCKER");
  }

  @Test
  void theRegexSparesEveryChainOfOursThatStartsWithDocker() {
    Preserves p = Preserves.of(FILTER, RenderMode.COEXIST, DockerLayout.UP_TO_27);
    assertThat(p.regexWords())
        .containsExactly("'/^DOCKER(?!(?:-USER|ISH)$)/'", "FORWARD", "CNI-FORWARD");
  }

  @Test
  void anEmptyManagedChainOfTheLayoutIsPreserved() {
    Table t = Table.of(TableName.FILTER, List.of(Chain.of("FORWARD", List.of())));
    Preserves p = Preserves.of(t, RenderMode.COEXIST, DockerLayout.UP_TO_27);
    assertThat(p.isPreserved(t.chains().get(0))).isTrue();
  }
}
