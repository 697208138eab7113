package dev.rampart.render.iptables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Ruleset;
import dev.rampart.core.TableName;
import dev.rampart.core.UnsupportedFeatureException;
import dev.rampart.dsl.Rampart;
import dev.rampart.testing.DockerDump;
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
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@KernelTest(
    tools = {
      "ip",
      "ipset",
      "iptables",
      "iptables-restore",
      "iptables-save",
      "ip6tables",
      "ip6tables-restore",
      "ip6tables-save",
      "sh"
    })
class IptablesRendererKernelTest {
  private static final String DOCKER_DUMP = "docker/swarm-portmap-28-S.txt";

  /** Loads the own-mode rendering of {@code rs} (sets first) and returns it per family. */
  private static Map<Family, String> loadOwn(Netns ns, Ruleset rs) {
    ns.runWithInput(IptablesRenderer.ipsetRestore(rs), "ipset", "restore", "-exist");
    String v4 = IptablesRenderer.of(RenderMode.OWN).render(rs);
    String v6 =
        IptablesRenderer.builder().family(Family.IPV6).mode(RenderMode.OWN).build().render(rs);
    ns.runWithInput(v4, "iptables-restore");
    ns.runWithInput(v6, "ip6tables-restore");
    return Map.of(Family.IPV4, v4, Family.IPV6, v6);
  }

  @Test
  void everyConstructReadsBackFromTheKernelExactlyAsRendered(KernelLab lab) {
    Netns ns = lab.namespace("constructs");
    Ruleset rs = Constructs.ruleset();
    Map<Family, String> rendered = loadOwn(ns, rs);
    for (Family family : Family.values()) {
      for (TableName table : List.of(TableName.values())) {
        assertThat(KernelSave.table(ns, family, table))
            .as("%s %s", family.label(), table.label())
            .isEqualTo(KernelSave.section(rendered.get(family), table));
      }
    }
  }

  @Test
  void everyConstructReadsBackFromTheKernelAsTheGoldenText(KernelLab lab) {
    Netns ns = lab.namespace("golden");
    loadOwn(ns, Constructs.ruleset());
    for (Family family : Family.values()) {
      for (TableName table : List.of(TableName.values())) {
        for (String chain : table.builtinChains()) {
          List<String> golden = new ArrayList<>();
          for (Constructs.Case c : Constructs.all()) {
            if (c.table() == table && c.chain().equals(chain)) {
              c.expected(family).ifPresent(text -> golden.add("-A " + chain + " " + text));
            }
          }
          assertThat(KernelSave.rules(ns, family, table, chain))
              .as("%s %s %s", family.label(), table.label(), chain)
              .containsExactlyElementsOf(golden);
        }
      }
    }
  }

  @Test
  void dockerHostInOwnModeReadsBackAsRendered(KernelLab lab) {
    Netns ns = lab.namespace("own");
    Map<Family, String> rendered = loadOwn(ns, Hosts.dockerHost());
    for (Family family : Family.values()) {
      assertThat(KernelSave.table(ns, family, TableName.FILTER)).isEqualTo(rendered.get(family));
    }
  }

  /**
   * {@code ipset save}'s lines, sorted, without each set's random hash seed: a set swapped in is a
   * new set with a new {@code initval}, which also changes the order its elements are listed in.
   */
  private static List<String> ipsetSave(Netns ns) {
    return ns.run("ipset", "save").replaceAll(" initval 0x[0-9a-f]+", "").lines().sorted().toList();
  }

