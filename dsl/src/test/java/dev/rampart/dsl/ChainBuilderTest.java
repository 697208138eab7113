package dev.rampart.dsl;

import static dev.rampart.core.ChainPolicy.ACCEPT;
import static dev.rampart.core.ChainPolicy.DROP;
import static dev.rampart.dsl.Rampart.INPUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Chain;
import dev.rampart.core.ChainRef;
import dev.rampart.core.Family;
import dev.rampart.core.InvalidModelException;
import dev.rampart.core.Ruleset;
import dev.rampart.core.TableName;
import org.junit.jupiter.api.Test;

class ChainBuilderTest {
  private static Chain input(Ruleset rs) {
    return rs.table(TableName.FILTER).flatMap(t -> t.chain(INPUT)).orElseThrow();
  }

  @Test
  void setsAPolicyPerFamilyOverTheCommonOne() {
    Ruleset rs =
        Rampart.ruleset()
            .filter(
                t ->
                    t.chain(
                        INPUT,
                        c ->
                            c.policy(DROP)
                                .policy(Family.IPV6, ACCEPT)
                                .rule(r -> r.tcp().dport(22).accept())))
            .build();
    assertThat(input(rs).policyFor(Family.IPV4)).contains(DROP);
    assertThat(input(rs).policyFor(Family.IPV6)).contains(ACCEPT);
  }

  @Test
  void acceptsTheSameFamilyPolicyTwice() {
    Ruleset rs =
        Rampart.ruleset()
            .filter(t -> t.chain(INPUT, c -> c.policy(Family.IPV4, DROP).policy(Family.IPV4, DROP)))
            .allowLockout() // only the policy is under test
            .build();
    assertThat(input(rs).familyPolicies()).containsExactly(java.util.Map.entry(Family.IPV4, DROP));
  }

  @Test
  void rejectsTwoPoliciesForOneFamilyNamingTheChainInThatFamily() {
    assertThatThrownBy(
            () ->
                Rampart.ruleset()
                    .filter(
                        t ->
                            t.chain(
                                INPUT,
                                c -> c.policy(Family.IPV6, DROP).policy(Family.IPV6, ACCEPT))))
        .isInstanceOf(InvalidModelException.class)
        .hasMessage("ipv6 table filter, chain INPUT: two policies for one family: DROP and ACCEPT")
        .extracting(e -> ((InvalidModelException) e).place().orElseThrow())
        .isEqualTo(ChainRef.of(Family.IPV6, TableName.FILTER, INPUT));
  }

  @Test
  void rejectsAFamilyPolicyOnAUserChain() {
    assertThatThrownBy(
            () ->
                Rampart.ruleset()
                    .filter(t -> t.chain("FILTERS", c -> c.policy(Family.IPV4, DROP)))
                    .build())
        .hasMessage("table filter, chain FILTERS: policy on a user chain: ipv4 DROP");
  }
}
