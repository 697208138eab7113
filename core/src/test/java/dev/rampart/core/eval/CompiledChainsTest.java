package dev.rampart.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Chain;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.Match;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompiledChainsTest {
  private static final Host HOST =
      Host.parse(
          "eth0=198.51.100.1/24,ens11=10.10.10.1/24,docker_gwbridge=172.18.0.1/16,default=eth0");

  private static final int RULES = 10_000;

  private static final Ruleset DOCKER = docker();

  /**
   * A Docker-like FORWARD chain of {@link #RULES} rules: nine in ten accept one container address
   * and port, the others test interfaces only (no address, no port), so an index on any field has
   * {@code RULES / 10} rules that fit every one of its about {@code 2 * RULES} segments.
   */
  private static Ruleset docker() {
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < RULES; i++) {
      List<Match> m = new ArrayList<>();
      if (i % 10 != 9) {
        m.add(
            AddressMatch.destination(
                List.of(Cidr.parse("10.1." + (i >> 8 & 255) + "." + (i & 255)))));
        m.add(ProtocolMatch.of(Protocol.TCP));
        m.add(PortMatch.destination(List.of(PortRange.of(1024 + i % 60_000))));
        rules.add(Rule.of(m, Verdict.ACCEPT));
      } else {
        m.add(InterfaceMatch.out("br" + i));
        rules.add(Rule.of(m, Verdict.DROP));
      }
    }
    return Ruleset.builder()
        .addTables(
            Table.of(
                TableName.FILTER,
                List.of(
                    Chain.of("FORWARD", List.of(Rule.of(List.of(), Jump.to("DOCKER")))),
                    Chain.of("DOCKER", rules))))
        .build();
  }

  private static CompiledChains compile(Ruleset rs) {
    EvalModel model =
        EvalModel.of(Snapshot.of(rs), Family.IPV4, (table, chain) -> false, set -> true);
    return new CompiledChains(model, new CompiledHost(HOST), List.of());
  }

  @Test
  void indexesALargeChainWithEntriesLinearInItsRules() {
    CompiledChains compiled = compile(DOCKER);
    long entries = 0;
    int indexed = 0;
    for (CompiledChains.CChain chain : compiled.chains) {
      if (chain.index != null) {
        entries += chain.index.entries();
        indexed++;
      }
    }
    // a copy of the wide rules in every segment would hold about RULES * RULES / 5 entries
    assertThat(indexed).isEqualTo(1);
    assertThat(entries).isLessThanOrEqualTo(2L * RULES);
  }

  @Test
  void decidesAsTheTracingEvaluatorThroughTheIndex() {
    Evaluator eval = Evaluator.of(DOCKER, HOST);
    CompiledEvaluator fast = eval.compile();
    for (int i : new int[] {0, 1, 9, 4094, 5_000, RULES - 2, RULES - 1}) {
      Packet p =
          Packet.tcp()
              .from("203.0.113.9", Packet.EPHEMERAL_PORT)
              .to("10.1." + (i >> 8 & 255) + "." + (i & 255), 1024 + i % 60_000)
              .in("eth0");
      assertThat(fast.outcome(p)).as("packet %s", p).isEqualTo(eval.evaluate(p).outcome());
    }
  }
}
