package dev.rampart.core.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OpaqueTargetTest {

  @Test
  void keepsNameAndArgumentsAsGiven() {
    OpaqueTarget t = OpaqueTarget.of("NFQUEUE", List.of("--queue-num", "3"));
    assertThat(t.name()).isEqualTo("NFQUEUE");
    assertThat(t.arguments()).containsExactly("--queue-num", "3");
  }

  @Test
  void queueingAndTproxyTerminate() {
    assertThat(OpaqueTarget.of("NFQUEUE", List.of()).kind())
        .isEqualTo(OpaqueTarget.Kind.TERMINATING);
    assertThat(OpaqueTarget.of("TPROXY", List.of()).terminating()).isTrue();
    assertThat(OpaqueTarget.of("NETMAP", List.of()).terminating()).isTrue();
  }

  @Test
  void packetEditingTargetsContinue() {
    for (String name : List.of("TRACE", "CLASSIFY", "DSCP", "TTL", "HL", "SECMARK", "TEE")) {
      assertThat(OpaqueTarget.of(name, List.of()).kind())
          .as(name)
          .isEqualTo(OpaqueTarget.Kind.NON_TERMINATING);
    }
    assertThat(OpaqueTarget.of("AUDIT", List.of()).terminating()).isFalse();
  }

  @Test
  void targetsThatDependOnThePacketAndUnknownTargetsAreUnknown() {
    assertThat(OpaqueTarget.of("SYNPROXY", List.of()).kind()).isEqualTo(OpaqueTarget.Kind.UNKNOWN);
    assertThat(OpaqueTarget.of("CLUSTERIP", List.of()).kind()).isEqualTo(OpaqueTarget.Kind.UNKNOWN);
    assertThat(OpaqueTarget.of("FOO", List.of()).kind()).isEqualTo(OpaqueTarget.Kind.UNKNOWN);
    assertThat(OpaqueTarget.of("FOO", List.of()).terminating()).isFalse();
  }

  @Test
  void rejectsAnEmptyName() {
    assertThatThrownBy(() -> OpaqueTarget.of("", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("opaque target name is empty");
  }

  @Test
  void rejectsANameWithASpace() {
    assertThatThrownBy(() -> OpaqueTarget.of("TRACE -A", List.of()))
        .hasMessage(
            "opaque target name may only hold letters, digits, '_', '-', '.' and not start with"
                + " '-': TRACE -A");
  }

  @Test
  void rejectsAControlCharacterInAnArgument() {
    assertThatThrownBy(() -> OpaqueTarget.of("NFQUEUE", List.of("--queue-num\r")))
        .hasMessage("opaque target argument may only hold printable ascii: --queue-num\\r");
  }
}
