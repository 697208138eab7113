package dev.rampart.core.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LogTest {

  @Test
  void logsWithOrWithoutPrefixAndContinues() {
    assertThat(Log.of().prefix()).isEmpty();
    assertThat(Log.prefixed("[drop] ").prefix()).contains("[drop] ");
    assertThat(Log.of().terminating()).isFalse();
    assertThat(Log.of().chain()).isEmpty();
  }

  @Test
  void acceptsLevelsZeroToSeven() {
    assertThat(Log.builder().level(0).build().level()).contains(0);
    assertThat(Log.builder().level(7).build().level()).contains(7);
  }

  @Test
  void rejectsALevelOutOfRange() {
    assertThatThrownBy(() -> Log.builder().level(8).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("log level out of range [0, 7]: 8");
    assertThatThrownBy(() -> Log.builder().level(-1).build())
        .hasMessage("log level out of range [0, 7]: -1");
  }

  @Test
  void rejectsAPrefixOverTheKernelLimit() {
    assertThat(Log.prefixed("p".repeat(29)).prefix()).contains("p".repeat(29));
    assertThatThrownBy(() -> Log.prefixed("p".repeat(30)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("log prefix longer than 29 characters: " + "p".repeat(30));
  }

  @Test
  void rejectsAnEmptyPrefix() {
    assertThatThrownBy(() -> Log.prefixed(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("log prefix is empty");
  }

  @Test
  void holdsAnyPrefixAHostMayHold() {
    assertThat(Log.prefixed("it's \"$x\" ").prefix()).contains("it's \"$x\" ");
    assertThat(Log.prefixed(" leading").prefix()).contains(" leading");
  }

  @Test
  void letsThePacketGoOnWithTheNextRule() {
    assertThat(Log.of().mayContinue()).isTrue();
    assertThat(Log.of().isGoto()).isFalse();
  }
}
