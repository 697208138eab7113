package dev.rampart.render.ferm;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Ruleset;
import dev.rampart.testing.DockerDump;
import dev.rampart.testing.Fixtures;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Netns;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@KernelTest(
    tools = {
      "ip",
      "ferm",
      "iptables-legacy",
      "iptables-legacy-save",
      "ip6tables-legacy-save",
      "ipset",
      "sh"
    })
class PreservesKernelTest {
  /** The chains the ruleset writes to, per table: checked one by one below. */
  private static final ImmutableList<String> OURS =
      ImmutableList.of("filter INPUT", "filter FILTERS", "filter " + DockerLayout.DOCKER_USER);

  /** Docker's drop of unencrypted VXLAN for encrypted overlays (CVE-2023-28840). */
  private static final String VXLAN_DROP =
      "-A INPUT -p udp -m udp --dport 4789 -m policy --dir in --pol none -j DROP";

  private static final String SWARM = "docker/swarm-portmap-28-S.txt";
  private static final Pattern CHAIN =
      Pattern.compile("^-N (\\S+)$|^-P (\\S+) ", Pattern.MULTILINE);

  /** {@code iptables-legacy-save} without comment lines. */
  private static String save(Netns ns) {
    return ns.run("iptables-legacy-save")
        .lines()
        .filter(l -> !l.startsWith("#"))
        .reduce("", (a, b) -> a + b + "\n");
  }

