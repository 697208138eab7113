package dev.rampart.render.ferm;

import static dev.rampart.core.ChainPolicy.DROP;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Applying ferm policies one after the other with the bundle's {@code apply.sh}, over Docker's
 * rules of a swarm node (legacy tables, where ferm works): the host ends up holding exactly what
 * the last policy alone gives, Docker's rules untouched, and no chain or table the host did not
 * have.
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
class ReapplyKernelTest {
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
  private static final FermRenderer DIRECTORY =
      FermRenderer.builder().directoryLayout(true).build();

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
  void changedSshPortLeavesOnlyTheNewPortOpen(KernelLab lab) {
    Netns seq = docker(lab.namespace("fsshseq"));
    apply(seq, FERM, ssh(22));
    apply(seq, FERM, ssh(2222));
    assertThat(state(seq)).doesNotContain("--dport 22 ").contains("--dport 2222 ");
    assertThat(state(seq)).isEqualTo(alone(lab, ssh(2222)));
  }

  @Test
  void ruleRemovedFromThePolicyIsRemovedFromTheHost(KernelLab lab) {
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
    Netns seq = docker(lab.namespace("frmseq"));
    apply(seq, FERM, both);
    apply(seq, FERM, one);
    assertThat(state(seq)).doesNotContain("10.0.0.0/8");
    assertThat(state(seq)).isEqualTo(alone(lab, one));
  }

  @Test
  void anOldInputPolicyIsRestoredWhenTheNewPolicySetsNone(KernelLab lab) {
    Ruleset next =
        Rampart.ruleset()
            .filter(t -> t.chain("OUTPUT", c -> c.rule(r -> r.tcp().dport(25).drop())))
            .build();
    Netns seq = docker(lab.namespace("fpolseq"));
    apply(seq, FERM, ssh(22));
    assertThat(state(seq)).contains(":INPUT DROP");
    apply(seq, FERM, next);
    assertThat(state(seq)).contains(":INPUT ACCEPT").doesNotContain("RAMPART-INPUT");
    assertThat(state(seq)).isEqualTo(alone(lab, next));
  }

  @Test
  void dockerUserNoLongerManagedIsFlushedInIpv4AndDeletedInIpv6(KernelLab lab) {
    Ruleset user =
        Rampart.ruleset()
            .filter(t -> t.chain("DOCKER-USER", c -> c.rule(r -> r.in("eth0").drop())))
            .build();
    Netns seq = docker(lab.namespace("fuserseq"));
    String before = dockerUser(seq);
    apply(seq, FERM, user);
    assertThat(ipv6Rules(seq)).contains("DOCKER-USER");
    apply(seq, FERM, ssh(22));
    assertThat(dockerUser(seq)).isEqualTo(before); // Docker's (adopted): flushed back
    assertThat(ipv6Rules(seq)).doesNotContain("DOCKER-USER"); // ferm's (created): deleted
    assertThat(state(seq)).isEqualTo(alone(lab, ssh(22)));
  }

  @Test
  void handMadeDuplicateMarkedJumpsAreRepaired(KernelLab lab) {
    Netns seq = docker(lab.namespace("ftwice"));
    apply(seq, FERM, ssh(22));
    String once = state(seq);
    String jump = "-m comment --comment rampart -j RAMPART-INPUT";
    seq.run(
        "sh", "-c", "iptables-legacy -I INPUT " + jump + " && iptables-legacy -A INPUT " + jump);
    apply(seq, FERM, ssh(22));
    assertThat(state(seq)).isEqualTo(once);
    assertThat(inputRules(seq)).containsOnlyOnce("--comment rampart");
  }

  @Test
  void sequencesOfPoliciesLeaveWhatTheLastAloneLeaves(KernelLab lab) {
    long seed = Seeds.seed();
    Random random = new Random(seed);
    String baseline = state(docker(lab.namespace("fpropbase")));
    for (int sequence = 1; sequence <= 8; sequence++) {
      // new namespaces each time: a table a policy created (raw) stays for the namespace's life
      Netns seq = docker(lab.namespace("fseq" + sequence));
      Netns fresh = docker(lab.namespace("falone" + sequence));
      List<Ruleset> policies = new ArrayList<>();
      int length = 2 + random.nextInt(3);
      for (int i = 0; i < length; i++) {
        Ruleset p = Policies.dockerHost(random);
        policies.add(p);
        apply(seq, FERM, p);
      }
      Ruleset last = policies.get(policies.size() - 1);
      apply(fresh, FERM, last);
      String description = "seed " + seed + ", sequence " + sequence + ": " + policies;
      assertThat(state(seq)).as(description).isEqualTo(state(fresh));
      assertThat(dockersLines(state(seq))).as(description).isEqualTo(dockersLines(baseline));
    }
  }

  @Test
  void noChainOrTableAppearsThatTheHostDidNotHave(KernelLab lab) {
    Netns ns = docker(lab.namespace("fnoempty"));
    String before = rawState(ns);
    apply(ns, FERM, ssh(22));
    List<String> added = new ArrayList<>(declarations(rawState(ns)));
    added.removeAll(declarations(before));
    assertThat(added)
        .containsExactlyInAnyOrder(
            "ipv4 filter :RAMPART-INPUT - [0:0]", "ipv4 filter :RAMPART-OWNED - [0:0]",
            "ipv6 filter :RAMPART-INPUT - [0:0]", "ipv6 filter :RAMPART-OWNED - [0:0]");
  }

