package dev.rampart.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableNameTest {

  @Test
  void listsTheBuiltInChainsOfEachTableInNetfiltersOrder() {
    assertThat(TableName.RAW.builtinChains()).containsExactly("PREROUTING", "OUTPUT");
    assertThat(TableName.MANGLE.builtinChains())
        .containsExactly("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING");
    assertThat(TableName.NAT.builtinChains())
        .containsExactly("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING");
    assertThat(TableName.FILTER.builtinChains()).containsExactly("INPUT", "FORWARD", "OUTPUT");
  }

  @Test
  void knowsWhichTableHasWhichBuiltIn() {
    assertThat(TableName.FILTER.hasBuiltin("FORWARD")).isTrue();
    assertThat(TableName.NAT.hasBuiltin("FORWARD")).isFalse();
    assertThat(TableName.isBuiltinAnywhere("POSTROUTING")).isTrue();
    assertThat(TableName.isBuiltinAnywhere("DOCKER-USER")).isFalse();
    assertThat(TableName.isBuiltinAnywhere("input")).isFalse();
  }

  @Test
  void labelsTablesInLowercase() {
    assertThat(TableName.FILTER.label()).isEqualTo("filter");
    assertThat(TableName.MANGLE.label()).isEqualTo("mangle");
  }
}