  /** Per table and chain of the dump, its declaration line and rules in the legacy save. */
  private static Map<String, List<String>> dockerChains(String save, String dump) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    String table = "";
    for (String line : dump.lines().toList()) {
      if (line.startsWith("# ---- table ")) {
        table = line.split(" ")[3];
        continue;
      }
      Matcher m = CHAIN.matcher(line);
      if (m.find()) {
        String chain = m.group(1) != null ? m.group(1) : m.group(2);
        if (!OURS.contains(table + " " + chain)) {
          out.put(table + " " + chain, chainLines(save, table, chain));
        }
      }
    }
    return out;
  }

  private static List<String> chainLines(String save, String table, String chain) {
    List<String> lines = new ArrayList<>();
    boolean in = false;
    for (String line : save.lines().toList()) {
      if (line.startsWith("*")) {
        in = line.equals("*" + table);
      } else if (in
          && (line.startsWith(":" + chain + " ") || line.startsWith("-A " + chain + " "))) {
        lines.add(line);
      }
    }
    return lines;
  }

  private static void apply(Netns ns, Path dir) {
    ns.run("sh", dir.resolve("apply.sh").toString());
  }

  @Test
  void fermLeavesDockersChainsByteIdenticalAndAddsOursOnce(KernelLab lab) {
    Netns ns = lab.namespace("docker");
    String dump = Fixtures.read(SWARM);
    DockerDump.load(ns, "iptables-legacy", dump);
    ns.run(("iptables-legacy " + VXLAN_DROP).split(" "));
    String before = save(ns);
    assertThat(chainLines(before, "filter", "INPUT"))
        .containsExactly(":INPUT ACCEPT [0:0]", VXLAN_DROP);
    Ruleset ruleset = Rulesets.swarmHost();
    Path dir =
        FermLab.write(FermRenderer.builder().directoryLayout(true).build().bundle(ruleset).files());
    try {
      apply(ns, dir);
      String once = save(ns);
      assertThat(dockerChains(once, dump)).isEqualTo(dockerChains(before, dump));
      assertThat(dockerChains(once, dump)).hasSize(14);
      assertThat(chainLines(once, "filter", "INPUT"))
          .as("Docker's rule kept as it was, our marked jump inserted once on top, policy set")
          .containsExactly(
              ":INPUT DROP [0:0]",
              "-A INPUT -m comment --comment rampart -j RAMPART-INPUT",
              VXLAN_DROP);
      assertThat(chainLines(once, "filter", "RAMPART-INPUT"))
          .containsExactly(":RAMPART-INPUT - [0:0]", "-A RAMPART-INPUT -j FILTERS");
      assertThat(chainLines(ns.run("ip6tables-legacy-save"), "filter", "INPUT"))
          .containsExactly(
              ":INPUT DROP [0:0]", "-A INPUT -m comment --comment rampart -j RAMPART-INPUT");
      assertThat(chainLines(once, "filter", "DOCKER-USER"))
          .containsExactly(
              ":DOCKER-USER - [0:0]",
              "-A DOCKER-USER -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN",
              "-A DOCKER-USER -p tcp -m conntrack --ctorigdstport 8080 -j RETURN",
              "-A DOCKER-USER -i eth0 -j DROP",
              "-A DOCKER-USER -j RETURN");
      assertThat(chainLines(once, "filter", "FILTERS"))
          .containsExactly(
              ":FILTERS - [0:0]",
              "-A FILTERS -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
              "-A FILTERS -i lo -j ACCEPT",
              "-A FILTERS -p icmp -m icmp --icmp-type 3 -j ACCEPT",
              "-A FILTERS -p tcp -m tcp --dport 22 -m comment --comment ssh -j ACCEPT",
              "-A FILTERS -p tcp -m tcp --dport 2377 -m set --match-set swarm-nodes src -j ACCEPT",
              "-A FILTERS -p tcp -m tcp --dport 7946 -m set --match-set swarm-nodes src -j ACCEPT",
              "-A FILTERS -j REJECT --reject-with icmp-port-unreachable");

      apply(ns, dir);
      assertThat(save(ns)).isEqualTo(once);
    } finally {
      FermLab.delete(dir);
    }
  }

  /** Docker 28 with an encrypted overlay network: its INPUT drop and its mangle OUTPUT mark. */
  private static String encryptedOverlay() {
    try (var in = PreservesKernelTest.class.getResourceAsStream("swarm-encrypted-28-S.txt")) {
      if (in == null) {
        throw new IllegalStateException("missing test resource swarm-encrypted-28-S.txt");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void fermKeepsTheMarkDockerSetsInMangleForEncryptedOverlays(KernelLab lab) {
    Netns ns = lab.namespace("mangle");
    String dump = encryptedOverlay();
    DockerDump.load(ns, "iptables-legacy", dump);
    String mark =
        "-A OUTPUT -p udp -m udp --dport 4789 -m u32 --u32"
            + " \"0x0>>0x16&0x3c@0xc&0xffffff00=0x100100\""
            + " -j MARK --set-xmark 0xd0c4e3/0xffffffff";
    String before = save(ns);
    assertThat(chainLines(before, "mangle", "OUTPUT"))
        .containsExactly(":OUTPUT ACCEPT [0:0]", mark);
    Path dir = FermLab.write(FermRenderer.provider().bundle(Rulesets.swarmHost()).files());
    try {
      apply(ns, dir);
      String once = save(ns);
      assertThat(chainLines(once, "mangle", "OUTPUT"))
          .containsExactly(":OUTPUT ACCEPT [0:0]", mark);
      assertThat(dockerChains(once, dump)).isEqualTo(dockerChains(before, dump));
      apply(ns, dir);
      assertThat(save(ns)).isEqualTo(once);
    } finally {
      FermLab.delete(dir);
    }
  }

  /**
   * Docker 27's daemon start plus one swarm ingress port, as moby's iptablesdoc new-daemon.md shows
   * it for that layout (filter and nat, {@code iptables -S}).
   */
  private static final String DOCKER_27 =
      """
      # ---- table filter
      -P INPUT ACCEPT
      -P FORWARD DROP
      -P OUTPUT ACCEPT
      -N DOCKER
      -N DOCKER-INGRESS
      -N DOCKER-ISOLATION-STAGE-1
      -N DOCKER-ISOLATION-STAGE-2
      -N DOCKER-USER
      -A FORWARD -j DOCKER-USER
      -A FORWARD -j DOCKER-INGRESS
      -A FORWARD -j DOCKER-ISOLATION-STAGE-1
      -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
      -A FORWARD -o docker0 -j DOCKER
      -A FORWARD -i docker0 ! -o docker0 -j ACCEPT
      -A FORWARD -i docker0 -o docker0 -j ACCEPT
      -A DOCKER ! -i docker0 -o docker0 -j DROP
      -A DOCKER-INGRESS -p tcp -m tcp --dport 8080 -j ACCEPT
      -A DOCKER-INGRESS -j RETURN
      -A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2
      -A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP
      -A DOCKER-USER -j RETURN
      # ---- table nat
      -P PREROUTING ACCEPT
      -P INPUT ACCEPT
      -P OUTPUT ACCEPT
      -P POSTROUTING ACCEPT
      -N DOCKER
      -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
      -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
      -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
      -A DOCKER -i docker0 -j RETURN
      """;

  @Test
  void theDocker27LayoutKeepsTheIsolationChainsAndRulesInForward(KernelLab lab) {
    Netns ns = lab.namespace("docker27");
    DockerDump.load(ns, "iptables-legacy", DOCKER_27);
    String before = save(ns);
    Path dir =
        FermLab.write(
            FermRenderer.builder()
                .dockerLayout(DockerLayout.UP_TO_27)
                .build()
                .bundle(Rulesets.swarmHost())
                .files());
    try {
      apply(ns, dir);
      String once = save(ns);
      assertThat(dockerChains(once, DOCKER_27)).isEqualTo(dockerChains(before, DOCKER_27));
      assertThat(chainLines(once, "filter", "FORWARD")).hasSize(8);
      assertThat(chainLines(once, "filter", "FILTERS")).hasSize(8);
      apply(ns, dir);
      assertThat(save(ns)).isEqualTo(once);
    } finally {
      FermLab.delete(dir);
    }
  }

  @Test
  void fermWritesNothingIntoTheNftTables(KernelLab lab) {
    Netns ns = lab.namespace("flavour");
    DockerDump.load(ns, "iptables-legacy", Fixtures.read(SWARM));
    Path dir = FermLab.write(FermRenderer.provider().bundle(Rulesets.swarmHost()).files());
    try {
      apply(ns, dir);
      assertThat(ns.run("iptables-nft-save")).doesNotContain("FILTERS").doesNotContain("DOCKER");
      assertThat(save(ns)).contains(":FILTERS - [0:0]");
    } finally {
      FermLab.delete(dir);
    }
  }

  @Test
  void fermWithoutThePreserveListWipesDockersChains(KernelLab lab) {
    Netns ns = lab.namespace("own");
    String dump = Fixtures.read(SWARM);
    DockerDump.load(ns, "iptables-legacy", dump);
    Ruleset ruleset = Rulesets.swarmHost();
    Path dir =
        FermLab.write(
            FermRenderer.builder()
                .mode(dev.rampart.core.RenderMode.OWN)
                .build()
                .bundle(ruleset)
                .files());
    try {
      apply(ns, dir);
      assertThat(chainLines(save(ns), "filter", "DOCKER-FORWARD")).isEmpty();
      assertThat(chainLines(save(ns), "filter", "FORWARD"))
          .isEqualTo(ImmutableList.of(":FORWARD ACCEPT [0:0]"));
    } finally {
      FermLab.delete(dir);
    }
  }
}
