package dev.rampart.render.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Ruleset;
import dev.rampart.core.TableName;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Netns;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@KernelTest(
    tools = {
      "ip",
      "sh",
      "ipset",
      "iptables",
      "iptables-restore",
      "iptables-save",
      "ip6tables",
      "ip6tables-restore",
      "ip6tables-save"
    })
class ApplyScriptKernelTest {
  @Test
  void ownScriptLoadsTheRenderingAndReplacesWhatWasThere(KernelLab lab, @TempDir Path dir) {
    Netns ns = lab.namespace("ownscript");
    ns.run("iptables", "-A", "INPUT", "-s", "203.0.113.9", "-j", "DROP");
    ns.run("iptables", "-N", "STALE");
    Ruleset rs = Hosts.dockerHost();
    Map<String, String> bundle = IptablesRenderer.of(RenderMode.OWN).bundle(rs).files();
    Path script = KernelSave.write(bundle, dir);
    ns.run("sh", script.toString());
    ns.run("sh", script.toString());
    assertThat(KernelSave.table(ns, Family.IPV4, TableName.FILTER)).isEqualTo(bundle.get("own.v4"));
    assertThat(KernelSave.table(ns, Family.IPV6, TableName.FILTER)).isEqualTo(bundle.get("own.v6"));
  }

  @Test
  void coexistScriptKeepsForeignRulesOfBuiltinChainsBelowOurOneJump(
      KernelLab lab, @TempDir Path dir) {
    Netns ns = lab.namespace("coexscript");
    ns.run("iptables", "-A", "INPUT", "-s", "203.0.113.9", "-j", "DROP");
    Path script =
        KernelSave.write(
            IptablesRenderer.of(RenderMode.COEXIST).bundle(Hosts.dockerHost()).files(), dir);
    ns.run("sh", script.toString());
    ns.run("sh", script.toString());
    assertThat(KernelSave.rules(ns, Family.IPV4, TableName.FILTER, "INPUT"))
        .containsExactly(
            "-A INPUT -m comment --comment rampart -j RAMPART-INPUT",
            "-A INPUT -s 203.0.113.9/32 -j DROP");
    assertThat(KernelSave.rules(ns, Family.IPV4, TableName.FILTER, "RAMPART-INPUT"))
        .containsExactly(
            "-A RAMPART-INPUT -j FILTERS",
            "-A RAMPART-INPUT -p tcp -m tcp --dport 22 -m comment --comment \"ssh first\""
                + " -j ACCEPT");
  }
}
