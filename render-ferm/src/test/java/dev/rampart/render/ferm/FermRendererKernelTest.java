package dev.rampart.render.ferm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Ruleset;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Netns;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

@KernelTest(tools = {"ip", "ferm", "iptables-restore", "ip6tables-restore", "ipset"})
class FermRendererKernelTest {
  private static void assertEquivalent(KernelLab lab, Ruleset ruleset) {
    Netns ferm = lab.namespace("ferm");
    Netns iptables = lab.namespace("iptables");
    FermLab.loadFerm(ferm, FermRenderer.of(RenderMode.OWN), ruleset);
    FermLab.loadIptables(iptables, ruleset);
    for (Family f : Family.values()) {
      assertThat(ferm.iptablesSave(f)).as(f.label()).isEqualTo(iptables.iptablesSave(f));
    }
  }

  @Test
  void generatedRulesetsLoadAsTheIptablesRendering(KernelLab lab) {
    Netns ferm = lab.namespace("ferm");
    Netns iptables = lab.namespace("iptables");
    qt().withExamples(30)
        .withShrinkCycles(20)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Ruleset ruleset = RandomRulesets.of(seed);
              FermLab.loadFerm(ferm, FermRenderer.of(RenderMode.OWN), ruleset);
              FermLab.loadIptables(iptables, ruleset);
              for (Family f : Family.values()) {
                assertThat(ferm.iptablesSave(f))
                    .as("seed %s, %s", seed, f.label())
                    .isEqualTo(iptables.iptablesSave(f));
              }
            });
  }

  @Test
  void theDirectoryLayoutLoadsAsTheSingleFile(KernelLab lab) {
    Netns ns = lab.namespace("dir");
    FermRenderer renderer = FermRenderer.builder().directoryLayout(true).build();
    Path dir = FermLab.write(renderer.bundle(Rulesets.swarmHost()));
    try {
      var fromDirectory =
          ns.run("ferm", "--noexec", "--lines", dir.resolve("ferm.conf").toString());
      var single = FermLab.lines(ns, FermRenderer.provider().render(Rulesets.swarmHost()));
      assertThat(single.exitCode()).isZero();
      assertThat(FermLab.restoreTexts(fromDirectory))
          .isEqualTo(FermLab.restoreTexts(single.stdout()))
          .hasSize(2);
    } finally {
      FermLab.delete(dir);
    }
  }

  @Test
  void inlineSetsLoadAsOneRulePerElement(KernelLab lab) {
    Netns ferm = lab.namespace("ferm");
    Netns iptables = lab.namespace("iptables");
    Ruleset ruleset = Rulesets.swarmHost();
    FermLab.loadFerm(
        ferm, FermRenderer.builder().mode(RenderMode.OWN).inlineSets(true).build(), ruleset);
    FermLab.loadIptables(iptables, Rulesets.setsAsLists(ruleset));
    for (Family f : Family.values()) {
      assertThat(ferm.iptablesSave(f)).as(f.label()).isEqualTo(iptables.iptablesSave(f));
    }
    assertThat(ferm.iptablesSave(Family.IPV4))
        .contains("-A FILTERS -s 198.51.100.7/32 -p tcp -m tcp --dport 7946 -j ACCEPT");
  }

  @Test
  void everyConstructLoadsAsTheIptablesRendering(KernelLab lab) {
    assertEquivalent(lab, Rulesets.everyConstruct());
  }

  @Test
  void swarmHostLoadsAsTheIptablesRendering(KernelLab lab) {
    assertEquivalent(lab, Rulesets.swarmHost());
  }
}
