package dev.rampart.render.iptables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.TableName;
import dev.rampart.core.UnsupportedFeatureException;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.snapshot.Counters;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.core.snapshot.SnapshotChain;
import dev.rampart.core.snapshot.SnapshotRule;
import dev.rampart.core.snapshot.SnapshotTable;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotWriterTest {
  private static final Rule SSH =
      Rule.of(
          List.of(ProtocolMatch.of(Protocol.TCP), PortMatch.destination(List.of(PortRange.of(22)))),
          Verdict.ACCEPT);

  private static Snapshot host() {
    SnapshotTable filter4 =
        SnapshotTable.of(
            Family.IPV4,
            TableName.FILTER,
            List.of(
                SnapshotChain.builder()
                    .name("INPUT")
                    .policy(ChainPolicy.DROP)
                    .counters(Counters.of(7, 700))
                    .addRule(SnapshotRule.builder().rule(SSH).counters(Counters.of(3, 180)).build())
                    .addRule(Rule.of(List.of(SetMatch.source("admins")), Jump.to("DOCKER-USER")))
                    .build(),
                SnapshotChain.builder()
                    .name("DOCKER-USER")
                    .addRule(Rule.of(List.of(), Verdict.RETURN))
                    .build()));
    SnapshotTable nat4 =
        SnapshotTable.of(
            Family.IPV4, TableName.NAT, List.of(SnapshotChain.builder().name("DOCKER").build()));
    SnapshotTable filter6 =
        SnapshotTable.of(
            Family.IPV6,
            TableName.FILTER,
            List.of(
                SnapshotChain.builder()
                    .name("INPUT")
                    .addRule(
                        Rule.of(
                            List.of(AddressMatch.source(List.of(Cidr.parse("fd00::/8")))),
                            Verdict.ACCEPT))
                    .build()));
    return Snapshot.builder().addTables(filter4, nat4, filter6).build();
  }

  @Test
  void writesEveryTableChainAndRuleOfTheFamilyInOrderWithZeroCounters() {
    assertThat(IptablesRenderer.restoreText(host(), Family.IPV4))
        .isEqualTo(
            """
            *filter
            :INPUT DROP [0:0]
            :FORWARD ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :DOCKER-USER - [0:0]
            -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
            -A INPUT -m set --match-set admins src -j DOCKER-USER
            -A DOCKER-USER -j RETURN
            COMMIT
            *nat
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            :DOCKER - [0:0]
            COMMIT
            """);
  }

  @Test
  void writesOnlyTheTablesOfTheOtherFamilyForIpv6() {
    assertThat(IptablesRenderer.restoreText(host(), Family.IPV6))
        .isEqualTo(
            """
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            -A INPUT -s fd00::/8 -j ACCEPT
            COMMIT
            """);
  }

  @Test
  void writesNothingForAFamilyTheSnapshotDoesNotHold() {
    Snapshot v4Only = Snapshot.builder().addTables(host().tables().get(0)).build();

    assertThat(IptablesRenderer.restoreText(v4Only, Family.IPV6)).isEmpty();
  }

  @Test
  void refusesARuleIptablesCannotExpressNamingItsPlace() {
    Rule twoPrefixes =
        Rule.of(
            List.of(
                AddressMatch.source(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("192.0.2.0/24")))),
            Verdict.DROP);
    Snapshot snapshot =
        Snapshot.builder()
            .addTables(
                SnapshotTable.of(
                    Family.IPV4,
                    TableName.FILTER,
                    List.of(SnapshotChain.builder().name("FORWARD").addRule(twoPrefixes).build())))
            .build();

    assertThatThrownBy(() -> IptablesRenderer.restoreText(snapshot, Family.IPV4))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("table filter, chain FORWARD, rule 1");
  }
}
