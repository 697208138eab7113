package dev.rampart.core.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Chain;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.UnsupportedFeatureException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DockerChainsTest {
  private static Ruleset withChains(TableName table, Chain... chains) {
    return Ruleset.builder().addTables(Table.of(table, List.of(chains))).build();
  }

  @Test
  void knowsDockersChainsPerTableButNotDockerUser() {
    assertThat(DockerChains.isDockers(TableName.FILTER, "DOCKER-FORWARD")).isTrue();
    assertThat(DockerChains.isDockers(TableName.FILTER, "DOCKER-ISOLATION-STAGE-2")).isTrue();
    assertThat(DockerChains.isDockers(TableName.NAT, "DOCKER-INGRESS")).isTrue();
    assertThat(DockerChains.isDockers(TableName.NAT, "DOCKER-FORWARD")).isFalse();
    assertThat(DockerChains.isDockers(TableName.FILTER, DockerChains.DOCKER_USER)).isFalse();
    assertThat(DockerChains.of(TableName.RAW)).isEmpty();
    assertThat(DockerChains.of(TableName.MANGLE)).isEmpty();
  }

  @Test
  void knowsTheOlderFilterChainsAsPartOfTheUnion() {
    assertThat(DockerChains.FILTER).containsAll(DockerChains.FILTER_UP_TO_27);
    assertThat(DockerChains.FILTER_UP_TO_27)
        .contains("DOCKER-ISOLATION-STAGE-1", DockerChains.DOCKER_INGRESS)
        .doesNotContain("DOCKER-FORWARD", "DOCKER-CT", DockerChains.DOCKER_USER);
    assertThat(DockerChains.NAT).contains(DockerChains.DOCKER_INGRESS);
  }

  @Test
  void refusesAManagedDockerChainInCoexistModeWithThePlaceAndWhatToWriteInstead() {
    Ruleset rs = withChains(TableName.NAT, Chain.of("DOCKER", List.of()));
    assertThatThrownBy(() -> DockerChains.checkNotManaged(rs, RenderMode.COEXIST, "nftables"))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "table nat, chain DOCKER: nftables cannot express a managed chain Docker creates, in coexist mode"
                + " (Docker rewrites it; put forwarded-traffic rules into DOCKER-USER, or declare it"
                + " foreign to jump to it): DOCKER");
  }

  @Test
  void acceptsDockersChainsDeclaredForeignAndManagedDockerUser() {
    Ruleset rs =
        withChains(
            TableName.FILTER,
            Chain.foreign("DOCKER-INGRESS"),
            Chain.of(DockerChains.DOCKER_USER, List.of()));
    assertThatCode(() -> DockerChains.checkNotManaged(rs, RenderMode.COEXIST, "iptables"))
        .doesNotThrowAnyException();
  }

  @Test
  void acceptsManagedDockerChainsWhenTheRulesetOwnsTheTables() {
    Ruleset rs = withChains(TableName.FILTER, Chain.of("DOCKER-INGRESS", List.of()));
    assertThatCode(() -> DockerChains.checkNotManaged(rs, RenderMode.OWN, "iptables"))
        .doesNotThrowAnyException();
  }
}
