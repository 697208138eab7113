package dev.rampart.render.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Bundle;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Ruleset;
import dev.rampart.core.TableName;
import dev.rampart.dsl.Rampart;
import dev.rampart.dsl.RulesetBuilder;
import dev.rampart.testing.ExecResult;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
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

  private static Ruleset withSets(List<String> trusted, List<String> hosts6, List<String> added) {
    RulesetBuilder rs =
        Rampart.ruleset()
            .set("trusted", Family.IPV4, trusted)
            .set("hosts6", Family.IPV6, hosts6)
            .adminPorts(22);
    if (!added.isEmpty()) {
      rs.set("added", Family.IPV4, added);
    }
    return rs.filter(
            t ->
                t.chain(
                    "INPUT",
                    c -> {
                      c.policy(ChainPolicy.DROP)
                          .rule(r -> r.tcp().dport(22).accept())
                          .rule(r -> r.tcp().dport(443).srcSet("trusted").accept())
                          .rule(r -> r.tcp().dport(443).srcSet("hosts6").accept());
                      if (!added.isEmpty()) {
                        c.rule(r -> r.tcp().dport(8443).srcSet("added").accept());
                      }
                    }))
        .build();
  }

  /**
   * {@code ipset restore} is no part of the rule transaction: when the rules of an apply are
   * refused (by {@code --test}, or by the load itself), the sets it already swapped, created or
   * left half-made come back exactly as they were, and a set of someone else is not touched.
   */
  @Test
  void failingApplyLeavesTheSetsExactlyAsItFoundThem(KernelLab lab, @TempDir Path dir)
      throws IOException {
    Ruleset first = withSets(List.of("10.0.0.0/8", "192.0.2.7"), List.of("2001:db8::1"), List.of());
    Ruleset next =
        withSets(List.of("198.51.100.0/24"), List.of("2001:db8::2"), List.of("203.0.113.0/24"));
    Map<String, String> refusedByTest =
        Map.of("-j ACCEPT", "-m set --match-set nosuch src -j ACCEPT");
    Map<String, String> refusedByLoad = Map.of("-j ACCEPT", "-j NOSUCHCHAIN");
    int bundles = 0;
    for (RenderMode mode : RenderMode.values()) {
      Netns ns = lab.namespace("sets");
      ns.run("sh", KernelSave.write(bundle(mode, first, Map.of()), dir(dir, ++bundles)).toString());
      ns.run("ipset", "create", "foreign", "hash:ip");
      ns.run("ipset", "add", "foreign", "192.0.2.99");
      String sets = ns.run("ipset", "save");
      String rules = ReapplyKernelTest.state(ns);
      for (Map<String, String> breakV6 : List.of(refusedByTest, refusedByLoad)) {
        Map<String, String> files = bundle(mode, next, breakV6);
        ExecResult failed =
            ns.exec("", "sh", KernelSave.write(files, dir(dir, ++bundles)).toString());
        String what = mode + " mode, IPv6 rules " + breakV6.values();
        assertThat(failed.exitCode()).as(what).isEqualTo(1);
        assertThat(ns.run("ipset", "save")).as(what).isEqualTo(sets);
        assertThat(ReapplyKernelTest.state(ns)).as(what).isEqualTo(rules);
        assertThat(failed.stderr())
            .as(what)
            .endsWith(
                "apply.sh: a step failed (status 1): the address sets are back as they were\n");
      }
      ns.run("sh", KernelSave.write(bundle(mode, next, Map.of()), dir(dir, ++bundles)).toString());
      assertThat(ns.run("ipset", "list", "-n").lines())
          .as("%s mode, after a good apply: no temporary set", mode)
          .containsExactlyInAnyOrder("trusted", "hosts6", "foreign", "added");
      assertThat(ns.run("ipset", "save", "trusted")).contains("add trusted 198.51.100.0/24\n");
    }
  }

  /** The bundle of {@code rs} in {@code mode}, its IPv6 restore file edited by {@code edits}. */
  private static Map<String, String> bundle(
      RenderMode mode, Ruleset rs, Map<String, String> edits) {
    Map<String, String> files = new LinkedHashMap<>(IptablesRenderer.of(mode).bundle(rs).files());
    String v6 = ApplyScript.file(mode, Family.IPV6);
    String text = files.get(v6);
    for (Map.Entry<String, String> edit : edits.entrySet()) {
      assertThat(text).contains(edit.getKey());
      text = text.replace(edit.getKey(), edit.getValue());
    }
    files.put(v6, text);
    Bundle.Builder b = Bundle.builder();
    files.forEach(
        (name, content) -> {
          if (name.equals("apply.sh")) {
            b.executable(name, content);
          } else if (!name.equals(Bundle.MANIFEST)) {
            b.file(name, content);
          }
        });
    return b.build().files();
  }

  private static Path dir(Path root, int n) throws IOException {
    return Files.createDirectories(root.resolve("bundle" + n));
  }
}
