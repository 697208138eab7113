package dev.rampart.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.AddressSet;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.TableName;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.target.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotTest {
  private static final AddressSet ALLOW =
      AddressSet.of("ip_allow", Family.IPV4, List.of(Cidr.parse("192.0.2.0/24")));

  private static SnapshotTable table(Family family, TableName name) {
    return SnapshotTable.of(family, name, List.of());
  }

  @Test
  void findsATableByFamilyAndName() {
    SnapshotTable v6nat = table(Family.IPV6, TableName.NAT);
    Snapshot s =
        Snapshot.builder()
            .addTables(table(Family.IPV4, TableName.FILTER), table(Family.IPV4, TableName.NAT))
            .addTables(v6nat)
            .build();
    assertThat(s.table(Family.IPV6, TableName.NAT)).contains(v6nat);
    assertThat(s.table(Family.IPV6, TableName.FILTER)).isEmpty();
    assertThat(s.table(Family.IPV4, TableName.RAW)).isEmpty();
  }

  @Test
  void listsTheFamiliesThatHaveTablesInFamilyOrder() {
    Snapshot s =
        Snapshot.builder()
            .addTables(table(Family.IPV6, TableName.FILTER), table(Family.IPV4, TableName.NAT))
            .build();
    assertThat(s.families()).containsExactly(Family.IPV4, Family.IPV6);
    assertThat(Snapshot.builder().build().families()).isEmpty();
  }

  @Test
  void keepsTheTablesInTheOrderGiven() {
    Snapshot s =
        Snapshot.builder()
            .addTables(table(Family.IPV4, TableName.NAT), table(Family.IPV4, TableName.FILTER))
            .build();
    assertThat(s.tables())
        .extracting(SnapshotTable::name)
        .containsExactly(TableName.NAT, TableName.FILTER);
  }

  @Test
  void findsAKnownSetByName() {
    Snapshot s = Snapshot.builder().addSets(ALLOW).build();
    assertThat(s.set("ip_allow")).contains(ALLOW);
    assertThat(s.set("ip_deny")).isEmpty();
  }

  @Test
  void holdsARuleUsingASetThatIsNotListed() {
    SnapshotChain input =
        SnapshotChain.builder()
            .name("INPUT")
            .policy(ChainPolicy.DROP)
            .addRule(Rule.of(List.of(SetMatch.source("unknown_set")), Verdict.ACCEPT))
            .build();
    Snapshot s =
        Snapshot.builder()
            .addTables(SnapshotTable.of(Family.IPV4, TableName.FILTER, List.of(input)))
            .build();
    assertThat(s.sets()).isEmpty();
    assertThat(s.table(Family.IPV4, TableName.FILTER).flatMap(t -> t.chain("INPUT")))
        .contains(input);
  }

  @Test
  void rejectsATableListedTwiceForOneFamily() {
    assertThatThrownBy(
            () ->
                Snapshot.builder()
                    .addTables(
                        table(Family.IPV6, TableName.FILTER), table(Family.IPV6, TableName.FILTER))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ipv6 table filter: table listed twice: filter");
  }

  @Test
  void acceptsTheSameTableForEachFamily() {
    Snapshot s =
        Snapshot.builder()
            .addTables(table(Family.IPV4, TableName.FILTER), table(Family.IPV6, TableName.FILTER))
            .build();
    assertThat(s.tables()).hasSize(2);
  }

  @Test
  void rejectsASetListedTwice() {
    AddressSet other = AddressSet.of("ip_allow", Family.IPV6, List.of());
    assertThatThrownBy(() -> Snapshot.builder().addSets(ALLOW, other).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("set ip_allow: set listed twice: ip_allow");
  }
}
