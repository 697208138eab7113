package dev.rampart.render.ferm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Cidr;
import dev.rampart.core.match.PortRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class FermTextTest {
  @Test
  void quotesPrintableTextInDoubleQuotes() {
    assertThat(FermText.quoted("a b;{c}#d(e)@f&g!")).isEqualTo("\"a b;{c}#d(e)@f&g!\"");
  }

  @Test
  void refusesCharactersFermWouldReadAsSyntax() {
    for (String bad : List.of("a\"b", "$HOME", "a\\b", "`id`", "it's", "a\nb")) {
      assertThatThrownBy(() -> FermText.quoted(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(
              "ferm cannot quote a string with quotes, backslash, backtick,"
                  + " dollar or control characters: ");
    }
  }

  @Test
  void leavesPlainShellWordsBareAndSingleQuotesTheRest() {
    assertThat(FermText.shellWord("FILTERS")).isEqualTo("FILTERS");
    assertThat(FermText.shellWord("docker+")).isEqualTo("docker+");
    assertThat(FermText.shellWord("0x1/0xff")).isEqualTo("0x1/0xff");
    assertThat(FermText.shellWord("!")).isEqualTo("'!'");
    assertThat(FermText.shellWord("[2001:db8::2]:80")).isEqualTo("'[2001:db8::2]:80'");
    assertThat(FermText.shellWord("a; b && c | d > e # f * ~"))
        .isEqualTo("'a; b && c | d > e # f * ~'");
    assertThat(FermText.shellWord("")).isEqualTo("''");
  }

  @Test
  void refusesShellWordsWithCharactersFermOrTheShellWouldReadAsSyntax() {
    for (String bad : List.of("a\"b", "$HOME", "a\\b", "`id`", "it's", "a\nb")) {
      assertThatThrownBy(() -> FermText.shellWord(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("ferm cannot quote a string with quotes, backslash, backtick,");
    }
  }

  @Test
  void writesSingleAddressesWithoutPrefixLength() {
    assertThat(FermText.address(Cidr.parse("192.0.2.1/32"))).isEqualTo("192.0.2.1");
    assertThat(FermText.address(Cidr.parse("2001:db8::/32"))).isEqualTo("2001:db8::/32");
  }

  @Test
  void writesPortRangesWithAColon() {
    assertThat(FermText.ports(PortRange.of(22))).isEqualTo("22");
    assertThat(FermText.ports(PortRange.range(1000, 2000))).isEqualTo("1000:2000");
  }

  @Test
  void writesOneWordBareAndMoreInParentheses() {
    assertThat(FermText.list(List.of("a"))).isEqualTo("a");
    assertThat(FermText.list(List.of("a", "b"))).isEqualTo("(a b)");
  }

  @Test
  void makesVariableStemsOfWordCharacters() {
    assertThat(FermText.variableStem("swarm-nodes.v4")).isEqualTo("swarm_nodes_v4");
  }
}
