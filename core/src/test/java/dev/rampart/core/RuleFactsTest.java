package dev.rampart.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.IpRangeMatch;
import dev.rampart.core.match.MacMatch;
import dev.rampart.core.match.OwnerMatch;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.TcpFlagsMatch;
import dev.rampart.core.target.Ct;
import dev.rampart.core.target.Notrack;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.TcpMss;
import dev.rampart.core.target.Verdict;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuleFactsTest {

  @Test
  void keepsKindAndValueOfEachPieceOfFamilyEvidenceApart() {
    Rule r =
        Rule.of(
            List.of(AddressMatch.source(List.of(Cidr.parse("10.0.0.0/8")))),
            Reject.with(Reject.With.ICMP_ADMIN_PROHIBITED));
    RuleFacts facts = RuleFacts.of(r, name -> Optional.empty());
    assertThat(facts.evidence())
        .containsExactly(
            new RuleFacts.Evidence(Family.IPV4, "address", "10.0.0.0/8"),
            new RuleFacts.Evidence(Family.IPV4, "reject-with", "icmp-admin-prohibited"));
    assertThat(facts.evidence().get(0)).hasToString("ipv4 address 10.0.0.0/8");
  }

  @Test
  void knowsTheRequiredProtocolOnlyForOnePositiveProtocolMatch() {
    assertThat(facts(ProtocolMatch.of(Protocol.UDP)).protocol()).contains(Protocol.UDP);
    assertThat(facts(ProtocolMatch.not(Protocol.UDP)).protocol()).isEmpty();
    assertThat(facts().protocol()).isEmpty();
  }

  @Test
  void recordsWhatTheTargetNeeds() {
    RuleFacts reset =
        RuleFacts.of(Rule.of(List.of(), Reject.with(Reject.With.TCP_RESET)), n -> Optional.empty());
    assertThat(reset.rejects).isTrue();
    assertThat(reset.rejectWith).contains(Reject.With.TCP_RESET);
    assertThat(reset.targetChains).containsExactly("INPUT", "FORWARD", "OUTPUT");
    assertThat(reset.drops).isFalse();
  }

  private static RuleFacts facts(ProtocolMatch... matches) {
    return RuleFacts.of(
        Rule.of(List.of(matches), dev.rampart.core.target.Verdict.ACCEPT), n -> Optional.empty());
  }

  @Test
  void recordsThatTcpMssNeedsSynAndWhereItMayBeUsed() {
    RuleFacts clamp = RuleFacts.of(Rule.of(List.of(), TcpMss.clampToPmtu()), n -> Optional.empty());
    assertThat(clamp.targetNeedsSyn).isTrue();
    assertThat(clamp.targetTables).containsExactly(TableName.FILTER, TableName.MANGLE);
    assertThat(clamp.targetChains).containsExactly("FORWARD", "OUTPUT", "POSTROUTING");
    RuleFacts set = RuleFacts.of(Rule.of(List.of(), TcpMss.setMss(1400)), n -> Optional.empty());
    assertThat(set.targetChains).isEmpty();
  }

  @Test
  void recordsTheRawTableForCtAndNotrack() {
    assertThat(RuleFacts.of(Rule.of(List.of(), Ct.notrack()), n -> Optional.empty()).targetTables)
        .containsExactly(TableName.RAW);
    assertThat(
            RuleFacts.of(Rule.of(List.of(), Notrack.INSTANCE), n -> Optional.empty()).targetTables)
        .containsExactly(TableName.RAW);
  }

  @Test
  void takesTheFamilyOfAnAddressRangeAsEvidence() {
    Rule r =
        Rule.of(
            List.of(IpRangeMatch.source(Cidr.parse("2001:db8::1"), Cidr.parse("2001:db8::9"))),
            Verdict.ACCEPT);
    assertThat(RuleFacts.of(r, n -> Optional.empty()).evidence())
        .containsExactly(
            new RuleFacts.Evidence(Family.IPV6, "address range", "2001:db8::1-2001:db8::9"));
  }

  @Test
  void collectsMacOwnerAndTcpFlagsMatchesForTheHookAndProtocolChecks() {
    Rule r =
        Rule.of(
            List.of(MacMatch.source("52:54:00:ab:cd:ef"), OwnerMatch.uid(1), TcpFlagsMatch.syn()),
            Verdict.ACCEPT);
    RuleFacts facts = RuleFacts.of(r, n -> Optional.empty());
    assertThat(facts.macs).containsExactly(MacMatch.source("52:54:00:ab:cd:ef"));
    assertThat(facts.owners).containsExactly(OwnerMatch.uid(1));
    assertThat(facts.tcpFlags).containsExactly(TcpFlagsMatch.syn());
  }
}
