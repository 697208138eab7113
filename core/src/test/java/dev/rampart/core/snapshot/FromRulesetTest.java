package dev.rampart.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.AddressSet;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class FromRulesetTest {
  private static final AddressSet V6_ADMINS =
      AddressSet.of("admins6", Family.IPV6, List.of(Cidr.parse("2001:db8::/32")));
  private static final Rule LOOPBACK = Rule.of(List.of(InterfaceMatch.in("lo")), Verdict.ACCEPT);
  private static final Rule FROM_LAN =
      Rule.of(List.of(AddressMatch.source(List.of(Cidr.parse("10.0.0.0/8")))), Verdict.ACCEPT);
  private static final Rule FROM_ADMINS =
      Rule.of(List.of(SetMatch.source("admins6")), Verdict.ACCEPT);
  private static final Rule TO_FILTERS = Rule.of(List.of(), Jump.to("FILTERS"));
  private static final Rule TO_DOCKER_USER = Rule.of(List.of(), Jump.to("DOCKER-USER"));

  private static final Ruleset POLICY =
      Ruleset.builder()
          .addSets(V6_ADMINS)
          .addTables(
              Table.of(
                  TableName.FILTER,
                  List.of(
                      Chain.builder()
                          .name("INPUT")
                          .policy(ChainPolicy.DROP)
                          .addRules(LOOPBACK, TO_FILTERS)
                          .build(),
                      Chain.of("FORWARD", List.of(TO_DOCKER_USER)),
                      Chain.of("FILTERS", List.of(FROM_LAN, FROM_ADMINS)),
                      Chain.foreign("DOCKER-USER"))))
          .build();

  private static SnapshotChain chain(Family family, String name) {
    return Snapshot.of(POLICY)
        .table(family, TableName.FILTER)
        .flatMap(t -> t.chain(name))
        .orElseThrow();
  }

  private static List<Rule> rules(Family family, String name) {
    return chain(family, name).rules().stream().map(SnapshotRule::rule).toList();
  }

  @Test
  void holdsEveryTableOfTheRulesetForBothFamilies() {
    Snapshot s = Snapshot.of(POLICY);
    assertThat(s.families()).containsExactly(Family.IPV4, Family.IPV6);
    assertThat(s.tables()).extracting(SnapshotTable::name).containsOnly(TableName.FILTER);
  }

  @Test
  void keepsTheRulesOfEachFamilyInOrder() {
    assertThat(rules(Family.IPV4, "FILTERS")).containsExactly(FROM_LAN);
    assertThat(rules(Family.IPV6, "FILTERS")).containsExactly(FROM_ADMINS);
    assertThat(rules(Family.IPV4, "INPUT")).containsExactly(LOOPBACK, TO_FILTERS);
    assertThat(rules(Family.IPV6, "INPUT")).containsExactly(LOOPBACK, TO_FILTERS);
  }

  @Test
  void setsDeclaredPoliciesAndAcceptElsewhere() {
    assertThat(chain(Family.IPV6, "INPUT").policy()).contains(ChainPolicy.DROP);
    assertThat(chain(Family.IPV4, "FORWARD").policy()).contains(ChainPolicy.ACCEPT);
    assertThat(chain(Family.IPV4, "OUTPUT").policy()).contains(ChainPolicy.ACCEPT);
  }

  @Test
  void setsEachFamilysOwnPolicy() {
    Ruleset perFamily =
        Ruleset.builder()
            .addTables(
                Table.of(
                    TableName.FILTER,
                    List.of(
                        Chain.builder()
                            .name("INPUT")
                            .policy(ChainPolicy.DROP)
                            .putFamilyPolicy(Family.IPV6, ChainPolicy.ACCEPT)
                            .build())))
            .build();
    Snapshot s = Snapshot.of(perFamily);
    assertThat(s.table(Family.IPV4, TableName.FILTER).flatMap(t -> t.chain("INPUT")))
        .flatMap(SnapshotChain::policy)
        .contains(ChainPolicy.DROP);
    assertThat(s.table(Family.IPV6, TableName.FILTER).flatMap(t -> t.chain("INPUT")))
        .flatMap(SnapshotChain::policy)
        .contains(ChainPolicy.ACCEPT);
  }

  @Test
  void declaresForeignChainsEmpty() {
    assertThat(chain(Family.IPV4, "DOCKER-USER").rules()).isEmpty();
    assertThat(chain(Family.IPV4, "DOCKER-USER").policy()).isEmpty();
  }

  @Test
  void listsBuiltInChainsThenUserChainsInNameOrderAsIptablesSaveDoes() {
    assertThat(Snapshot.of(POLICY).table(Family.IPV4, TableName.FILTER).orElseThrow().chains())
        .extracting(SnapshotChain::name)
        .containsExactly("INPUT", "FORWARD", "OUTPUT", "DOCKER-USER", "FILTERS");
  }

  @Test
  void copiesTheSets() {
    assertThat(Snapshot.of(POLICY).sets()).containsExactly(V6_ADMINS);
  }

  @Test
  void knowsNothingOfCountersOrDumpLines() {
    assertThat(chain(Family.IPV4, "INPUT").counters()).isEmpty();
    assertThat(chain(Family.IPV4, "INPUT").rules())
        .allSatisfy(r -> assertThat(r.counters().isEmpty() && r.origin().isEmpty()).isTrue());
  }

  @Test
  void anEmptyRulesetIsAnEmptySnapshot() {
    Snapshot s = Snapshot.of(Ruleset.builder().build());
    assertThat(s.tables()).isEmpty();
    assertThat(s.sets()).isEmpty();
  }
}
