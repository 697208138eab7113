package dev.rampart.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {

  @Test
  void escapesControlCharactersAndDoublesBackslashes() {
    assertThat(Printable.of("a\tb\\c")).isEqualTo("a\\u0009b\\\\c");
  }

  @Test
  void leavesPrintableAsciiAlone() {
    assertThat(Printable.of("GET / \"x\"")).isEqualTo("GET / \"x\"");
  }
}
