package dev.rampart.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What KernelLab checks before touching the kernel; KernelLabKernelTest covers the rest. */
class KernelLabTest {

  @Test
  void rejectsARoleThatCouldNotBeAShortName() {
    try (KernelLab lab = KernelLab.open()) {
      assertThatThrownBy(() -> lab.namespace("Client1"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("role must match [a-z][a-z0-9-]{0,11}: Client1");
    }
  }

  @Test
  void rejectsARoleLongerThanTwelveCharacters() {
    try (KernelLab lab = KernelLab.open()) {
      assertThatThrownBy(() -> lab.namespace("abcdefghijklm"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("role must match [a-z][a-z0-9-]{0,11}: abcdefghijklm");
    }
  }

  @Test
  void refusesNewNamespacesOnceClosed() {
    KernelLab lab = KernelLab.open();
    lab.close();

    assertThatThrownBy(() -> lab.namespace("late"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("lab is closed");
  }

  @Test
  void closesTwiceWithoutComplaint() {
    KernelLab lab = KernelLab.open();
    lab.close();
    lab.close();

    assertThat(lab.namespaces()).isEmpty();
  }
}
