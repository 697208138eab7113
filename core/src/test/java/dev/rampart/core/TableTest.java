package dev.rampart.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

  @Test
  void findsAChainByName() {
    Table t =
        Table.of(TableName.FILTER, List.of(Chain.of("INPUT", List.of()), Chain.foreign("DOCKER")));
    assertThat(t.name()).isEqualTo(TableName.FILTER);
    assertThat(t.chain("DOCKER").map(Chain::isManaged)).contains(false);
    assertThat(t.chain("docker")).isEmpty();
  }

  @Test
  void keepsTheChainsInDeclarationOrder() {
    Table t =
        Table.of(
            TableName.NAT, List.of(Chain.foreign("DOCKER"), Chain.of("PREROUTING", List.of())));
    assertThat(t.chains()).extracting(Chain::name).containsExactly("DOCKER", "PREROUTING");
  }

  @Test
  void looksChainsUpInAnIndexBuiltOnceKeepingTheFirstOfTwins() {
    Chain first = Chain.of("A", List.of());
    Table t = Table.builder().name(TableName.FILTER).addChains(first, Chain.foreign("A")).build();
    assertThat(t.chainsByName()).isSameAs(t.chainsByName());
    assertThat(t.chain("A")).containsSame(first);
  }
}
