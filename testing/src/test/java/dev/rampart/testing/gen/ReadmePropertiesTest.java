package dev.rampart.testing.gen;

import static dev.rampart.testing.RampartAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Cidr;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.Evaluator;
import dev.rampart.core.eval.Host;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.ConntrackStateMatch;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.target.Verdict;
import dev.rampart.testing.Seeds;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two user properties of the README, as printed there (same rules, same packets, same seed).
 */
class ReadmePropertiesTest {
  static final Host HOST = Host.parse("eth0=198.51.100.1/24,default=eth0");
  static final ImmutableList<Integer> ALLOWED = ImmutableList.of(22, 80, 443);

  static final Rule ESTABLISHED =
      Rule.of(
          List.of(ConntrackStateMatch.of(List.of(ConnState.ESTABLISHED, ConnState.RELATED))),
          Verdict.ACCEPT);
  static final Rule ALLOW_LIST =
      Rule.of(
          List.of(
              ProtocolMatch.of(Protocol.TCP),
              PortMatch.destination(ALLOWED.stream().map(PortRange::of).toList())),
          Verdict.ACCEPT);
  static final Rule SSH_FROM_OFFICE =
      Rule.of(
          List.of(
              ProtocolMatch.of(Protocol.TCP),
              AddressMatch.source(List.of(Cidr.parse("203.0.113.0/24"))),
              PortMatch.destination(List.of(PortRange.of(2222)))),
          Verdict.ACCEPT);

  static Ruleset input(Rule... rules) {
    return Ruleset.builder()
        .addTables(
            Table.of(
                TableName.FILTER,
                List.of(
                    Chain.builder()
                        .name("INPUT")
                        .policy(ChainPolicy.DROP)
                        .addRules(rules)
                        .build())))
        .build();
  }

  @Test
  void everyPortOutsideTheAllowListDropsANewConnectionFromTheInternet() {
    Ruleset ruleset = input(ESTABLISHED, ALLOW_LIST);

    Seeds.qt()
        .forAll(
            QtGenerators.of(
                r ->
                    Generators.newTcpFromInternet(
                        r, "eth0", "198.51.100.1", Generators.portOutside(r, ALLOWED))))
        .checkAssert(packet -> assertThat(ruleset).on(HOST).drops(packet));
  }

  @Test
  void swappingTheseTwoRulesChangesNoVerdict() {
    Evaluator before = Evaluator.of(input(ESTABLISHED, SSH_FROM_OFFICE, ALLOW_LIST), HOST);
    Evaluator after = Evaluator.of(input(ESTABLISHED, ALLOW_LIST, SSH_FROM_OFFICE), HOST);

    Seeds.qt()
        .forAll(QtGenerators.of(r -> Generators.fromInternet(r, "eth0", "198.51.100.1")))
        .checkAssert(
            packet ->
                assertThat(after.evaluate(packet).outcome())
                    .as("%s", before.evaluate(packet))
                    .isEqualTo(before.evaluate(packet).outcome()));
  }
}
