package dev.rampart.testing.gen;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Chain;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.Evaluator;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.ConntrackStateMatch;
import dev.rampart.core.target.Verdict;
import dev.rampart.testing.Seeds;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadmeRulesetPropertiesTest {
  static final Host HOST = Host.parse("eth0=198.51.100.1/24,default=eth0");

  /** IPv4 filter tables of every shape the generator knows, rate limits left out. */
  static final RulesetOptions IPV4_FILTER =
      RulesetOptions.builder()
          .families(Family.IPV4)
          .tables()
          .withoutMatches(RulesetOptions.MatchKind.LIMIT)
          .build();

  static final Rule ESTABLISHED =
      Rule.of(
          List.of(ConntrackStateMatch.of(List.of(ConnState.ESTABLISHED, ConnState.RELATED))),
          Verdict.ACCEPT);

  /** Our hardening: {@code rs} with established and related traffic accepted first in INPUT. */
  static Ruleset establishedFirst(Ruleset rs) {
    Table filter = rs.table(TableName.FILTER).orElseThrow();
    ImmutableList.Builder<Chain> chains = ImmutableList.builder();
    for (Chain c : filter.chains()) {
      chains.add(
          c.name().equals("INPUT")
              ? Chain.builder()
                  .from(c)
                  .rules(ImmutableList.<Rule>builder().add(ESTABLISHED).addAll(c.rules()).build())
                  .build()
              : c);
    }
    return Ruleset.builder()
        .addAllSets(rs.sets())
        .addTables(Table.of(TableName.FILTER, chains.build()))
        .build();
  }

  record Case(Ruleset ruleset, Packet packet) {}

  @Test
  void hardenedPoliciesAcceptEveryEstablishedPacketAndChangeNothingNew() {
    Seeds.qt()
        .withExamples(200)
        .forAll(
            QtGenerators.of(
                r ->
                    new Case(
                        Generators.ruleset(r, IPV4_FILTER),
                        Generators.fromInternet(r, "eth0", "198.51.100.1"))))
        .checkAssert(
            c -> {
              Evaluator before = Evaluator.of(c.ruleset(), HOST);
              Evaluator after = Evaluator.of(establishedFirst(c.ruleset()), HOST);
              Packet established = c.packet().state(ConnState.ESTABLISHED);
              Packet fresh = c.packet().state(ConnState.NEW);

              assertThat(after.evaluate(established).isAccepted()).as("%s", c).isTrue();
              assertThat(after.evaluate(fresh).outcome())
                  .as("%s", before.evaluate(fresh))
                  .isEqualTo(before.evaluate(fresh).outcome());
            });
  }
}
