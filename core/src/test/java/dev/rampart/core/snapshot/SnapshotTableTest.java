package dev.rampart.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.TableName;
import dev.rampart.core.TableRef;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotTableTest {
  private static SnapshotChain user(String name) {
    return SnapshotChain.builder().name(name).build();
  }

  @Test
  void addsTheBuiltInChainsNotGivenWithPolicyAccept() {
    SnapshotTable t = SnapshotTable.of(Family.IPV4, TableName.FILTER, List.of());
    assertThat(t.chains())
        .extracting(SnapshotChain::name)
        .containsExactly("INPUT", "FORWARD", "OUTPUT");
    assertThat(t.chains()).allSatisfy(c -> assertThat(c.policy()).contains(ChainPolicy.ACCEPT));
    assertThat(t.chains()).allSatisfy(c -> assertThat(c.rules()).isEmpty());
  }

  @Test
  void givesPolicyAcceptToABuiltInChainBuiltWithoutOne() {
    Rule drop = Rule.of(List.of(), Verdict.DROP);
    SnapshotTable t =
        SnapshotTable.of(
            Family.IPV4,
            TableName.RAW,
            List.of(SnapshotChain.builder().name("PREROUTING").addRule(drop).build()));
    SnapshotChain prerouting = t.chain("PREROUTING").orElseThrow();
    assertThat(prerouting.policy()).contains(ChainPolicy.ACCEPT);
    assertThat(prerouting.rules()).containsExactly(SnapshotRule.of(drop));
  }

  @Test
  void keepsAGivenPolicyCountersAndOrigin() {
    SnapshotChain input =
        SnapshotChain.builder()
            .name("INPUT")
            .policy(ChainPolicy.DROP)
            .counters(Counters.of(1, 2))
            .origin(Origin.of(2, ":INPUT DROP [1:2]"))
            .build();
    SnapshotTable t = SnapshotTable.of(Family.IPV6, TableName.FILTER, List.of(input));
    assertThat(t.chain("INPUT")).contains(input);
  }

  @Test
  void listsBuiltInChainsFirstInNetfiltersOrderThenUserChainsAsGiven() {
    SnapshotTable t =
        SnapshotTable.of(
            Family.IPV4,
            TableName.NAT,
            List.of(
                user("DOCKER"),
                SnapshotChain.builder().name("POSTROUTING").build(),
                user("DOCKER-INGRESS"),
                SnapshotChain.builder().name("PREROUTING").build()));
    assertThat(t.chains())
        .extracting(SnapshotChain::name)
        .containsExactly(
            "PREROUTING", "INPUT", "OUTPUT", "POSTROUTING", "DOCKER", "DOCKER-INGRESS");
  }

  @Test
  void findsAChainByExactName() {
    SnapshotTable t = SnapshotTable.of(Family.IPV4, TableName.FILTER, List.of(user("DOCKER-USER")));
    assertThat(t.chain("DOCKER-USER")).contains(user("DOCKER-USER"));
    assertThat(t.chain("docker-user")).isEmpty();
  }

  @Test
  void holdsDockerChainsWithRulesAndJumpsBetweenThem() {
    SnapshotTable t =
        SnapshotTable.of(
            Family.IPV4,
            TableName.FILTER,
            List.of(
                SnapshotChain.builder()
                    .name("FORWARD")
                    .policy(ChainPolicy.DROP)
                    .addRule(Rule.of(List.of(), Jump.to("DOCKER-USER")))
                    .addRule(Rule.of(List.of(), Jump.to("DOCKER-FORWARD")))
                    .build(),
                user("DOCKER-USER"),
                SnapshotChain.builder()
                    .name("DOCKER-FORWARD")
                    .addRule(Rule.of(List.of(), Jump.goTo("DOCKER-USER")))
                    .build()));
    assertThat(t.chain("FORWARD").map(c -> c.rules().size())).contains(2);
  }

  @Test
  void isAPlace() {
    SnapshotTable t = SnapshotTable.of(Family.IPV6, TableName.MANGLE, List.of());
    assertThat(t.ref()).isEqualTo(TableRef.of(Family.IPV6, TableName.MANGLE));
  }

  @Test
  void equalWhetherBuiltInsWereGivenOrAdded() {
    SnapshotTable given =
        SnapshotTable.of(
            Family.IPV4,
            TableName.RAW,
            List.of(
                SnapshotChain.builder().name("OUTPUT").policy(ChainPolicy.ACCEPT).build(),
                SnapshotChain.builder().name("PREROUTING").policy(ChainPolicy.ACCEPT).build()));
    assertThat(given).isEqualTo(SnapshotTable.of(Family.IPV4, TableName.RAW, List.of()));
  }
}