  @Test
  void coexistApplyTwiceOnDockerLeavesDockersChainsAndAddsOursOnce(
      KernelLab lab, @TempDir Path dir) {
    Netns ns = lab.namespace("coexist");
    DockerDump.load(ns, "iptables", Fixtures.read(DOCKER_DUMP));
    String dockerFilter = KernelSave.table(ns, Family.IPV4, TableName.FILTER);
    String dockerNat = KernelSave.table(ns, Family.IPV4, TableName.NAT);
    Ruleset rs = Hosts.dockerHost();
    Path script = KernelSave.write(IptablesRenderer.of(RenderMode.COEXIST).bundle(rs).files(), dir);

    ns.run("sh", script.toString());
    String once4 = KernelSave.table(ns, Family.IPV4, TableName.FILTER);
    String once6 = KernelSave.table(ns, Family.IPV6, TableName.FILTER);
    List<String> sets = ipsetSave(ns);
    ns.run("sh", script.toString());

    assertThat(KernelSave.table(ns, Family.IPV4, TableName.FILTER)).isEqualTo(once4);
    assertThat(KernelSave.table(ns, Family.IPV6, TableName.FILTER)).isEqualTo(once6);
    assertThat(ipsetSave(ns)).isEqualTo(sets);
    assertThat(KernelSave.table(ns, Family.IPV4, TableName.NAT)).isEqualTo(dockerNat);
    for (String chain : chains(dockerFilter)) {
      if (!chain.equals("DOCKER-USER") && !chain.equals("INPUT")) {
        assertThat(rules(once4, chain))
            .as("Docker's chain %s", chain)
            .isEqualTo(rules(dockerFilter, chain));
      }
    }
    assertThat(chains(once4)).containsAll(chains(dockerFilter)).contains("FILTERS");
    assertThat(once4).contains(":INPUT DROP [0:0]\n", ":FORWARD ACCEPT [0:0]\n");
    assertThat(rules(dockerFilter, "INPUT")).isEmpty();
    assertThat(rules(once4, "INPUT"))
        .containsExactly("-A INPUT -m comment --comment rampart -j RAMPART-INPUT");
    assertThat(rules(once4, "RAMPART-INPUT"))
        .containsExactly(
            "-A RAMPART-INPUT -j FILTERS",
            "-A RAMPART-INPUT -p tcp -m tcp --dport 22 -m comment --comment \"ssh first\" -j"
                + " ACCEPT");
    assertThat(rules(once4, "FILTERS"))
        .containsExactlyElementsOf(
            rules(IptablesRenderer.of(RenderMode.COEXIST).render(rs), "FILTERS"));
    assertThat(KernelSave.rules(ns, Family.IPV4, TableName.FILTER, "DOCKER-USER"))
        .containsExactly(
            "-A DOCKER-USER -m set --match-set allow4 src -m conntrack --ctorigdstport 8080 -j"
                + " RETURN",
            "-A DOCKER-USER -i eth0 -o docker_gwbridge -j DROP",
            "-A DOCKER-USER -j RETURN");
  }

  /** The chains a save text declares. */
  private static List<String> chains(String save) {
    return save.lines()
        .filter(l -> l.startsWith(":"))
        .map(l -> l.substring(1, l.indexOf(' ')))
        .toList();
  }

  /** The {@code -A} lines of {@code chain} in a save or restore text. */
  private static List<String> rules(String text, String chain) {
    return text.lines().filter(l -> l.startsWith("-A " + chain + " ")).toList();
  }

