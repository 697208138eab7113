package dev.rampart.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.InvalidModelException;
import dev.rampart.core.RuleRef;
import dev.rampart.core.SetRef;
import dev.rampart.core.TableName;
import org.junit.jupiter.api.Test;

class PlacesTest {
  private static final RuleRef RULE = RuleRef.of(TableName.FILTER, "INPUT", 2);

  @Test
  void returnsTheValueOfABodyThatSucceeds() {
    assertThat(Places.within(RULE, () -> "ok")).isEqualTo("ok");
  }

  @Test
  void placesAnUnplacedFailure() {
    assertThatThrownBy(
            () ->
                Places.within(
                    RULE,
                    () -> {
                      throw InvalidModelException.of("port out of range [0, 65535]", 70000);
                    }))
        .isInstanceOfSatisfying(
            InvalidModelException.class, e -> assertThat(e.place()).contains(RULE))
        .hasMessage("table filter, chain INPUT, rule 2: port out of range [0, 65535]: 70000");
  }

  @Test
  void keepsTheNarrowerPlaceOfAPlacedFailure() {
    assertThatThrownBy(
            () ->
                Places.within(
                    RULE,
                    () -> {
                      throw InvalidModelException.of(SetRef.of("s"), "set name is empty", "");
                    }))
        .isInstanceOfSatisfying(
            InvalidModelException.class, e -> assertThat(e.place()).contains(SetRef.of("s")))
        .hasMessage("set s: set name is empty");
  }

  @Test
  void turnsAnyOtherIllegalArgumentIntoAPlacedInvalidModel() {
    IllegalArgumentException cause = new IllegalArgumentException("bad input");
    assertThatThrownBy(
            () ->
                Places.within(
                    RULE,
                    () -> {
                      throw cause;
                    }))
        .isInstanceOfSatisfying(
            InvalidModelException.class, e -> assertThat(e.place()).contains(RULE))
        .hasMessage("table filter, chain INPUT, rule 2: bad input")
        .hasCause(cause);
  }

  @Test
  void placesANullArgumentKeepingItsName() {
    NullPointerException cause = new NullPointerException("iface");
    assertThatThrownBy(
            () ->
                Places.within(
                    RULE,
                    () -> {
                      throw cause;
                    }))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("table filter, chain INPUT, rule 2: iface")
        .hasCause(cause);
  }
}
