package dev.rampart.render.ferm;

import static dev.rampart.render.ferm.Rulesets.cidrs;
import static dev.rampart.render.ferm.Rulesets.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.AddressSet;
import dev.rampart.core.Chain;
import dev.rampart.core.Family;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.target.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefinitionsTest {
  private static final Ruleset RULESET =
      Ruleset.builder()
          .addTables(
              Table.of(
                  TableName.FILTER,
                  List.of(
                      Chain.of(
                          "INPUT",
                          List.of(
                              rule(
                                  Verdict.ACCEPT,
                                  AddressMatch.source(cidrs("10.0.0.0/8", "192.0.2.1"))),
                              rule(
                                  Verdict.ACCEPT,
                                  AddressMatch.source(cidrs("172.16.0.0/12", "172.31.0.1"))),
                              rule(
                                  Verdict.DROP,
                                  AddressMatch.destination(cidrs("10.0.0.0/8", "192.0.2.1"))))))))
          .addSets(
              AddressSet.of("a-b", Family.IPV4, cidrs("10.0.0.0/8")),
              AddressSet.of("a.b", Family.IPV4, cidrs()),
              AddressSet.of("a_b", Family.IPV6, cidrs("2001:db8::/32")))
          .build();

  @Test
  void definesOnlyListsUsedMoreThanOnce() {
    Definitions d = Definitions.of(RULESET, false);
    assertThat(d.lines()).containsExactly("@def $NET_LIST_1 = (10.0.0.0/8 192.0.2.1);");
    assertThat(d.list(cidrs("10.0.0.0/8", "192.0.2.1"))).hasValue("$NET_LIST_1");
    assertThat(d.list(cidrs("172.16.0.0/12", "172.31.0.1"))).isEmpty();
  }

  @Test
  void definesOneVariablePerInlineSetWithDistinctNames() {
    Definitions d = Definitions.of(RULESET, true);
    assertThat(d.lines())
        .containsExactly(
            "@def $NET_LIST_1 = (10.0.0.0/8 192.0.2.1);",
            "@def $SET_a_b = (10.0.0.0/8);",
            "@def $SET_a_b_2 = ();",
            "@def $SET_a_b_3 = (2001:db8::/32);");
    assertThat(d.set("a.b")).isEqualTo("$SET_a_b_2");
  }
}
