package dev.rampart.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnsupportedFeatureExceptionTest {
  private static final RuleRef RULE = RuleRef.of(TableName.FILTER, "INPUT", 3);

  @Test
  void namesPlaceBackendFeatureAndValue() {
    UnsupportedFeatureException e =
        new UnsupportedFeatureException(
            "ferm", "a negated set match with inline sets", "! a", RULE);
    assertThat(e)
        .hasMessage(
            "table filter, chain INPUT, rule 3: ferm cannot express a negated set match with"
                + " inline sets: ! a");
    assertThat(e.backend()).isEqualTo("ferm");
    assertThat(e.feature()).isEqualTo("a negated set match with inline sets");
    assertThat(e.value()).isEqualTo("! a");
    assertThat(e.place()).isEqualTo(RULE);
  }

  @Test
  void omitsAnEmptyValue() {
    assertThat(new UnsupportedFeatureException("nft", "goto", "", SetRef.of("s")))
        .hasMessage("set s: nft cannot express goto");
  }

  @Test
  void escapesTheValueToOneLine() {
    UnsupportedFeatureException e =
        new UnsupportedFeatureException("ferm", "a comment", "a\nb", RULE);
    assertThat(e)
        .hasMessage("table filter, chain INPUT, rule 3: ferm cannot express a comment: a\\nb");
    assertThat(e.value()).isEqualTo("a\\nb");
  }
}
