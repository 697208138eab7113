package dev.rampart.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.match.PortRange;
import dev.rampart.core.target.Ct;
import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Log;
import dev.rampart.core.target.Notrack;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.TcpMss;
import dev.rampart.core.target.Verdict;
import org.junit.jupiter.api.Test;

class TargetFactsTest {

  @Test
  void recordsWhatARejectNeeds() {
    TargetFacts reset = TargetFacts.of(Reject.with(Reject.With.TCP_RESET));
    assertThat(reset.rejects()).isTrue();
    assertThat(reset.rejectWith()).contains(Reject.With.TCP_RESET);
    assertThat(reset.chains()).containsExactly("INPUT", "FORWARD", "OUTPUT");
    assertThat(reset.drops()).isFalse();
    assertThat(reset.evidence()).isEmpty();
  }

  @Test
  void takesAnIcmpErrorOfOneFamilyAsEvidence() {
    assertThat(TargetFacts.of(Reject.with(Reject.With.ICMP6_NO_ROUTE)).evidence())
        .containsExactly(new RuleFacts.Evidence(Family.IPV6, "reject-with", "icmp6-no-route"));
  }

  @Test
  void knowsDropAndNothingMoreOfTheVerdicts() {
    assertThat(TargetFacts.of(Verdict.DROP).drops()).isTrue();
    assertThat(TargetFacts.of(Verdict.ACCEPT).drops()).isFalse();
    assertThat(TargetFacts.of(Verdict.ACCEPT).chains()).isEmpty();
    assertThat(TargetFacts.of(Verdict.ACCEPT).tables()).isEmpty();
  }

  @Test
  void keepsTheLogPrefixForTheTextChecks() {
    assertThat(TargetFacts.of(Log.prefixed("[in] ")).logPrefix()).contains("[in] ");
    assertThat(TargetFacts.of(Log.of()).logPrefix()).isEmpty();
  }

  @Test
  void recordsTheNatPortChainsAndAddressOfDnat() {
    Dnat dnat = Dnat.to(Cidr.parse("172.18.0.2"), PortRange.of(8080));
    TargetFacts facts = TargetFacts.of(dnat);
    assertThat(facts.natPort()).contains(PortRange.of(8080));
    assertThat(facts.chains()).containsExactly("PREROUTING", "OUTPUT");
    assertThat(facts.evidence())
        .containsExactly(new RuleFacts.Evidence(Family.IPV4, "nat address", "172.18.0.2/32"));
  }

  @Test
  void recordsThatTcpMssNeedsSynAndWhereItMayBeUsed() {
    TargetFacts clamp = TargetFacts.of(TcpMss.clampToPmtu());
    assertThat(clamp.needsSyn()).isTrue();
    assertThat(clamp.tables()).containsExactlyInAnyOrder(TableName.FILTER, TableName.MANGLE);
    assertThat(clamp.chains()).containsExactly("FORWARD", "OUTPUT", "POSTROUTING");
    assertThat(TargetFacts.of(TcpMss.setMss(1400)).chains()).isEmpty();
  }

  @Test
  void recordsTheRawTableForCtAndNotrack() {
    assertThat(TargetFacts.of(Ct.notrack()).tables()).containsExactly(TableName.RAW);
    assertThat(TargetFacts.of(Notrack.INSTANCE).tables()).containsExactly(TableName.RAW);
  }
}