  @Test
  void coexistRefusesToManageDockersChainAndThePublishedServiceKeepsItsRule(
      KernelLab lab, @TempDir Path dir) {
    Netns ns = lab.namespace("ingress");
    DockerDump.load(ns, "iptables", Fixtures.read(DOCKER_DUMP));
    String published = "-A DOCKER-INGRESS -p tcp -m tcp --dport 8080 -j ACCEPT";
    assertThat(KernelSave.rules(ns, Family.IPV4, TableName.FILTER, "DOCKER-INGRESS"))
        .contains(published);
    Ruleset rs =
        Rampart.ruleset()
            .filter(
                t ->
                    t.chain("FORWARD", c -> c.rule(r -> r.jump("DOCKER-INGRESS")))
                        .chain("DOCKER-INGRESS", c -> c.rule(r -> r.tcp().dport(9000).accept())))
            .build();

    Throwable refused =
        catchThrowable(
            () ->
                ns.run(
                    "sh",
                    KernelSave.write(
                            IptablesRenderer.of(RenderMode.COEXIST).bundle(rs).files(), dir)
                        .toString()));

    assertThat(refused)
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "table filter, chain DOCKER-INGRESS: iptables cannot express a managed chain Docker creates, in coexist mode"
                + " (Docker rewrites it; put forwarded-traffic rules into DOCKER-USER, or declare it"
                + " foreign to jump to it): DOCKER-INGRESS");
    assertThat(KernelSave.rules(ns, Family.IPV4, TableName.FILTER, "DOCKER-INGRESS"))
        .contains(published);
  }

  @Test
  void coexistScriptRunsFromAnyWorkingDirectory(KernelLab lab, @TempDir Path dir) {
    Netns ns = lab.namespace("cwd");
    Path script =
        KernelSave.write(
            IptablesRenderer.of(RenderMode.COEXIST).bundle(Hosts.dockerHost()).files(), dir);
    ns.run("sh", "-c", "cd / && sh \"$1\"", "sh", script.toString());
    assertThat(KernelSave.rules(ns, Family.IPV4, TableName.FILTER, "INPUT"))
        .containsExactly("-A INPUT -m comment --comment rampart -j RAMPART-INPUT");
    assertThat(KernelSave.rules(ns, Family.IPV4, TableName.FILTER, "RAMPART-INPUT")).hasSize(2);
    assertThat(ImmutableList.of(ns.run("iptables", "-S", "INPUT").split("\n")[0]))
        .containsExactly("-P INPUT DROP");
  }

  /**
   * A boot-time loader: the files it takes by name, in the order it loads them, each with the
   * command it feeds the file to.
   */
  private record BootLoader(String name, ImmutableMap<String, List<String>> files) {}

  private static final ImmutableList<BootLoader> BOOT_LOADERS =
      ImmutableList.of(
          new BootLoader(
              "netfilter-persistent with ipset-persistent (/etc/iptables)",
              ImmutableMap.of(
                  "ipsets", List.of("ipset", "restore"),
                  "rules.v4", List.of("iptables-restore"),
                  "rules.v6", List.of("ip6tables-restore"))),
          new BootLoader(
              "Arch's iptables.service and ip6tables.service (/etc/iptables)",
              ImmutableMap.of(
                  "iptables.rules", List.of("iptables-restore"),
                  "ip6tables.rules", List.of("ip6tables-restore"))));

  /**
   * An operator who copies the bundle files bearing a boot-time loader's names where that loader
   * looks gets, at the next boot, what loading those files alone gives: that must be the whole
   * firewall {@code apply.sh} gives, or the names must not be used. The restore files are neither
   * (they reference sets they do not create; in coexist mode they lack the INPUT jump and the
   * policies), so the bundle names them after the mode.
   */
  @Test
  void bundleHoldsNoFilesABootLoaderWouldLoadAsAnIncompleteFirewall(
      KernelLab lab, @TempDir Path dir) throws IOException {
    Ruleset rs =
        Rampart.ruleset()
            .set("trusted", Family.IPV4, "10.0.0.0/8")
            .adminPorts(22)
            .filter(
                t ->
                    t.chain(
                        "INPUT",
                        c ->
                            c.policy(ChainPolicy.DROP)
                                .rule(r -> r.tcp().dport(22).accept())
                                .rule(r -> r.tcp().dport(443).srcSet("trusted").accept())))
            .build();
    SoftAssertions softly = new SoftAssertions();
    for (RenderMode mode : RenderMode.values()) {
      Map<String, String> files = IptablesRenderer.of(mode).bundle(rs).files();
      Netns applied = lab.namespace("applied");
      Path bundle = Files.createDirectories(dir.resolve(mode.name()));
      applied.run("sh", KernelSave.write(files, bundle).toString());
      String whole = ReapplyKernelTest.state(applied) + applied.run("ipset", "list", "-n");
      for (BootLoader loader : BOOT_LOADERS) {
        Netns boot = lab.namespace("boot");
        boolean loaded = false;
        for (Map.Entry<String, List<String>> file : loader.files().entrySet()) {
          if (files.containsKey(file.getKey())) {
            boot.exec(files.get(file.getKey()), file.getValue().toArray(String[]::new));
            loaded = true;
          }
        }
        if (loaded) {
          softly
              .assertThat(ReapplyKernelTest.state(boot) + boot.run("ipset", "list", "-n"))
              .as("%s mode, the files %s loads", mode, loader.name())
              .isEqualTo(whole);
        }
        softly
            .assertThat(files.keySet())
            .as("%s mode", mode)
            .doesNotContainAnyElementsOf(loader.files().keySet());
      }
    }
    softly.assertAll();
  }
}
