package dev.rampart.render.iptables;

import static dev.rampart.core.ChainPolicy.DROP;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import dev.rampart.core.Bundle;
import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Ruleset;
import dev.rampart.dsl.Rampart;
import dev.rampart.testing.DockerDump;
import dev.rampart.testing.ExecResult;
import dev.rampart.testing.Fixtures;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Netns;
import dev.rampart.testing.Seeds;
import dev.rampart.testing.gen.Policies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Applying policies one after the other with the coexist {@code apply.sh}, over Docker's rules of a
 * swarm node: the host ends up holding exactly what the last policy alone gives, Docker's rules
 * untouched; a failing apply changes nothing.
 */
@KernelTest(
    tools = {
      "ip",
      "sh",
      "awk",
      "ipset",
      "iptables",
      "iptables-restore",
      "iptables-save",
      "ip6tables",
      "ip6tables-restore",
      "ip6tables-save"
    })
class ReapplyKernelTest {
  private static final String DOCKER = Fixtures.read("docker/swarm-portmap-28-S.txt");
  private static final String EMPTY_TABLES =
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
  private static final String RAW_MANGLE =
      """
      *raw
      :PREROUTING ACCEPT [0:0]
      :OUTPUT ACCEPT [0:0]
      COMMIT
      *mangle
      :PREROUTING ACCEPT [0:0]
      :INPUT ACCEPT [0:0]
      :FORWARD ACCEPT [0:0]
      :OUTPUT ACCEPT [0:0]
      :POSTROUTING ACCEPT [0:0]
      COMMIT
      """;

  private int bundles;

  private static Ruleset ssh(int port) {
    return Rampart.ruleset()
        .adminPorts(port)
        .filter(
            t ->
                t.chain(
                    "INPUT",
                    c ->
                        c.policy(DROP)
                            .rule(r -> r.in("lo").accept())
                            .rule(r -> r.tcp().dport(port).comment("ssh").accept())))
        .build();
  }

  @Test
  void changedSshPortLeavesOnlyTheNewPortOpen(KernelLab lab, @TempDir Path dir) {
    Netns seq = docker(lab.namespace("sshseq"));
    apply(seq, ssh(22), dir);
    apply(seq, ssh(2222), dir);
    assertThat(state(seq)).doesNotContain("--dport 22 ").contains("--dport 2222 ");
    assertThat(state(seq)).isEqualTo(alone(lab, ssh(2222), dir));
  }

  @Test
  void ruleRemovedFromThePolicyIsRemovedFromTheHost(KernelLab lab, @TempDir Path dir) {
    Ruleset both =
        Rampart.ruleset()
            .allowLockout() // drops 10.0.0.0/8, SSH included: what the apply leaves is under test
            .filter(
                t ->
                    t.chain(
                        "INPUT",
                        c ->
                            c.rule(r -> r.tcp().dport(80).accept())
                                .rule(r -> r.src("10.0.0.0/8").drop())))
            .build();
    Ruleset one =
        Rampart.ruleset()
            .filter(t -> t.chain("INPUT", c -> c.rule(r -> r.tcp().dport(80).accept())))
            .build();
    Netns seq = docker(lab.namespace("rmseq"));
    apply(seq, both, dir);
    apply(seq, one, dir);
    assertThat(state(seq)).doesNotContain("10.0.0.0/8");
    assertThat(state(seq)).isEqualTo(alone(lab, one, dir));
  }

  @Test
  void oldPolicyLeavesNothingBehind(KernelLab lab, @TempDir Path dir) {
    Ruleset old = Hosts.dockerHost();
    Ruleset next =
        Rampart.ruleset()
            .filter(
                t ->
                    t.chain("DOCKER-USER", c -> c.rule(r -> r.in("eth1").drop()))
                        .foreign("DOCKER-FORWARD"))
            .build();
    Netns seq = docker(lab.namespace("oldseq"));
    apply(seq, old, dir);
    apply(seq, next, dir);
    assertThat(state(seq))
        .contains(":INPUT ACCEPT")
        .doesNotContain("FILTERS")
        .doesNotContain("ssh first")
        .doesNotContain("-i eth0 -o docker_gwbridge -j DROP");
    assertThat(state(seq)).isEqualTo(alone(lab, next, dir));
  }

  @Test
  void applyingTwiceChangesNothingAndRepairsDuplicatedJumps(KernelLab lab, @TempDir Path dir) {
    Netns seq = docker(lab.namespace("twice"));
    Path script = write(Hosts.dockerHost(), dir);
    seq.run("sh", script.toString());
    String once = state(seq);
    seq.run("iptables", "-I", "INPUT", "-m", "comment", "--comment", "rampart", "-j", "FILTERS");
    seq.run(
        "iptables",
        "-I",
        "INPUT",
        "3",
        "-m",
        "comment",
        "--comment",
        "rampart",
        "-j",
        "RAMPART-INPUT");
    seq.run("sh", script.toString());
    assertThat(state(seq)).isEqualTo(once);
    assertThat(KernelSave.rules(seq, Family.IPV4, dev.rampart.core.TableName.FILTER, "INPUT"))
        .containsExactly("-A INPUT -m comment --comment rampart -j RAMPART-INPUT");
  }

