package dev.rampart.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BundleTest {
  private static final Bundle BUNDLE =
      Bundle.builder()
          .file("coexist.v4", "*filter\nCOMMIT\n")
          .file("ferm.d/10-sets.ferm", "# sets\n")
          .executable("apply.sh", "#!/bin/sh\n")
          .build();

  @Test
  void keepsTheFilesInTheOrderTheyWereAdded() {
    assertThat(BUNDLE.files().entrySet())
        .startsWith(
            Map.entry("coexist.v4", "*filter\nCOMMIT\n"),
            Map.entry("ferm.d/10-sets.ferm", "# sets\n"),
            Map.entry("apply.sh", "#!/bin/sh\n"));
    assertThat(BUNDLE.files().keySet()).last().isEqualTo(Bundle.MANIFEST);
  }

  @Test
  void marksOnlyTheExecutableFiles() {
    assertThat(BUNDLE.isExecutable("apply.sh")).isTrue();
    assertThat(BUNDLE.isExecutable("coexist.v4")).isFalse();
    assertThat(BUNDLE.executables()).containsExactly("apply.sh");
  }

  @Test
  void returnsAFileByName() {
    assertThat(BUNDLE.file("ferm.d/10-sets.ferm")).isEqualTo("# sets\n");
  }

  @Test
  void refusesAFileItDoesNotHave() {
    assertThatThrownBy(() -> BUNDLE.file("coexist.v6"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bundle: no such file: coexist.v6");
  }

  @Test
  void holdsOnePlainFile() {
    Bundle one = Bundle.of("rules.nft", "table inet rampart\n");
    assertThat(one.files().keySet()).containsExactly("rules.nft", Bundle.MANIFEST);
    assertThat(one.file("rules.nft")).isEqualTo("table inet rampart\n");
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

  @Test
  void listsEveryOtherFileInItsManifestWithItsSizeAndSha256() throws Exception {
    List<String> lines =
        BUNDLE.file(Bundle.MANIFEST).lines().filter(l -> !l.startsWith("#")).toList();
    assertThat(lines)
        .containsExactly(
            line("coexist.v4", "*filter\nCOMMIT\n"),
            line("ferm.d/10-sets.ferm", "# sets\n"),
            line("apply.sh", "#!/bin/sh\n"),
            "end 3");
  }

  @Test
  void countsBytesNotCharactersInTheManifest() throws Exception {
    Bundle bundle = Bundle.of("coexist.v4", "# \u00e9t\u00e9\n");
    assertThat(bundle.file(Bundle.MANIFEST)).contains(line("coexist.v4", "# \u00e9t\u00e9\n"));
    assertThat(line("coexist.v4", "# \u00e9t\u00e9\n")).startsWith("8 ");
  }

  @Test
  void keepsAManifestThatMatchesTheFiles() {
    Bundle again = Bundle.builder().from(BUNDLE).build();
    assertThat(again).isEqualTo(BUNDLE);
  }

  @Test
  void refusesAManifestThatDoesNotMatchTheFiles() {
    assertThatThrownBy(
            () -> Bundle.builder().file("a", "1").file(Bundle.MANIFEST, "end 1\n").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "bundle: a file name reserved for the manifest computed from the other files: MANIFEST");
  }

  @Test
  void withFileReplacesAFileInPlaceAndRecomputesTheManifest() throws Exception {
    Bundle edited = BUNDLE.withFile("ferm.d/10-sets.ferm", "# edited\n");

    assertThat(edited.files().keySet())
        .containsExactly("coexist.v4", "ferm.d/10-sets.ferm", "apply.sh", Bundle.MANIFEST);
    assertThat(edited.file("ferm.d/10-sets.ferm")).isEqualTo("# edited\n");
    assertThat(edited.isExecutable("apply.sh")).isTrue();
    assertThat(edited.file(Bundle.MANIFEST).lines().filter(l -> !l.startsWith("#")))
        .containsExactly(
            line("coexist.v4", "*filter\nCOMMIT\n"),
            line("ferm.d/10-sets.ferm", "# edited\n"),
            line("apply.sh", "#!/bin/sh\n"),
            "end 3");
  }

  @Test
  void withFileAddsANewFileLastAndKeepsAnEditedExecutableExecutable() throws Exception {
    Bundle edited = BUNDLE.withFile("apply.sh", "#!/bin/sh\nexit 1\n").withFile("x.txt", "x\n");

    assertThat(edited.files().keySet())
        .containsExactly("coexist.v4", "ferm.d/10-sets.ferm", "apply.sh", "x.txt", Bundle.MANIFEST);
    assertThat(edited.executables()).containsExactly("apply.sh");
    assertThat(edited.file(Bundle.MANIFEST))
        .contains(line("apply.sh", "#!/bin/sh\nexit 1\n"), line("x.txt", "x\n"), "end 4");
  }

  @Test
  void withFileRefusesTheManifest() {
    assertThatThrownBy(() -> BUNDLE.withFile(Bundle.MANIFEST, "end 0\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bundle: the manifest is computed, not set: MANIFEST");
  }

  /** A manifest line computed here, independently of {@link Bundle}. */
  private static String line(String name, String content) throws Exception {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    return bytes.length + " " + sha + " " + name;
  }
}
