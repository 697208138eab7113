package dev.rampart.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.target.Reject;
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
}
