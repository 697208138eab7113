package dev.rampart.core.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NflogTest {

  @Test
  void logsToAGroup() {
    Nflog n = Nflog.group(5);
    assertThat(n.group()).isEqualTo(5);
    assertThat(n.prefix()).isEmpty();
    assertThat(n.threshold()).isEmpty();
    assertThat(n.size()).isEmpty();
    assertThat(n.terminating()).isFalse();
  }

  @Test
  void buildsEveryOption() {
    Nflog n = Nflog.builder().group(2).prefix("dropped: ").threshold(3).size(128).build();
    assertThat(n.prefix()).contains("dropped: ");
    assertThat(n.threshold()).contains(3);
    assertThat(n.size()).contains(128);
  }

  @Test
  void rejectsAGroupOutOfRange() {
    assertThatThrownBy(() -> Nflog.group(65536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nflog group out of range [0, 65535]: 65536");
  }

  @Test
  void rejectsAQuoteInThePrefix() {
    assertThatThrownBy(() -> Nflog.builder().prefix("a\"b").build())
        .hasMessage(
            "nflog prefix may only hold printable ASCII without quotes, backslash, backtick or"
                + " dollar: a\"b");
  }

  @Test
  void rejectsAPrefixOf64Characters() {
    assertThatThrownBy(() -> Nflog.builder().prefix("a".repeat(64)).build())
        .hasMessage("nflog prefix longer than 63 characters: " + "a".repeat(64));
  }

  @Test
  void rejectsAThresholdOfZero() {
    assertThatThrownBy(() -> Nflog.builder().threshold(0).build())
        .hasMessage("nflog threshold out of range [1, 65535]: 0");
  }

  @Test
  void rejectsANegativeSize() {
    assertThatThrownBy(() -> Nflog.builder().size(-1).build())
        .hasMessage("nflog size out of range [0, 2147483647]: -1");
  }
}
