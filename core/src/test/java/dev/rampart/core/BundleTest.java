package dev.rampart.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BundleTest {
  private static final Bundle BUNDLE =
      Bundle.builder()
          .file("rules.v4", "*filter\nCOMMIT\n")
          .file("ferm.d/10-sets.ferm", "# sets\n")
          .executable("apply.sh", "#!/bin/sh\n")
          .build();

  @Test
  void keepsTheFilesInTheOrderTheyWereAdded() {
    assertThat(BUNDLE.files())
        .containsExactly(
            Map.entry("rules.v4", "*filter\nCOMMIT\n"),
            Map.entry("ferm.d/10-sets.ferm", "# sets\n"),
            Map.entry("apply.sh", "#!/bin/sh\n"));
  }

  @Test
  void marksOnlyTheExecutableFiles() {
    assertThat(BUNDLE.isExecutable("apply.sh")).isTrue();
    assertThat(BUNDLE.isExecutable("rules.v4")).isFalse();
    assertThat(BUNDLE.executables()).containsExactly("apply.sh");
  }

  @Test
  void returnsAFileByName() {
    assertThat(BUNDLE.file("ferm.d/10-sets.ferm")).isEqualTo("# sets\n");
  }

  @Test
  void refusesAFileItDoesNotHave() {
    assertThatThrownBy(() -> BUNDLE.file("rules.v6"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bundle: no such file: rules.v6");
  }

  @Test
  void holdsOnePlainFile() {
    Bundle one = Bundle.of("rules.nft", "table inet rampart\n");
    assertThat(one.files()).containsExactly(Map.entry("rules.nft", "table inet rampart\n"));
    assertThat(one.executables()).isEmpty();
  }

  @Test
  void refusesANameThatLeavesTheBundleDirectory() {
    assertThatThrownBy(() -> Bundle.of("../apply.sh", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "bundle: file name is not a relative path of letters, digits and . _ - /: ../apply.sh");
  }

  @Test
  void refusesAnAbsoluteName() {
    assertThatThrownBy(() -> Bundle.of("/etc/rc.local", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "bundle: file name is not a relative path of letters, digits and . _ - /: /etc/rc.local");
  }

  @Test
  void refusesANameWithAShellCharacter() {
    assertThatThrownBy(() -> Bundle.of("a;b", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bundle: file name is not a relative path of letters, digits and . _ - /: a;b");
  }

  @Test
  void refusesAnExecutableThatIsNoFile() {
    assertThatThrownBy(() -> Bundle.builder().file("a", "").addExecutable("b").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bundle: executable is not a file: b");
  }

  @Test
  void refusesTheSameNameTwice() {
    assertThatThrownBy(() -> Bundle.builder().file("a", "1").file("a", "2").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Multiple entries with same key: a=2 and a=1");
  }
}
