package dev.rampart.render.iptables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArgTest {
  @Test
  void leavesFreeTextOfLettersDigitsDashAndUnderscoreUnquoted() {
    assertThat(Arg.text("Allow_ssh-22").restore()).isEqualTo("Allow_ssh-22");
  }

  @Test
  void quotesFreeTextWithAnyOtherCharacter() {
    assertThat(Arg.text("a.b").restore()).isEqualTo("\"a.b\"");
    assertThat(Arg.text("a b").restore()).isEqualTo("\"a b\"");
  }

  @Test
  void neverQuotesWordsForRestore() {
    assertThat(Arg.word("10.0.0.0/8").restore()).isEqualTo("10.0.0.0/8");
  }

  @Test
  void singleQuotesEveryShellWord() {
    assertThat(Arg.word("-j").shell()).isEqualTo("'-j'");
    assertThat(Arg.text("a;b |x").shell()).isEqualTo("'a;b |x'");
  }

  @Test
  void refusesQuotesAndEscapesEvenIfCoreLetThemThrough() {
    for (String bad : new String[] {"a'b", "a\"b", "a\\b", "a`b", "a$b", "a\nb", "é"}) {
      assertThatThrownBy(() -> Arg.text(bad))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("argument holds a character core should have rejected: ");
    }
  }

  @Test
  void refusesAWordWithASpace() {
    assertThatThrownBy(() -> Arg.word("a b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a plain word holds a space: a b");
  }

  @Test
  void leavesAnOpaqueTokenWithoutSpacesQuotesOrBackslashesUnquoted() {
    assertThat(Arg.opaque("255.255.255.255", false).restore()).isEqualTo("255.255.255.255");
    assertThat(Arg.opaque("a'b", false).restore()).isEqualTo("a'b");
  }

  @Test
  void quotesAnOpaqueTokenWithASpaceAndEscapesQuotesAndBackslashes() {
    assertThat(Arg.opaque("GET /", false).restore()).isEqualTo("\"GET /\"");
    assertThat(Arg.opaque("a\"b\\c", false).restore()).isEqualTo("\"a\\\"b\\\\c\"");
  }

  @Test
  void alwaysQuotesATokenTheModulePrintsQuoted() {
    assertThat(Arg.opaque("GET", true).restore()).isEqualTo("\"GET\"");
  }

  @Test
  void escapesASingleQuoteInAShellWord() {
    assertThat(Arg.opaque("a'b", false).shell()).isEqualTo("'a'\\''b'");
  }

  @Test
  void refusesAControlCharacterInAnOpaqueToken() {
    assertThatThrownBy(() -> Arg.opaque("a\nb", false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("argument holds a character core should have rejected: ");
  }
}
