package dev.rampart.render.ferm;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableMap;
import dev.rampart.core.Ruleset;
import dev.rampart.testing.DockerDump;
import dev.rampart.testing.ExecResult;
import dev.rampart.testing.Fixtures;
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
      "iptables-nft",
      "iptables-nft-save",
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
        .contains(
            ":FILTERS - [0:0]",
            "-A INPUT -m comment --comment rampart -j RAMPART-INPUT",
            "-A RAMPART-INPUT -j FILTERS",
            ":INPUT DROP");
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
      Path tools = Files.createDirectories(parent.resolve("tools"));
      Files.writeString(tools.resolve("x-save"), "exec iptables-legacy-save \"$@\"\n");
      Files.writeString(tools.resolve("x-restore"), "echo refused >&2; exit 1\n");
      tools.resolve("x-save").toFile().setExecutable(true);
      tools.resolve("x-restore").toFile().setExecutable(true);
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
              "$RAMPART_IPTABLES=" + tools.resolve("x"));
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.stderr())
          .contains("refused", "apply.sh: a ferm hook failed: post ipv4\n")
          .endsWith(
              "apply.sh: a step failed (status 1): restored the state saved before this apply\n");
      // everything is put back: INPUT did not get DROP without its jump, nor kept any of ours
      assertThat(ns.run("iptables-legacy-save", "-t", "filter"))
          .contains(":INPUT ACCEPT")
          .doesNotContain("-A INPUT -m comment --comment rampart");
    } finally {
      FermLab.delete(parent);
    }
  }

  private static ExecResult applyBundle(Netns ns, Path parent, String... env) throws IOException {
    Path dir = parent.resolve("bundle");
    for (var e : DIRECTORY.bundle(Rulesets.swarmHost()).files().entrySet()) {
      Files.createDirectories(dir.resolve(e.getKey()).getParent());
      Files.writeString(dir.resolve(e.getKey()), e.getValue());
    }
    String[] argv = new String[env.length + 3];
    argv[0] = "env";
    System.arraycopy(env, 0, argv, 1, env.length);
    argv[env.length + 1] = "sh";
    argv[env.length + 2] = dir.resolve("apply.sh").toString();
    return ns.exec("", argv);
  }

  @Test
  void refusesWhenDockersChainsLiveOnlyInTheFlavourFermDoesNotUse(KernelLab lab)
      throws IOException {
    Netns ns = lab.namespace("nft");
    DockerDump.load(ns, "iptables-nft", Fixtures.read("docker/swarm-portmap-28-S.txt"));
    Path parent = Files.createTempDirectory("rampart-apply");
    try {
      ExecResult r = applyBundle(ns, parent);
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.stderr())
          .isEqualTo(
              "apply.sh: Docker's rules are in iptables-nft, but ferm will use iptables-legacy,"
                  + " where it would neither see nor keep them: make Docker and ferm use one"
                  + " flavour (see the top of ferm.conf), or set RAMPART_FERM_ANY_FLAVOUR=1\n"
                  + "apply.sh: a step failed (status 1): restored the state saved before this"
                  + " apply\n");
      assertThat(ns.run("iptables-legacy-save")).doesNotContain("FILTERS");
      ExecResult anyway = applyBundle(ns, parent, "RAMPART_FERM_ANY_FLAVOUR=1");
      assertThat(anyway.exitCode()).as("apply.sh: %s", anyway.stderr()).isZero();
      assertThat(anyway.stderr())
          .startsWith(
              "apply.sh: warning: Docker's rules are in iptables-nft, but ferm will use"
                  + " iptables-legacy; going on (RAMPART_FERM_ANY_FLAVOUR=1)\n");
    } finally {
      FermLab.delete(parent);
    }
  }

  @Test
  void saysWhichFlavourFermUsesWhenDockersRulesAreThere(KernelLab lab) throws IOException {
    Netns ns = lab.namespace("legacy");
    DockerDump.load(ns, "iptables-legacy", Fixtures.read("docker/swarm-portmap-28-S.txt"));
    Path parent = Files.createTempDirectory("rampart-apply");
    try {
      ExecResult r = applyBundle(ns, parent);
      assertThat(r.exitCode()).as("apply.sh: %s", r.stderr()).isZero();
      assertThat(r.stderr())
          .startsWith("apply.sh: note: ferm will use iptables-legacy, where Docker's rules are\n");
    } finally {
      FermLab.delete(parent);
    }
  }
}
