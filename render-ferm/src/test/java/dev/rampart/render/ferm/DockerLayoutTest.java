package dev.rampart.render.ferm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Family;
import dev.rampart.core.TableName;
import org.junit.jupiter.api.Test;

class DockerLayoutTest {
  @Test
  void theNewestLayoutIsDocker28() {
    assertThat(DockerLayout.newest()).isEqualTo(DockerLayout.FROM_28_0_1);
  }

  @Test
  void docker27KeepsIsolationStagesAndNoRawTable() {
    assertThat(DockerLayout.UP_TO_27.chains(Family.IPV4, TableName.FILTER))
        .containsExactly(
            "FORWARD",
            "DOCKER",
            "DOCKER-INGRESS",
            "DOCKER-ISOLATION-STAGE-1",
            "DOCKER-ISOLATION-STAGE-2",
            "DOCKER-USER");
    assertThat(DockerLayout.UP_TO_27.chains(Family.IPV4, TableName.RAW)).isEmpty();
  }

  @Test
  void docker28AddsTheForwardChainsAndRawPrerouting() {
    assertThat(DockerLayout.FROM_28_0_1.chains(Family.IPV4, TableName.FILTER))
        .contains("DOCKER-FORWARD", "DOCKER-BRIDGE", "DOCKER-CT", "DOCKER-INTERNAL");
    assertThat(DockerLayout.FROM_28_0_1.chains(Family.IPV6, TableName.RAW))
        .containsExactly("PREROUTING");
  }

  @Test
  void natHoldsTheBuiltinsDockerWritesAndItsChains() {
    assertThat(DockerLayout.FROM_28_0_1.chains(Family.IPV4, TableName.NAT))
        .containsExactly("PREROUTING", "OUTPUT", "POSTROUTING", "DOCKER", "DOCKER-INGRESS");
    assertThat(DockerLayout.FROM_28_0_1.chains(Family.IPV6, TableName.NAT))
        .containsExactly("PREROUTING", "OUTPUT", "POSTROUTING", "DOCKER");
  }

  @Test
  void everyLayoutKeepsMangleOutputWhereTheOverlayDriverMarksEncryptedVxlan() {
    for (DockerLayout layout : DockerLayout.values()) {
      assertThat(layout.chains(Family.IPV4, TableName.MANGLE)).containsExactly("OUTPUT");
    }
  }
}
