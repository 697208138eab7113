package dev.rampart.dsl.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.Evaluation.Decision;
import dev.rampart.core.eval.Evaluator;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.RpFilterMatch;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Verdict;
import dev.rampart.dsl.Rampart;
import dev.rampart.dsl.RulesetBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class AntiSpoofingTest {
  private static final SourceSet NODES = SourceSet.trustedNodes("10.10.10.0/24", "fd00:10::/64");
  private static final Host HOST =
      Host.parse("eth0=198.51.100.1/24,ens11=10.10.10.1/24,default=eth0");

  private static Ruleset ruleset(AntiSpoofing spoof) {
    RulesetBuilder b = Rampart.ruleset();
    NODES.addressSets().forEach(b::set);
    return b.raw(spoof::applyTo).build();
  }

  @Test
  void dropsTrustedSourcesFailingTheReversePathPerInterfaceAndFamily() {
    AntiSpoofing spoof = AntiSpoofing.of(List.of("eth0", "eth1"), NODES);
    assertThat(spoof.name()).isEqualTo(AntiSpoofing.DEFAULT_NAME);
    assertThat(spoof.rules()).hasSize(4);
    for (Rule r : spoof.rules()) {
      assertThat(r.matches()).contains(RpFilterMatch.strict().negate());
      assertThat(r.target()).isEqualTo(Verdict.DROP);
    }
    assertThat(spoof.rules())
        .extracting(r -> r.matches().get(0))
        .containsExactly(
            InterfaceMatch.in("eth0"),
            InterfaceMatch.in("eth0"),
            InterfaceMatch.in("eth1"),
            InterfaceMatch.in("eth1"));
  }

  @Test
  void isJumpedToFromRawPrerouting() {
    Ruleset rs = ruleset(AntiSpoofing.of(List.of("eth0"), NODES));
    assertThat(rs.table(TableName.RAW).orElseThrow().chain("PREROUTING").orElseThrow().rules())
        .extracting(Rule::target)
        .containsExactly(Jump.to("ANTISPOOF"));
  }

  @Test
  void dropsASpoofedTrustedSourceOnTheExternalInterfaceOnly() {
    Evaluator eval = Evaluator.of(ruleset(AntiSpoofing.of(List.of("eth0"), NODES)), HOST);
    Packet vxlan = Packet.udp().from("10.10.10.7", 40000).to("198.51.100.1", 4789);

    assertThat(eval.evaluate(vxlan.in("eth0")).decision()).isEqualTo(Decision.DROPPED);
    assertThat(eval.evaluate(vxlan.in("ens11").to("10.10.10.1", 4789)).decision())
        .isEqualTo(Decision.ACCEPTED);
    assertThat(
            eval.evaluate(Packet.udp().from("203.0.113.9", 40000).to("198.51.100.1", 53).in("eth0"))
                .decision())
        .isEqualTo(Decision.ACCEPTED);
  }

  @Test
  void passesATrustedNodeThatReallyLivesBehindTheExternalInterface() {
    Host overInternet = Host.parse("eth0=198.51.100.1/24,default=eth0");
    Evaluator eval = Evaluator.of(ruleset(AntiSpoofing.of(List.of("eth0"), NODES)), overInternet);
    Packet vxlan = Packet.udp().from("10.10.10.7", 40000).to("198.51.100.1", 4789).in("eth0");

    assertThat(eval.evaluate(vxlan).decision()).isEqualTo(Decision.ACCEPTED);
  }

  @Test
  void refusesToGuardNoInterface() {
    assertThatThrownBy(() -> AntiSpoofing.of(List.of(), NODES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("anti-spoofing needs an external interface: []");
  }
}
