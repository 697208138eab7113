package dev.rampart.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OpaqueMatchTest {

  @Test
  void keepsModuleAndArgumentsAsGiven() {
    OpaqueMatch m = OpaqueMatch.of("string", List.of("--string", "GET /", "--algo", "bm"));
    assertThat(m.module()).isEqualTo("string");
    assertThat(m.arguments()).containsExactly("--string", "GET /", "--algo", "bm");
    assertThat(m.accept(KindOf.INSTANCE)).isEqualTo("opaque");
  }

  @Test
  void isNegatedWhenAnArgumentIsABang() {
    assertThat(OpaqueMatch.of("recent", List.of("!", "--rcheck")).negated()).isTrue();
    assertThat(OpaqueMatch.of("recent", List.of("--rcheck")).negated()).isFalse();
  }

  @Test
  void acceptsNoArguments() {
    assertThat(OpaqueMatch.of("socket", List.of()).arguments()).isEmpty();
  }

  @Test
  void rejectsAnEmptyModule() {
    assertThatThrownBy(() -> OpaqueMatch.of("", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("opaque match module is empty");
  }

  @Test
  void rejectsAModuleWithASpace() {
    assertThatThrownBy(() -> OpaqueMatch.of("u32 -j", List.of()))
        .hasMessage(
            "opaque match module may only hold letters, digits, '_', '-' and not start with '-':"
                + " u32 -j");
  }

  @Test
  void rejectsAnEmptyArgument() {
    assertThatThrownBy(() -> OpaqueMatch.of("u32", List.of("--u32", "")))
        .hasMessage("opaque match argument is empty: [--u32, ]");
  }

  @Test
  void rejectsANewlineInAnArgumentShowingIt() {
    assertThatThrownBy(() -> OpaqueMatch.of("string", List.of("--string", "a\n-A INPUT")))
        .hasMessage("opaque match argument may only hold printable ascii: a\\n-A INPUT");
  }

  @Test
  void acceptsQuotesAndBackslashesInAnArgument() {
    assertThat(OpaqueMatch.of("string", List.of("--string", "a\"b\\c")).arguments())
        .containsExactly("--string", "a\"b\\c");
  }
}
