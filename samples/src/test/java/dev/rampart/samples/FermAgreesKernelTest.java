package dev.rampart.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Ruleset;
import dev.rampart.render.ferm.FermRenderer;
import dev.rampart.render.iptables.IptablesRenderer;
import dev.rampart.testing.ExecResult;
import dev.rampart.testing.FermLines;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Netns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every scenario, what ferm would load ({@code ferm --noexec --lines} on the ferm rendering)
 * reads back from the kernel exactly like the iptables rendering of the same policy.
 */
@KernelTest(tools = {"ip", "ferm", "iptables-restore", "ip6tables-restore", "ipset"})
class FermAgreesKernelTest {
  static Set<String> names() {
    return ScenariosKernelTest.names();
  }

  @ParameterizedTest
  @MethodSource("names")
  void fermLoadsTheSameRulesAsIptables(String name, KernelLab lab, @TempDir Path dir)
      throws IOException {
    Ruleset rs = Scenarios.named(name).orElseThrow().ruleset();
    Netns viaFerm = lab.namespace("ferm");
    Netns viaIptables = lab.namespace("iptables");
    String ipset = IptablesRenderer.ipsetRestore(rs);
    viaFerm.runWithInput(ipset, "ipset", "restore", "-exist");
    viaIptables.runWithInput(ipset, "ipset", "restore", "-exist");

    Path conf = dir.resolve("ferm.conf");
    Files.writeString(conf, FermRenderer.of(RenderMode.OWN).render(rs), StandardCharsets.UTF_8);
    ExecResult lines = viaFerm.exec("", "ferm", "--noexec", "--lines", conf.toString());
    assertThat(lines.exitCode()).as("ferm --lines: %s", lines.stderr()).isZero();
    Map<Family, String> restore = FermLines.restoreTexts(lines.stdout());
    restore.forEach(
        (f, text) ->
            viaFerm.runWithInput(
                text, f == Family.IPV4 ? "iptables-restore" : "ip6tables-restore"));
    viaIptables.runWithInput(IptablesRenderer.of(RenderMode.OWN).render(rs), "iptables-restore");
    viaIptables.runWithInput(
        IptablesRenderer.builder().family(Family.IPV6).mode(RenderMode.OWN).build().render(rs),
        "ip6tables-restore");

    for (Family f : Family.values()) {
      assertThat(viaFerm.iptablesSave(f)).as(f.label()).isEqualTo(viaIptables.iptablesSave(f));
    }
    assertThat(viaFerm.iptablesSave(Family.IPV4)).contains("-A ");
  }
}
