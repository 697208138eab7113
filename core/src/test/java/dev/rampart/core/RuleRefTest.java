package dev.rampart.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RuleRefTest {
  @Test
  void printsTableChainAndOneBasedIndex() {
    assertThat(RuleRef.of(TableName.FILTER, "INPUT", 3))
        .hasToString("table filter, chain INPUT, rule 3");
  }

  @Test
  void printsTheFamilyFirstWhenItMatters() {
    assertThat(RuleRef.of(TableName.NAT, "DOCKER", 1).in(Family.IPV6))
        .hasToString("ipv6 table nat, chain DOCKER, rule 1");
  }

  @Test
  void isBuiltFromItsChain() {
    ChainRef chain = ChainRef.of(TableName.FILTER, "FILTERS");
    assertThat(chain.rule(2)).isEqualTo(RuleRef.of(TableName.FILTER, "FILTERS", 2));
    assertThat(chain.rule(2).chain()).isEqualTo(chain);
    assertThat(chain.rule(2).index()).isEqualTo(2);
  }

  @Test
  void differsByFamily() {
    RuleRef any = RuleRef.of(TableName.FILTER, "INPUT", 1);
    assertThat(any.in(Family.IPV4)).isNotEqualTo(any).isNotEqualTo(any.in(Family.IPV6));
    assertThat(any.in(Family.IPV4).family()).contains(Family.IPV4);
  }

  @Test
  void rejectsAnIndexBelowOne() {
    ChainRef chain = ChainRef.of(TableName.FILTER, "INPUT");
    assertThatThrownBy(() -> chain.rule(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("table filter, chain INPUT: rule index below 1: 0");
  }

  @Test
  void tablesAndSetsArePlacesToo() {
    assertThat(TableRef.of(Family.IPV4, TableName.RAW)).hasToString("ipv4 table raw");
    assertThat(TableRef.of(TableName.FILTER).chain("INPUT"))
        .hasToString("table filter, chain INPUT");
    assertThat(SetRef.of("ip_allow")).hasToString("set ip_allow");
    assertThat(SetRef.of("ip_allow").in(Family.IPV6)).hasToString("ipv6 set ip_allow");
  }
}
