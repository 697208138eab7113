package dev.rampart.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplyFrameTest {
  private static final ApplyFrame NFT =
      ApplyFrame.builder("nftables")
          .describe("Loads rules.nft.")
          .nftTables(List.of("rampart", "rampart-nat"))
          .build();

  private static ProcessResult sh(Path dir, String script, String... args)
      throws IOException, InterruptedException {
    Path file = dir.resolve("apply.sh");
    Files.writeString(file, script, StandardCharsets.UTF_8);
    List<String> argv = new ArrayList<>(List.of("sh", file.toString()));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.environment().put("RAMPART_RUN_DIR", dir.resolve("run").toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new ProcessResult(p.waitFor(), out);
  }

  private record ProcessResult(int status, String output) {}

  @Test
  void putsTheBodyInASubshellWithSetE() {
    assertThat(NFT.script("nft -f rules.nft\n")).contains("(\n  set -e\nnft -f rules.nft\n)\n");
  }

  @Test
  void namesTheBackendAndWhatTheBodyDoesAtTheTop() {
    assertThat(NFT.script("true\n"))
        .contains(
            "\n# Rampart: applies the nftables bundle of this directory.\n# Loads rules.nft.\n");
  }

  @Test
  void namesTheNftTablesItSavesForRollback() {
    assertThat(NFT.script("true\n")).contains("\nrampart_nft_tables='rampart rampart-nat'\n");
  }

  @Test
  void putsTheSetsBackOnFailureOnlyWhenAskedAndTheBodyLoadsSets() {
    assertThat(
            ApplyFrame.builder("iptables")
                .ipsets(true)
                .setsBackOnFailure(true)
                .build()
                .script("true\n"))
        .contains("\nrampart_uses_ipset=1\nrampart_sets_on_failure=1\n");
    assertThat(ApplyFrame.builder("ferm").ipsets(true).build().script("true\n"))
        .contains("\nrampart_uses_ipset=1\nrampart_sets_on_failure=0\n");
    assertThat(ApplyFrame.builder("iptables").setsBackOnFailure(true).build().script("true\n"))
        .contains("\nrampart_uses_ipset=0\nrampart_sets_on_failure=0\n");
  }

  @Test
  void restoresTheWholeStateOnFailureOnlyWhenAskedAndThenNotTheSetsAlone() {
    assertThat(
            ApplyFrame.builder("ferm")
                .ipsets(true)
                .setsBackOnFailure(true)
                .restoresOnFailure(true)
                .build()
                .script("true\n"))
        .contains("\nrampart_sets_on_failure=0\nrampart_restore_on_failure=1\n");
    assertThat(ApplyFrame.builder("iptables").build().script("true\n"))
        .contains("\nrampart_restore_on_failure=0\n");
  }

  @Test
  void isValidPosixShell(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("apply.sh");
    Files.writeString(file, NFT.script("true\n"));
    Process p = new ProcessBuilder("sh", "-n", file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
  }

  @Test
  void refusesToRunWithoutAManifest(@TempDir Path dir) throws Exception {
    ProcessResult r = sh(dir, NFT.script("touch ran\n"));
    assertThat(r.status()).isEqualTo(4);
    assertThat(r.output())
        .isEqualTo(
            "apply.sh: "
                + dir.toRealPath()
                + "/MANIFEST: missing, nothing changed (write the bundle again)\n");
    assertThat(dir.resolve("ran")).doesNotExist();
  }

  @Test
  void refusesAConfirmTimeThatIsNoNumber(@TempDir Path dir) throws Exception {
    ProcessResult r = sh(dir, NFT.script("touch ran\n"), "--confirm", "1m");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.output())
        .startsWith("apply.sh: --confirm needs a whole number of seconds from 1: 1m\n");
  }

  @Test
  void aScriptCutAfterItsFirstCommandSaysSoAndFails(@TempDir Path dir) throws Exception {
    String script = NFT.script("true\n");
    int secondLineEnd = script.indexOf('\n', script.indexOf('\n') + 1) + 1;
    ProcessResult r = sh(dir, script.substring(0, secondLineEnd) + "# comment\n");
    assertThat(r.status()).isEqualTo(4);
    assertThat(r.output())
        .isEqualTo(
            "apply.sh: this script is cut short, nothing changed (write the bundle again)\n");
  }

  @Test
  void rejectsABackendNameThatIsNoPathWord() {
    assertThatThrownBy(() -> ApplyFrame.builder("../x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("apply frame: not a backend name: ../x");
  }

  @Test
  void rejectsACommentLineWithANewline() {
    assertThatThrownBy(() -> ApplyFrame.builder("x").describe("a\nrm -rf /"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("apply frame: not a plain comment line: a\nrm -rf /");
  }

  @Test
  void rejectsAnNftTableNameWithAQuote() {
    assertThatThrownBy(() -> ApplyFrame.builder("x").nftTables(List.of("a'b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("apply frame: not an nft table name: a'b");
  }

  @Test
  void unitsRunTheScriptFromTheInstallDirectory() {
    assertThat(NFT.units().values())
        .allSatisfy(u -> assertThat(u).contains("\nExecStart=/etc/rampart/nftables/apply.sh\n"));
    assertThat(NFT.units().get(ApplyFrame.DOCKER_UNIT))
        .contains(
            "\nAfter=docker.service rampart-firewall.service\n", "\nWantedBy=docker.service\n");
    assertThat(NFT.units().get(ApplyFrame.BOOT_UNIT))
        .contains("\nBefore=network-pre.target shutdown.target docker.service\n");
  }

  /** {@code systemd-analyze verify} checks ExecStart exists: the units are installed under dir. */
  @Test
  void unitsPassSystemdAnalyzeVerify(@TempDir Path dir) throws Exception {
    Path analyze = Path.of("/usr/bin/systemd-analyze");
    assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed");
    Path install = dir.resolve("etc/rampart/nftables");
    Files.createDirectories(install);
    Path script = Files.writeString(install.resolve("apply.sh"), NFT.script("true\n"));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> argv = new ArrayList<>(List.of(analyze.toString(), "verify", "--man=no"));
    for (Map.Entry<String, String> unit : NFT.units().entrySet()) {
      Path file = dir.resolve(unit.getKey());
      Files.writeString(file, unit.getValue().replace("/etc/rampart/", dir + "/etc/rampart/"));
      argv.add(file.toString());
    }
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).as("warnings").isEmpty();
  }
}
