package dev.rampart.render.ferm;

import static dev.rampart.render.ferm.Rulesets.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.RuleRef;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.UnsupportedFeatureException;
import dev.rampart.core.target.Masquerade;
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
  void coexistPreservesTheBuiltinAndDeclaredChainsAlwaysAndTheLayoutsWhereTheHostHasThem() {
    Preserves p = Preserves.of(FILTER, RenderMode.COEXIST, DockerLayout.FROM_28_0_1);
    assertThat(p.names()).containsExactly("INPUT", "FORWARD", "OUTPUT", "CNI-FORWARD", "DOCKER");
    assertThat(p.hostNames(Family.IPV4, PreserveForm.NAMES))
        .containsExactly(
            "DOCKER-BRIDGE",
            "DOCKER-CT",
            "DOCKER-FORWARD",
            "DOCKER-INGRESS",
            "DOCKER-INTERNAL",
            "DOCKER-ISOLATION-STAGE-1",
            "DOCKER-ISOLATION-STAGE-2",
            "RAMPART-OWNED");
    assertThat(p.hostNames(Family.IPV6, PreserveForm.NAMES)).doesNotContain("DOCKER-INGRESS");
    assertThat(p.hostNames(Family.IPV4, PreserveForm.REGEX)).containsExactly("RAMPART-OWNED");
  }

  @Test
  void ownModePreservesOnlyForeignChains() {
    Preserves p = Preserves.of(FILTER, RenderMode.OWN, DockerLayout.FROM_28_0_1);
    assertThat(p.names()).containsExactly("CNI-FORWARD", "DOCKER");
    assertThat(p.hostNames(Family.IPV4, PreserveForm.NAMES)).isEmpty();
    assertThat(p.regexWords()).containsExactly("CNI-FORWARD", "DOCKER");
  }

  @Test
  void theRegexSparesEveryChainOfOursThatStartsWithDocker() {
    Preserves p = Preserves.of(FILTER, RenderMode.COEXIST, DockerLayout.UP_TO_27);
    assertThat(p.regexWords())
        .containsExactly(
            "'/^DOCKER(?!(?:-USER|ISH)$)/'", "INPUT", "FORWARD", "OUTPUT", "CNI-FORWARD");
  }

  @Test
  void coexistHooksTheBuiltinChainsOfOursWithTheirRulesAndPolicies() {
    Table t =
        Table.of(
            TableName.NAT,
            List.of(
                Chain.builder()
                    .name("POSTROUTING")
                    .policy(ChainPolicy.ACCEPT)
                    .addRules(rule(Masquerade.of()))
                    .build(),
                Chain.of("SNATS", List.of(rule(Verdict.RETURN)))));
    Preserves p = Preserves.of(t, RenderMode.COEXIST, DockerLayout.FROM_28_0_1);
    assertThat(p.isHooked(t.chains().get(0))).isTrue();
    assertThat(p.isPreserved(t.chains().get(0))).isTrue();
    assertThat(p.isHooked(t.chains().get(1))).isFalse();
    assertThat(p.names()).containsExactly("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING");
    assertThat(p.hostNames(Family.IPV6, PreserveForm.NAMES))
        .containsExactly("DOCKER", "RAMPART-OWNED");
    Preserves own = Preserves.of(t, RenderMode.OWN, DockerLayout.FROM_28_0_1);
    assertThat(own.isHooked(t.chains().get(0))).isFalse();
    assertThat(own.names()).isEmpty();
  }

  @Test
  void refusesARuleInADockerChainOfOurs() {
    Table t =
        Table.of(TableName.FILTER, List.of(Chain.of("DOCKER-CT", List.of(rule(Verdict.DROP)))));
    assertThatThrownBy(() -> Preserves.of(t, RenderMode.COEXIST, DockerLayout.FROM_28_0_1))
        .isInstanceOfSatisfying(
            UnsupportedFeatureException.class,
            e -> assertThat(e.place()).isEqualTo(RuleRef.of(TableName.FILTER, "DOCKER-CT", 1)))
        .hasMessage(
            "table filter, chain DOCKER-CT, rule 1: ferm cannot express a rule in a chain ferm"
                + " preserves for Docker (FROM_28_0_1): DOCKER-CT");
  }

  @Test
  void anEmptyManagedChainOfTheLayoutIsPreserved() {
    Table t = Table.of(TableName.FILTER, List.of(Chain.of("FORWARD", List.of())));
    Preserves p = Preserves.of(t, RenderMode.COEXIST, DockerLayout.UP_TO_27);
    assertThat(p.isPreserved(t.chains().get(0))).isTrue();
  }
}
