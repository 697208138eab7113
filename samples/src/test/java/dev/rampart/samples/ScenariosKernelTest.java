package dev.rampart.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.rampart.core.Chain;
import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.render.iptables.IptablesRenderer;
import dev.rampart.testing.DockerDump;
import dev.rampart.testing.Fixtures;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Netns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every scenario, rendered by the iptables backend, loaded by the real tools. */
@KernelTest(tools = {"ip", "iptables-restore", "ip6tables-restore", "iptables-save", "ipset"})
class ScenariosKernelTest {
  private static final Set<String> BUILTINS =
      Set.of("INPUT", "FORWARD", "OUTPUT", "PREROUTING", "POSTROUTING");

  static Set<String> names() {
    return Scenarios.all().stream().map(Scenario::name).collect(Collectors.toSet());
  }

  private static Set<String> managedChains(Ruleset rs) {
    return rs.tables().stream()
        .map(Table::chains)
        .flatMap(c -> c.stream())
        .filter(Chain::isManaged)
        .map(Chain::name)
        .collect(ImmutableSet.toImmutableSet());
  }

  @ParameterizedTest
  @MethodSource("names")
  void ownModeLoadsAndReadsBackAsRendered(String name, KernelLab lab) {
    Ruleset rs = Scenarios.named(name).orElseThrow().ruleset();
    Netns ns = lab.namespace("own");
    ns.runWithInput(IptablesRenderer.ipsetRestore(rs), "ipset", "restore", "-exist");
    for (Family f : Family.values()) {
      String rendered =
          (f == Family.IPV4
                  ? IptablesRenderer.of(RenderMode.OWN)
                  : IptablesRenderer.builder().family(Family.IPV6).mode(RenderMode.OWN).build())
              .render(rs);
      ns.runWithInput(rendered, f == Family.IPV4 ? "iptables-restore" : "ip6tables-restore");
      String saved = ns.iptablesSave(f);

      assertThat(SaveText.rules(saved, Set.of()))
          .as(f + " rules")
          .isEqualTo(SaveText.rules(rendered, Set.of()));
      assertThat(SaveText.chains(saved)).as(f + " chains").isEqualTo(SaveText.chains(rendered));
    }
  }

  @ParameterizedTest
  @MethodSource("names")
  void coexistModeAppliedTwiceOverDockerLeavesDockerAloneAndOursOnce(
      String name, KernelLab lab, @TempDir Path dir) throws IOException {
    Ruleset rs = Scenarios.named(name).orElseThrow().ruleset();
    Netns ns = lab.namespace("coexist");
    DockerDump.load(ns, "iptables", Fixtures.read("docker/swarm-portmap-28-S.txt"));
    String dockerBefore = ns.iptablesSave(Family.IPV4);
    Set<String> ours = managedChains(rs);
    for (Map.Entry<String, String> f :
        IptablesRenderer.of(RenderMode.COEXIST).bundle(rs).files().entrySet()) {
      Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
    }

    ns.run("sh", dir.resolve("apply.sh").toString());
    String once = ns.iptablesSave(Family.IPV4);
    String onceV6 = ns.iptablesSave(Family.IPV6);
    ns.run("sh", dir.resolve("apply.sh").toString());

    assertThat(ns.iptablesSave(Family.IPV4)).as("second apply changes nothing").isEqualTo(once);
    assertThat(ns.iptablesSave(Family.IPV6)).as("second apply changes nothing").isEqualTo(onceV6);
    var before = SaveText.rules(dockerBefore, Set.of());
    var after = SaveText.rules(once, Set.of());
    var own = SaveText.rules(IptablesRenderer.of(RenderMode.OWN).render(rs), Set.of());
    for (String chain : before.keySet()) {
      if (!ours.contains(chain.split(" ")[1])) {
        assertThat(after.get(chain)).as("docker chain " + chain).isEqualTo(before.get(chain));
      }
    }
    for (String chain : own.keySet()) {
      String simple = chain.split(" ")[1];
      if (BUILTINS.contains(simple)) {
        String table = chain.split(" ")[0];
        assertThat(after.get(chain))
            .as("built-in " + chain + ": our one jump on top, then Docker's")
            .containsExactlyElementsOf(
                ImmutableList.<String>builder()
                    .add("-A " + simple + " -m comment --comment rampart -j RAMPART-" + simple)
                    .addAll(before.get(chain))
                    .build());
        assertThat(after.get(table + " RAMPART-" + simple))
            .as("managed chain of " + chain)
            .containsExactlyElementsOf(
                own.get(chain).stream()
                    .map(l -> "-A RAMPART-" + simple + l.substring(("-A " + simple).length()))
                    .toList());
      } else {
        assertThat(after.get(chain)).as("managed " + chain).isEqualTo(own.get(chain));
      }
    }
  }
}
