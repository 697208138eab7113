package dev.rampart.render.ferm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Ruleset;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Netns;
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
  void everyConstructLoadsAsTheIptablesRendering(KernelLab lab) {
    assertEquivalent(lab, Rulesets.everyConstruct());
  }

  @Test
  void swarmHostLoadsAsTheIptablesRendering(KernelLab lab) {
    assertEquivalent(lab, Rulesets.swarmHost());
  }
}
