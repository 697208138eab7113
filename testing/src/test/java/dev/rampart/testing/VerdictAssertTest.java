package dev.rampart.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Cidr;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.Evaluator;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.match.AddressTypeMatch;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictAssertTest {
  static final Host HOST =
      Host.parse("eth0=198.51.100.1/24,docker_gwbridge=172.18.0.1/16,default=eth0");

  /** INPUT: 80 accepted, 443 rejected, the rest dropped; 8080 is DNATed to a container. */
  static final Ruleset RULESET =
      Ruleset.builder()
          .addTables(
              Table.of(
                  TableName.NAT,
                  List.of(
                      Chain.of(
                          "PREROUTING",
                          List.of(
                              Rule.of(
                                  List.of(
                                      AddressTypeMatch.destination(AddressTypeMatch.Type.LOCAL)),
                                  Jump.to("DOCKER-INGRESS")))),
                      Chain.of(
                          "DOCKER-INGRESS",
                          List.of(
                              Rule.of(
                                  List.of(tcp(), dport(8080)),
                                  Dnat.to(Cidr.parse("172.18.0.2"), 80)))))),
              Table.of(
                  TableName.FILTER,
                  List.of(
                      Chain.builder()
                          .name("INPUT")
                          .policy(ChainPolicy.DROP)
                          .addRules(
                              Rule.of(List.of(tcp(), dport(80)), Verdict.ACCEPT),
                              Rule.of(List.of(tcp(), dport(443)), Reject.of()))
                          .build())))
          .build();

  static Packet to(int port) {
    return Packet.tcp().from("203.0.113.9", 40000).to("198.51.100.1", port).in("eth0");
  }

  static ProtocolMatch tcp() {
    return ProtocolMatch.of(Protocol.TCP);
  }

  static PortMatch dport(int port) {
    return PortMatch.destination(List.of(PortRange.of(port)));
  }

  static VerdictAssert verdicts() {
    return RampartAssertions.assertThat(RULESET).on(HOST);
  }

  @Test
  void passingAssertionsChainAndRememberTheLastEvaluation() {
    VerdictAssert a =
        verdicts()
            .accepts(to(80))
            .rejects(to(443))
            .drops(to(22))
            .forwards(to(8080))
            .to("172.18.0.2", 80)
            .accepts(to(8080))
            .forwardsTo("172.18.0.2", 80);

    assertThat(a.lastEvaluation())
        .hasValueSatisfying(e -> assertThat(e.packet()).isEqualTo(to(8080)));
  }

  @Test
  void aFailedAcceptsNamesExpectedAndActualVerdictThenShowsTheEvaluation() {
    assertThatThrownBy(() -> verdicts().accepts(to(22)))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "expected ACCEPTED but was DROPPED by ipv4 table filter, chain INPUT: policy DROP\n"
                + "packet: tcp 203.0.113.9:40000 > 198.51.100.1:22 in eth0 state new\n")
        .hasMessageContaining("\npacket: ")
        .hasMessageContaining("\ntrace:\n")
        .hasMessageEndingWith(Evaluator.of(RULESET, HOST).evaluate(to(22)).toString());
  }

  @Test
  void aFailedDropsShowsTheRejection() {
    assertThatThrownBy(() -> verdicts().drops(to(443)))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "expected DROPPED but was REJECTED with icmp-port-unreachable by ipv4 table filter, chain INPUT, rule 2:"
                + " -p tcp --dport 443 -j REJECT\n");
  }

  @Test
  void aFailedRejectsShowsTheAcceptance() {
    assertThatThrownBy(() -> verdicts().rejects(to(80)))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "expected REJECTED but was ACCEPTED by ipv4 table filter, chain INPUT, rule 1:"
                + " -p tcp --dport 80 -j ACCEPT\n");
  }

  @Test
  void forwardsFailsForAPacketDeliveredToTheHost() {
    assertThatThrownBy(() -> verdicts().forwards(to(80)))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "expected ACCEPTED FORWARD but was ACCEPTED by ipv4 table filter, chain INPUT, rule 1:"
                + " -p tcp --dport 80 -j ACCEPT\n")
        .hasMessageContaining("\nroute: INPUT to 198.51.100.1:80\n");
  }

  @Test
  void toFailsForAnotherDestinationAndNamesTheExpectedOne() {
    assertThatThrownBy(() -> verdicts().forwards(to(8080)).to("172.18.0.3", 80))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("expected destination 172.18.0.3:80 but was ACCEPTED by ")
        .hasMessageContaining("\nroute: FORWARD to 172.18.0.2:80 out docker_gwbridge\n");
  }

  @Test
  void forwardsToFailsForADroppedPacket() {
    assertThatThrownBy(() -> verdicts().drops(to(22)).forwardsTo("172.18.0.2", 80))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "expected ACCEPTED FORWARD to 172.18.0.2:80 but was DROPPED by ipv4 table filter, chain INPUT: policy DROP\n");
  }

  @Test
  void toBeforeAnyPacketIsAUsageError() {
    assertThatThrownBy(() -> verdicts().to("172.18.0.2", 80))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "verdict assert to: no packet asserted on yet: call accepts, drops, rejects or"
                + " forwards first");
  }
}
