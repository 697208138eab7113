package dev.rampart.render.ferm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Cidr;
import dev.rampart.core.match.OwnerMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.TcpFlag;
import java.util.EnumSet;
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

  @Test
  void writesOwnerIdsAsOneOrARange() {
    assertThat(FermText.ids(OwnerMatch.uid(1000))).isEqualTo("1000");
    assertThat(FermText.ids(OwnerMatch.gid(5, 7))).isEqualTo("5-7");
  }

  @Test
  void writesTcpFlagsForFermAndForIptables() {
    assertThat(FermText.flags(EnumSet.of(TcpFlag.SYN))).isEqualTo("SYN");
    assertThat(FermText.flags(EnumSet.of(TcpFlag.FIN, TcpFlag.ACK))).isEqualTo("(FIN ACK)");
    assertThat(FermText.flags(EnumSet.noneOf(TcpFlag.class))).isEqualTo("NONE");
    assertThat(FermText.flagList(EnumSet.of(TcpFlag.FIN, TcpFlag.ACK))).isEqualTo("FIN,ACK");
    assertThat(FermText.flagList(EnumSet.noneOf(TcpFlag.class))).isEqualTo("NONE");
  }

  @Test
  void writesMarksInLowerCaseHex() {
    assertThat(FermText.xmark(0xab, 0xffffffffL)).isEqualTo("0xab/0xffffffff");
    assertThat(FermText.hex(0)).isEqualTo("0x0");
  }
}
