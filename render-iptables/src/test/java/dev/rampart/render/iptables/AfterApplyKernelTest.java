package dev.rampart.render.iptables;

import static dev.rampart.core.ChainPolicy.DROP;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Splitter;
import dev.rampart.core.Chain;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.snapshot.AfterApply;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.core.snapshot.SnapshotChain;
import dev.rampart.core.snapshot.SnapshotRule;
import dev.rampart.core.snapshot.SnapshotTable;
import dev.rampart.dsl.Rampart;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Netns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AfterApply} against the kernel: a Docker-like host is loaded in a namespace, the coexist
 * bundle of a host policy is applied twice with its {@code apply.sh}, and every chain the kernel
 * then holds (policy and rules, in order) equals what {@code AfterApply} predicts.
 */
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
class AfterApplyKernelTest {

  /**
   * What Docker 28 leaves on a swarm node publishing 8080 (trimmed), plus an administrator's ssh
   * rule in INPUT identical to one of the policy's, written as a ruleset so it can be loaded.
   */
  private static Ruleset dockerHost() {
    return Rampart.ruleset()
        .filter(
            t ->
                t.chain(
                        "INPUT",
                        c ->
                            c.rule(r -> r.udp().dport(4789).notIpsecIn().drop())
                                .rule(r -> r.tcp().dport(22).comment("ssh first").accept()))
                    .chain(
                        "FORWARD",
                        c ->
                            c.policy(DROP)
                                .rule(r -> r.jump("DOCKER-USER"))
                                .rule(r -> r.jump("DOCKER-FORWARD")))
                    .chain("DOCKER-USER", c -> c.rule(r -> r.returns()))
                    .chain(
                        "DOCKER-FORWARD",
                        c ->
                            c.rule(r -> r.jump("DOCKER-INGRESS"))
                                .rule(r -> r.in("docker0").accept()))
                    .chain(
                        "DOCKER-INGRESS",
                        c -> c.rule(r -> r.tcp().dport(8080).accept()).rule(r -> r.returns())))
        .nat(
            t ->
                t.chain("PREROUTING", c -> c.rule(r -> r.dstLocal().jump("DOCKER-INGRESS")))
                    .chain(
                        "POSTROUTING",
                        c -> c.rule(r -> r.src("172.17.0.0/16").notOut("docker0").masquerade()))
                    .chain(
                        "DOCKER-INGRESS",
                        c ->
                            c.rule(r -> r.tcp().dport(8080).dnat("172.18.0.2", 8080))
                                .rule(r -> r.returns())))
        .build();
  }

  @Test
  void theKernelHoldsWhatAfterApplyPredicts(KernelLab lab, @TempDir Path dir) {
    Netns ns = lab.namespace("afterapply");
    Ruleset docker = dockerHost();
    Ruleset policy = Hosts.dockerHost();
    ns.run(
        "sh",
        write(IptablesRenderer.of(RenderMode.OWN).bundle(docker).files(), dir, "docker")
            .toString());
    Path apply =
        write(IptablesRenderer.of(RenderMode.COEXIST).bundle(policy).files(), dir, "policy");
    ns.run("sh", apply.toString());
    ns.run("sh", apply.toString());

    Snapshot expected = AfterApply.of(Snapshot.of(docker), policy);
    assertThat(expected.tables()).hasSize(4);
    for (SnapshotTable table : expected.tables()) {
      String rendered =
          IptablesRenderer.builder()
              .family(table.family())
              .mode(RenderMode.OWN)
              .build()
              .render(asRuleset(expected, table));
      assertThat(chains(KernelSave.table(ns, table.family(), table.name())))
          .as("%s", table.ref())
          .isEqualTo(chains(KernelSave.section(rendered, table.name())));
    }
  }

  /** {@code table} of {@code snapshot} as a ruleset of managed chains, to render it. */
  private static Ruleset asRuleset(Snapshot snapshot, SnapshotTable table) {
    List<Chain> chains = new ArrayList<>();
    for (SnapshotChain c : table.chains()) {
      Chain.Builder b = Chain.builder().name(c.name());
      c.policy().ifPresent(b::policy);
      c.rules().stream().map(SnapshotRule::rule).forEach(b::addRules);
      chains.add(b.build());
    }
    return Ruleset.builder()
        .addAllSets(snapshot.sets())
        .addTables(Table.of(table.name(), chains))
        .build();
  }

  /**
   * The chains of an {@code iptables-save} table as {@code chain -> [policy, -A lines...]}, in name
   * order: the order iptables lists chains in is not part of what a host holds.
   */
  private static Map<String, List<String>> chains(String save) {
    Map<String, List<String>> out = new TreeMap<>();
    for (String line : Splitter.on('\n').omitEmptyStrings().split(save)) {
      if (line.startsWith(":")) {
        List<String> parts = Splitter.on(' ').splitToList(line.substring(1));
        out.computeIfAbsent(parts.get(0), k -> new ArrayList<>()).add(0, parts.get(1));
      } else if (line.startsWith("-A ")) {
        String chain = line.substring(3, line.indexOf(' ', 3));
        out.computeIfAbsent(chain, k -> new ArrayList<>()).add(line);
      }
    }
    return out;
  }

  private static Path write(Map<String, String> bundle, Path dir, String name) {
    try {
      return KernelSave.write(bundle, Files.createDirectories(dir.resolve(name)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
