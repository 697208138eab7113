package dev.rampart.render.iptables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokensTest {
  private static List<String> words(Tokens t) {
    List<String> words = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      words.add(t.word(i));
    }
    return words;
  }

  @Test
  void splitsOnBlanksAndUnquotesWithBackslashEscapes() {
    Tokens t = new Tokens();
    t.split("-A INPUT  -m comment\t--comment \"say \\\"hi\\\" \\\\ now\" -j ACCEPT", 0);

    assertThat(words(t))
        .containsExactly(
            "-A", "INPUT", "-m", "comment", "--comment", "say \"hi\" \\ now", "-j", "ACCEPT");
    assertThat(t.quoted(5)).isTrue();
    assertThat(t.quoted(4)).isFalse();
  }

  @Test
  void aQuotedBangIsAValueNotANegation() {
    Tokens t = new Tokens();
    t.split("! \"!\"", 0);

    assertThat(t.isBang(0)).isTrue();
    assertThat(t.isBang(1)).isFalse();
  }

  @Test
  void reportsAnUnterminatedQuote() {
    assertThatThrownBy(() -> new Tokens().split("--comment \"cut", 0))
        .isInstanceOf(ParseProblem.class)
        .hasMessage("unterminated quote");
  }
}
