package dev.rampart.render.ferm;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableMap;
import dev.rampart.core.Ruleset;
import dev.rampart.testing.ExecResult;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code apply.sh} run by {@code sh} in a namespace, from directories with hostile names. */
@KernelTest(
    tools = {
      "ip",
      "ferm",
      "ipset",
      "sh",
      "iptables-legacy",
      "iptables-legacy-save",
      "iptables-legacy-restore",
      "ip6tables-legacy-save",
      "ip6tables-legacy-restore"
    })
class ApplyScriptKernelTest {
  private static final FermRenderer DIRECTORY =
      FermRenderer.builder().directoryLayout(true).build();

  /** Writes {@code files} into {@code parent/name}, then runs its apply.sh from {@code parent}. */
  private static ExecResult applyFrom(Netns ns, Path parent, String name, Map<String, String> files)
      throws IOException {
    Path dir = parent.resolve(name);
    for (var e : files.entrySet()) {
      Path file = dir.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue());
    }
    return ns.exec(
        "",
        "sh",
        "-c",
        "cd \"$1\" && sh \"$2\"",
        "sh",
        parent.toString(),
        dir.resolve("apply.sh").toString());
  }

  private static void assertLoaded(Netns ns, ExecResult r) {
    assertThat(r.exitCode()).as("apply.sh: %s", r.stderr()).isZero();
    assertThat(ns.run("ipset", "list", "-n")).isEqualTo("swarm-nodes\n");
    assertThat(ns.run("iptables-legacy-save", "-t", "filter"))
        .contains(":FILTERS - [0:0]", "-A INPUT -j FILTERS", ":INPUT DROP");
  }

  @Test
  void aDirectoryNamedWithAShellCommandRunsNoCommand(KernelLab lab) throws IOException {
    Netns ns = lab.namespace("hostile");
    FermLab.resetLegacy(ns);
    Path parent = Files.createTempDirectory("rampart-apply");
    try {
      ExecResult r =
          applyFrom(
              ns, parent, "x';touch planted;'", DIRECTORY.bundle(Rulesets.swarmHost()).files());
      assertThat(parent.resolve("planted")).doesNotExist();
      assertLoaded(ns, r);
    } finally {
      FermLab.delete(parent);
    }
  }

  @Test
  void aDirectoryNamedWithOneQuoteLoadsTheSets(KernelLab lab) throws IOException {
    Netns ns = lab.namespace("quote");
    FermLab.resetLegacy(ns);
    Path parent = Files.createTempDirectory("rampart-apply");
    try {
      assertLoaded(
          ns, applyFrom(ns, parent, "it's", DIRECTORY.bundle(Rulesets.swarmHost()).files()));
    } finally {
      FermLab.delete(parent);
    }
  }

  @Test
  void failsWithAClearMessageWhenAFermHookFails(KernelLab lab) throws IOException {
    Netns ns = lab.namespace("hook");
    FermLab.resetLegacy(ns);
    Path parent = Files.createTempDirectory("rampart-apply");
    try {
      Ruleset rs = Rulesets.swarmHost();
      Path wrapper = parent.resolve("refuse-inserts");
      Files.writeString(
          wrapper,
          "case \" $* \" in *\" -I \"*) echo refused >&2; exit 1;; esac\n"
              + "exec iptables-legacy \"$@\"\n");
      ImmutableMap<String, String> files = DIRECTORY.bundle(rs).files();
      Path dir = parent.resolve("bundle");
      for (var e : files.entrySet()) {
        Files.createDirectories(dir.resolve(e.getKey()).getParent());
        Files.writeString(dir.resolve(e.getKey()), e.getValue());
      }
      ExecResult r =
          ns.exec(
              "",
              "sh",
              dir.resolve("apply.sh").toString(),
              "--def",
              "$RAMPART_IPTABLES=\"sh " + wrapper + "\"");
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.stderr())
          .contains("refused")
          .endsWith(
              "apply.sh: a ferm hook failed: our rules or policies of the built-in chains are"
                  + " not all in place (see above)\n");
    } finally {
      FermLab.delete(parent);
    }
  }
}