  @Test
  void sequencesOfPoliciesLeaveWhatTheLastAloneLeaves(KernelLab lab, @TempDir Path dir) {
    long seed = Seeds.seed();
    Random random = new Random(seed);
    Netns seq = lab.namespace("propseq");
    Netns fresh = lab.namespace("propfresh");
    String baseline = state(docker(fresh));
    for (int sequence = 1; sequence <= 12; sequence++) {
      docker(seq);
      List<Ruleset> policies = new ArrayList<>();
      int length = 2 + random.nextInt(3);
      for (int i = 0; i < length; i++) {
        Ruleset p = Policies.dockerHost(random);
        policies.add(p);
        apply(seq, p, dir);
      }
      Ruleset last = policies.get(policies.size() - 1);
      docker(fresh);
      apply(fresh, last, dir);
      String description = "seed " + seed + ", sequence " + sequence + ": " + policies;
      assertThat(state(seq)).as(description).isEqualTo(state(fresh));
      assertThat(dockersChains(state(seq))).as(description).isEqualTo(dockersChains(baseline));
    }
  }

  @Test
  void failingApplyLeavesThePreviousStateAndSaysWhatFailed(KernelLab lab, @TempDir Path dir) {
    Netns seq = docker(lab.namespace("failing"));
    apply(seq, Hosts.dockerHost(), dir);
    String before = state(seq);
    Bundle bundle = IptablesRenderer.of(RenderMode.COEXIST).bundle(ssh(2222));
    Bundle noSet =
        bundle.withFile(
            "coexist.v6",
            bundle
                .file("coexist.v6")
                .replace("-j ACCEPT", "-m set --match-set nosuch src -j ACCEPT"));
    Path script = KernelSave.write(noSet.files(), directory(dir));
    ExecResult result = seq.exec("", "sh", script.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr())
        .contains("apply.sh: coexist.v6 refused by ip6tables-restore --test: no rule changed");
    assertThat(state(seq)).isEqualTo(before);

    Bundle noChain =
        bundle.withFile(
            "coexist.v6", bundle.file("coexist.v6").replace("-j ACCEPT", "-j NOSUCHCHAIN"));
    ExecResult second =
        seq.exec("", "sh", KernelSave.write(noChain.files(), directory(dir)).toString());
    assertThat(second.exitCode()).isEqualTo(1);
    assertThat(second.stderr())
        .endsWith("apply.sh: ip6tables-restore failed: no rule changed (IPv4 rules put back)\n");
    assertThat(state(seq)).isEqualTo(before);
  }

  /** Loads Docker's swarm rules into {@code ns} as the only rules of every table, no sets. */
  private static Netns docker(Netns ns) {
    ns.runWithInput(DockerDump.toRestore(DOCKER) + RAW_MANGLE, "iptables-restore", "-w", "5");
    ns.runWithInput(EMPTY_TABLES + RAW_MANGLE, "ip6tables-restore", "-w", "5");
    ns.run("ipset", "destroy");
    return ns;
  }

  private String alone(KernelLab lab, Ruleset policy, Path dir) {
    Netns fresh = docker(lab.namespace("fresh"));
    apply(fresh, policy, dir);
    return state(fresh);
  }

  private void apply(Netns ns, Ruleset policy, Path dir) {
    ns.run("sh", write(policy, dir).toString());
  }

  private Path write(Ruleset policy, Path dir) {
    return KernelSave.write(
        IptablesRenderer.of(RenderMode.COEXIST).bundle(policy).files(), directory(dir));
  }

  private Path directory(Path dir) {
    try {
      return Files.createDirectories(dir.resolve("bundle" + ++bundles));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Both families' {@code iptables-save}, without comments and counters; in each table the chain
   * declarations sorted and the rules grouped by chain (the order iptables lists chains in is not
   * part of what a host holds), each chain's rules in order.
   */
  static String state(Netns ns) {
    return "# ipv4\n"
        + normal(ns.run("iptables-save"))
        + "# ipv6\n"
        + normal(ns.run("ip6tables-save"));
  }

  private static String normal(String save) {
    StringBuilder out = new StringBuilder();
    List<String> declarations = new ArrayList<>();
    Map<String, List<String>> rules = new TreeMap<>();
    for (String line : Splitter.on('\n').omitEmptyStrings().split(save)) {
      if (line.startsWith("#")) {
        continue;
      }
      if (line.startsWith(":")) {
        declarations.add(line.replaceAll("\\[\\d+:\\d+\\]$", "[0:0]"));
      } else if (line.startsWith("-A ")) {
        rules
            .computeIfAbsent(line.substring(3, line.indexOf(' ', 3)), c -> new ArrayList<>())
            .add(line);
      } else if (line.equals("COMMIT")) {
        declarations.stream().sorted().forEach(l -> out.append(l).append('\n'));
        rules.values().forEach(l -> l.forEach(r -> out.append(r).append('\n')));
        out.append("COMMIT\n");
        declarations.clear();
        rules.clear();
      } else {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * The lines of a state that are Docker's: its chains but {@code DOCKER-USER} and its rules in
   * built-in chains (every rule there but our marked jump).
   */
  private static ImmutableList<String> dockersChains(String state) {
    return Splitter.on('\n')
        .splitToStream(state)
        .filter(l -> l.startsWith("-A ") || l.startsWith(":DOCKER"))
        .filter(l -> !l.contains("--comment rampart "))
        .filter(l -> !l.startsWith("-A DOCKER-USER ") && !l.startsWith("-A RAMPART-"))
        .filter(l -> Splitter.on(' ').splitToList(l).get(1).startsWith("DOCKER") || isBuiltin(l))
        .collect(ImmutableList.toImmutableList());
  }

  private static boolean isBuiltin(String line) {
    String chain = Splitter.on(' ').splitToList(line).get(1);
    return List.of("INPUT", "FORWARD", "OUTPUT", "PREROUTING", "POSTROUTING").contains(chain);
  }
}