  @Test
  void aUserFileInRampartInputIsLoadedOnceWhateverTheRuns(KernelLab lab) {
    Netns ns = docker(lab.namespace("fuserok"));
    Map<String, String> files = new LinkedHashMap<>(DIRECTORY.bundle(ssh(22)).files());
    files.put(
        "ferm.d/50-mine.ferm",
        "domain ip table filter chain RAMPART-INPUT proto tcp dport 8443 ACCEPT;\n");
    for (int run = 0; run < 3; run++) {
      assertThat(applyFiles(ns, files).exitCode()).isZero();
    }
    assertThat(Splitter.on("--dport 8443 ").splitToList(ns.run("iptables-legacy-save"))).hasSize(2);
  }

  @Test
  void aUserFileInInputIsRefusedRatherThanAddedOnEveryRun(KernelLab lab) {
    Netns ns = docker(lab.namespace("fuserin"));
    apply(ns, DIRECTORY, ssh(22));
    String before = state(ns);
    Map<String, String> files = new LinkedHashMap<>(DIRECTORY.bundle(ssh(22)).files());
    files.put(
        "ferm.d/50-mine.ferm", "domain ip table filter chain INPUT proto tcp dport 8443 ACCEPT;\n");
    ExecResult first = applyFiles(ns, files);
    ExecResult second = applyFiles(ns, files);
    assertThat(first.exitCode()).isEqualTo(1);
    assertThat(first.stderr()).contains("Cannot @preserve chain INPUT because it is not empty");
    assertThat(second.exitCode()).isEqualTo(1);
    assertThat(state(ns)).isEqualTo(before);
  }

  /** Loads Docker's swarm rules (filter and nat) into the legacy tables of {@code ns}. */
  private static Netns docker(Netns ns) {
    ns.runWithInput(DockerDump.toRestore(DOCKER), "iptables-legacy-restore", "-w", "5");
    ns.runWithInput(EMPTY_V6, "ip6tables-legacy-restore", "-w", "5");
    ns.run("ipset", "destroy");
    return ns;
  }

  private static String alone(KernelLab lab, Ruleset policy) {
    Netns fresh = docker(lab.namespace("ffresh"));
    apply(fresh, FERM, policy);
    return state(fresh);
  }

  private static void apply(Netns ns, FermRenderer renderer, Ruleset policy) {
    ExecResult r = applyFiles(ns, renderer.bundle(policy).files());
    assertThat(r.exitCode()).as("apply.sh: %s", r.stderr()).isZero();
  }

  private static ExecResult applyFiles(Netns ns, Map<String, String> files) {
    Path dir = FermLab.write(files);
    try {
      return ns.exec("", "sh", dir.resolve("apply.sh").toString());
    } finally {
      FermLab.delete(dir);
    }
  }

  private static String dockerUser(Netns ns) {
    return ns.run("iptables-legacy", "-S", "DOCKER-USER");
  }

  private static String ipv6Rules(Netns ns) {
    return ns.run("ip6tables-legacy", "-S");
  }

  private static String inputRules(Netns ns) {
    return ns.run("iptables-legacy", "-S", "INPUT");
  }

  /**
   * Both families' legacy {@code iptables-save}, without comments and counters; in each table the
   * chain declarations sorted and the rules grouped by chain, each chain's rules in order; tables
   * sorted, and a table holding nothing (built-in chains with policy ACCEPT only) left out: a table
   * an earlier policy made the kernel create cannot be removed, and filters nothing.
   */
  static String state(Netns ns) {
    return "# ipv4\n"
        + normal(ns.run("iptables-legacy-save"))
        + "# ipv6\n"
        + normal(ns.run("ip6tables-legacy-save"));
  }

  private static String normal(String save) {
    StringBuilder out = new StringBuilder();
    List<String> declarations = new ArrayList<>();
    Map<String, List<String>> rules = new TreeMap<>();
    List<String> tables = new ArrayList<>();
    Map<String, String> texts = new TreeMap<>();
    String table = "";
    for (String line : Splitter.on('\n').omitEmptyStrings().split(save)) {
      if (line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("*")) {
        table = line;
        tables.add(line);
      } else if (line.startsWith(":")) {
        declarations.add(line.replaceAll("\\[\\d+:\\d+\\]$", "[0:0]"));
      } else if (line.startsWith("-A ")) {
        rules
            .computeIfAbsent(line.substring(3, line.indexOf(' ', 3)), c -> new ArrayList<>())
            .add(line);
      } else if (line.equals("COMMIT")) {
        StringBuilder t = new StringBuilder(table).append('\n');
        declarations.stream().sorted().forEach(l -> t.append(l).append('\n'));
        rules.values().forEach(l -> l.forEach(r -> t.append(r).append('\n')));
        boolean empty =
            rules.isEmpty() && declarations.stream().allMatch(d -> d.endsWith(" ACCEPT [0:0]"));
        if (!empty) { // an empty table (built-in chains, policy ACCEPT) is no table
          texts.put(table, t.append("COMMIT\n").toString());
        }
        declarations.clear();
        rules.clear();
      }
    }
    texts.values().forEach(out::append);
    return out.toString();
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
        out.add(
            family + " " + table + " " + line.replaceAll(" (ACCEPT|DROP) \\[\\d+:\\d+\\]$", " -"));
      }
    }
    return out.build();
  }

  /**
   * The lines of a state that are Docker's: its chains but {@code DOCKER-USER} and its rules in
   * built-in chains (every rule there but our marked jump).
   */
  private static ImmutableList<String> dockersLines(String state) {
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
