package dev.rampart.render.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.match.LimitMatch;
import dev.rampart.core.match.LimitMatch.Unit;
import org.junit.jupiter.api.Test;

class LimitRatesTest {
  private static String rate(int rate, Unit unit) {
    return LimitRates.canonical(LimitMatch.of(rate, unit)).orElse("unsupported");
  }

  @Test
  void keepsRatesThatPrintAsGiven() {
    assertThat(rate(5, Unit.SECOND)).isEqualTo("5/sec");
    assertThat(rate(3, Unit.SECOND)).isEqualTo("3/sec");
    assertThat(rate(7, Unit.MINUTE)).isEqualTo("7/min");
    assertThat(rate(5, Unit.DAY)).isEqualTo("5/day");
    assertThat(rate(10000, Unit.SECOND)).isEqualTo("10000/sec");
  }

  @Test
  void movesEqualRatesToTheUnitIptablesPrints() {
    assertThat(rate(60, Unit.MINUTE)).isEqualTo("1/sec");
    assertThat(rate(120, Unit.HOUR)).isEqualTo("2/min");
  }

  @Test
  void refusesRatesIptablesWouldRound() {
    assertThat(rate(9999, Unit.HOUR)).isEqualTo("unsupported");
  }
}
