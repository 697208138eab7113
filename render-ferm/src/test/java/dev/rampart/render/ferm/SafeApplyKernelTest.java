package dev.rampart.render.ferm;

import static dev.rampart.core.ChainPolicy.DROP;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import dev.rampart.core.Family;
import dev.rampart.core.Ruleset;
import dev.rampart.dsl.Rampart;
import dev.rampart.testing.DockerDump;
import dev.rampart.testing.ExecResult;
import dev.rampart.testing.Fixtures;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a ferm apply leaves when it fails, and what the host holds while it runs, over Docker 28's
 * rules of a swarm node (legacy tables): a failed run puts every rule and set back; {@code INPUT}
 * never drops without its accepts, even for a moment; and no chain or table of Docker's layout
 * appears that neither Docker nor the policy made. Each stage of the run is observed through {@code
 * --def} tools that ferm's hooks call: they snapshot {@code iptables-save} at the moment a hook
 * starts (after ferm has loaded its tables, before the hook's transaction) or fail on purpose.
 */
@KernelTest(
    tools = {
      "ip",
      "sh",
      "awk",
      "ferm",
      "ipset",
      "iptables-legacy",
      "iptables-legacy-save",
      "iptables-legacy-restore",
      "ip6tables-legacy",
      "ip6tables-legacy-save",
      "ip6tables-legacy-restore"
    })
class SafeApplyKernelTest {
  private static final String DOCKER = Fixtures.read("docker/swarm-portmap-28-S.txt");
  private static final String EMPTY_V6 =
      """
      *filter
      :INPUT ACCEPT [0:0]
      :FORWARD ACCEPT [0:0]
      :OUTPUT ACCEPT [0:0]
      COMMIT
      *nat
      :PREROUTING ACCEPT [0:0]
      :INPUT ACCEPT [0:0]
      :OUTPUT ACCEPT [0:0]
      :POSTROUTING ACCEPT [0:0]
      COMMIT
      """;
  private static final FermRenderer FERM = FermRenderer.of(dev.rampart.core.RenderMode.COEXIST);

  /** SSH on {@code port} and 8443 from the set {@code admins} of {@code admins}; INPUT drops. */
  private static Ruleset policy(int port, String admins) {
    return Rampart.ruleset()
        .adminPorts(port)
        .set("admins", Family.IPV4, admins)
        .filter(
            t ->
                t.chain(
                    "INPUT",
                    c ->
                        c.policy(DROP)
                            .rule(r -> r.in("lo").accept())
                            .rule(r -> r.tcp().dport(port).comment("ssh").accept())
                            .rule(r -> r.tcp().dport(8443).srcSet("admins").accept())))
        .build();
  }

  @Test
  void aFermRunWhoseIpv6HookFailsPutsEveryRuleAndSetBack(KernelLab lab) throws IOException {
    Netns ns = docker(lab.namespace("fsafefail"));
    assertApplied(apply(ns, FERM.bundle(policy(22, "192.0.2.1")).files()));
    String before = hostState(ns);
    Path tools = Files.createTempDirectory("rampart-tools");
    try {
      tool(tools, "bad6-save", "exec ip6tables-legacy-save \"$@\"");
      tool(tools, "bad6-restore", "echo 'ip6tables-restore: refused by the test' >&2; exit 1");
      ExecResult r =
          apply(
              ns,
              FERM.bundle(policy(2222, "198.51.100.9")).files(),
              "--def",
              "$RAMPART_IP6TABLES=" + tools.resolve("bad6"));
      assertThat(hostState(ns)).as("apply.sh: %s", r.stderr()).isEqualTo(before);
      assertThat(r.exitCode()).as("apply.sh: %s", r.stderr()).isEqualTo(1);
      assertThat(r.stderr())
          .contains("refused by the test")
          .contains("apply.sh: a ferm hook failed: post ipv6\n")
          .endsWith(
              "apply.sh: a step failed (status 1): restored the state saved before this apply\n");
    } finally {
      FermLab.delete(tools);
    }
  }

  @Test
  void inputNeverDropsWithoutItsAcceptsWhenTheNewPolicyStopsUsingIt(KernelLab lab)
      throws IOException {
    Netns ns = docker(lab.namespace("fsafewin"));
    assertApplied(apply(ns, FERM.bundle(policy(22, "192.0.2.1")).files()));
    Ruleset next =
        Rampart.ruleset()
            .filter(t -> t.chain("OUTPUT", c -> c.rule(r -> r.tcp().dport(25).drop())))
            .build();
    Path tools = Files.createTempDirectory("rampart-tools");
    try {
      Path snapshots = Files.createDirectories(tools.resolve("snapshots"));
      for (String family : List.of("", "6")) {
        String save = "ip" + family + "tables-legacy-save";
        tool(
            tools,
            "spy" + family + "-save",
            "n=$(ls '"
                + snapshots
                + "' | wc -l); "
                + save
                + " \"$@\" > '"
                + snapshots
                + "/'$n.v"
                + (family.isEmpty() ? "4" : "6")
                + " && cat '"
                + snapshots
                + "/'$n.v"
                + (family.isEmpty() ? "4" : "6"));
        tool(
            tools,
            "spy" + family + "-restore",
            "exec ip" + family + "tables-legacy-restore \"$@\"");
      }
      assertApplied(
          apply(
              ns,
              FERM.bundle(next).files(),
              "--def",
              "$RAMPART_IPTABLES=" + tools.resolve("spy"),
              "--def",
              "$RAMPART_IP6TABLES=" + tools.resolve("spy6")));
      List<Path> taken;
      try (Stream<Path> files = Files.list(snapshots)) {
        taken = files.sorted().toList();
      }
      assertThat(taken).as("snapshots taken by the hooks' tools").hasSizeGreaterThanOrEqualTo(2);
      for (Path snapshot : taken) {
        String save = Files.readString(snapshot);
        String filter = filterTable(save);
        if (filter.contains(":INPUT DROP")) {
          assertThat(filter)
              .as("%s: INPUT drops, so its jump and accepts are there", snapshot.getFileName())
              .contains("-A INPUT -m comment --comment rampart -j RAMPART-INPUT")
              .contains(
                  "-A RAMPART-INPUT -p tcp -m tcp --dport 22 -m comment --comment ssh -j ACCEPT");
        }
      }
      assertThat(filterTable(ns.run("iptables-legacy-save")))
          .contains(":INPUT ACCEPT")
          .doesNotContain("RAMPART-INPUT");
    } finally {
      FermLab.delete(tools);
    }
  }

  @Test
  void noChainOrTableOfDockersLayoutAppearsThatNeitherTheDumpNorThePolicyHas(KernelLab lab) {
    // Docker 28's dump: no DOCKER-ISOLATION-STAGE-*, no raw table, no IPv6 Docker chains, all of
    // which the layout lists
    Netns ns = docker(lab.namespace("fsafenew"));
    String before = rawState(ns);
    assertApplied(apply(ns, FERM.bundle(policy(22, "192.0.2.1")).files()));
    List<String> added = new ArrayList<>(declarations(rawState(ns)));
    added.removeAll(declarations(before));
    // the policy's own chains (RAMPART-INPUT, the registry RAMPART-OWNED) are expected
    added.removeIf(d -> d.contains(" :RAMPART-"));
    assertThat(added).as("tables and chains ferm created that the host did not have").isEmpty();
  }

  /** Loads Docker's swarm rules (filter and nat, IPv4) into the legacy tables of {@code ns}. */
  private static Netns docker(Netns ns) {
    ns.runWithInput(DockerDump.toRestore(DOCKER), "iptables-legacy-restore", "-w", "5");
    ns.runWithInput(EMPTY_V6, "ip6tables-legacy-restore", "-w", "5");
    ns.run("ipset", "destroy");
    return ns;
  }

  private static void assertApplied(ExecResult r) {
    assertThat(r.exitCode()).as("apply.sh: %s", r.stderr()).isZero();
  }

  private static ExecResult apply(Netns ns, Map<String, String> files, String... args) {
    Path dir = FermLab.write(files);
    try {
      String[] argv = new String[args.length + 2];
      argv[0] = "sh";
      argv[1] = dir.resolve("apply.sh").toString();
      System.arraycopy(args, 0, argv, 2, args.length);
      return ns.exec("", argv);
    } finally {
      FermLab.delete(dir);
    }
  }

  /** Writes an executable shell script {@code name} into {@code dir}. */
  private static void tool(Path dir, String name, String body) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    assertThat(file.toFile().setExecutable(true)).isTrue();
  }

  /**
   * Both families' legacy saves and {@code ipset save}, without comment lines and chain counters:
   * what a put-back must give back exactly.
   */
  private static String hostState(Netns ns) {
    return "# ipv4\n"
        + plain(ns.run("iptables-legacy-save"))
        + "# ipv6\n"
        + plain(ns.run("ip6tables-legacy-save"))
        + "# ipset\n"
        + ns.run("ipset", "save");
  }

  private static String plain(String save) {
    StringBuilder out = new StringBuilder();
    for (String line : Splitter.on('\n').omitEmptyStrings().split(save)) {
      if (!line.startsWith("#")) {
        out.append(line.replaceAll(" \\[\\d+:\\d+\\]$", "")).append('\n');
      }
    }
    return out.toString();
  }

  /** The filter table's part of a save, from {@code *filter} to its {@code COMMIT}. */
  private static String filterTable(String save) {
    int start = save.indexOf("*filter\n");
    assertThat(start).as("a filter table in: %s", save).isNotNegative();
    return save.substring(start, save.indexOf("COMMIT\n", start));
  }

  /** Both families' legacy {@code iptables-save} as they are, every table included. */
  private static String rawState(Netns ns) {
    return "# ipv4\n"
        + ns.run("iptables-legacy-save")
        + "# ipv6\n"
        + ns.run("ip6tables-legacy-save");
  }

  /** Every table and chain declaration of a state, as {@code family table declaration}. */
  private static ImmutableList<String> declarations(String state) {
    ImmutableList.Builder<String> out = ImmutableList.builder();
    String family = "";
    String table = "";
    for (String line : Splitter.on('\n').omitEmptyStrings().split(state)) {
      if (line.equals("# ipv4") || line.equals("# ipv6")) {
        family = line.substring(2);
      } else if (line.startsWith("*")) {
        table = line.substring(1);
        out.add(family + " " + line);
      } else if (line.startsWith(":")) {
        out.add(family + " " + table + " " + line.replaceAll(" \\S+ \\[\\d+:\\d+\\]$", ""));
      }
    }
    return out.build();
  }
}
