package dev.rampart.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import org.junit.jupiter.api.Test;

class InvalidModelExceptionTest {
  private static final RuleRef RULE = RuleRef.of(TableName.FILTER, "INPUT", 3);

  @Test
  void placedMessageHasPlaceProblemAndValue() {
    InvalidModelException e = InvalidModelException.of(RULE, "unknown jump target", "NOWHERE");
    assertThat(e).hasMessage("table filter, chain INPUT, rule 3: unknown jump target: NOWHERE");
    assertThat(e.place()).contains(RULE);
    assertThat(e.problem()).isEqualTo("unknown jump target");
    assertThat(e.value()).isEqualTo("NOWHERE");
  }

  @Test
  void unplacedMessageHasProblemAndValue() {
    InvalidModelException e = InvalidModelException.of("port out of range [0, 65535]", 70000);
    assertThat(e).hasMessage("port out of range [0, 65535]: 70000");
    assertThat(e.place()).isEmpty();
    assertThat(e.value()).isEqualTo("70000");
  }

  @Test
  void messageWithoutValueEndsWithTheProblem() {
    assertThat(InvalidModelException.of("port list is empty", "")).hasMessage("port list is empty");
  }

  @Test
  void isAnIllegalArgumentExceptionSoExistingCatchesKeepWorking() {
    assertThat(InvalidModelException.of("x", "y")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void placedCopyKeepsProblemAndValueAndIsCausedByTheOriginal() {
    InvalidModelException bare = InvalidModelException.of("chain name is empty", "");
    ChainRef chain = ChainRef.of(TableName.NAT, "POSTROUTING");
    InvalidModelException placed = bare.at(chain);
    assertThat(placed).hasMessage("table nat, chain POSTROUTING: chain name is empty");
    assertThat(placed.place()).contains(chain);
    assertThat(placed.problem()).isEqualTo(bare.problem());
    assertThat(placed.value()).isEqualTo(bare.value());
    assertThat(placed).hasCause(bare);
    assertThat(bare.place()).isEmpty();
  }

  @Test
  void placedCopyReplacesAnEarlierPlace() {
    InvalidModelException e = InvalidModelException.of(SetRef.of("a"), "set name is empty", "x");
    assertThat(e.at(SetRef.of("b"))).hasMessage("set b: set name is empty: x");
  }

  @Test
  void escapesControlCharactersToOneLine() {
    InvalidModelException e = InvalidModelException.of("bad comment", "a\nb\tc\rd\u0000e\u007ff");
    assertThat(e).hasMessage("bad comment: a\\nb\\tc\\rd\\x00e\\x7ff");
    assertThat(e.value()).isEqualTo("a\\nb\\tc\\rd\\x00e\\x7ff");
  }

  @Test
  void escapesBackslashAndNonAsciiUnambiguously() {
    assertThat(InvalidModelException.of("bad", "a\\nb caf\u00e9 \u2028"))
        .hasMessage("bad: a\\\\nb caf\\xe9 \\u2028");
  }

  @Test
  void printsIpv6AddressesCompressed() {
    assertThat(
            InvalidModelException.of(
                "nat address must be a single address",
                InetAddresses.forString("2001:db8:0:0:0:0:0:1")))
        .hasMessage("nat address must be a single address: 2001:db8::1");
  }
}
