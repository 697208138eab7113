package dev.rampart.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.RenderMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return new Cli(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(List.of(args));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void rendersTheSwarmManagerByDefault() {
    assertThat(run()).isZero();
    String byDefault = out();
    out.reset();
    assertThat(run("render", "swarm-manager", "--format", "iptables")).isZero();
    assertThat(byDefault).isEqualTo(out());
  }

  @Test
  void rendersTheNodeNamedByNodeAndTheFirstManagerWithout() {
    assertThat(run("render", "cluster", "--format", "iptables", "--node", "w1")).isZero();
    String w1 = out();
    out.reset();
    assertThat(run("render", "--node", "m1", "cluster", "--format", "iptables")).isZero();
    String m1 = out();
    out.reset();
    assertThat(run("render", "cluster", "--format", "iptables")).isZero();
    assertThat(out()).isEqualTo(m1);
    assertThat(m1).contains("--dport 2377");
    assertThat(w1).doesNotContain("--dport 2377").contains("--dport 7946");
  }

  @Test
  void bundlesTheNodeNamedByNode(@TempDir Path dir) throws IOException {
    assertThat(run("bundle", "cluster", dir.toString(), "--node", "w2")).isZero();
    assertThat(Files.readString(dir.resolve("iptables/rules.v4")))
        .isEqualTo(
            dev.rampart.render.iptables.IptablesRenderer.bundle(
                    ClusterScenario.CLUSTER.ruleset("w2"), dev.rampart.core.RenderMode.COEXIST)
                .get("rules.v4"));
  }

  @Test
  void failsWithOneLineAndStatusTwoOnAnUnknownNode() {
    assertThat(run("render", "cluster", "--format", "iptables", "--node", "w9")).isEqualTo(2);
    assertThat(run("render", "minimal-host", "--format", "iptables", "--node", "m1")).isEqualTo(2);
    assertThat(run("bundle", "cluster", "/nonexistent", "--node")).isEqualTo(2);
    assertThat(err())
        .isEqualTo(
            "rampart-samples: unknown node: w9 (nodes: m1, w1, w2)\n"
                + "rampart-samples: scenario minimal-host has no nodes: drop --node\n"
                + "rampart-samples: --node needs a value\n");
    assertThat(out()).isEmpty();
  }

  @Test
  void rendersTheDefaultScenarioWithoutArguments() {
    assertThat(run()).isZero();
    assertThat(out())
        .startsWith("*filter\n")
        .contains(":FILTERS - [0:0]", ":DOCKER-USER - [0:0]")
        .doesNotContain(":DOCKER-FORWARD", ":INPUT", ":FORWARD")
        .endsWith("COMMIT\n");
    assertThat(err()).startsWith("usage: rampart-samples");
  }

  @Test
  void defaultsToCoexistForPoliciesThatDeclareDockersChainsOnly() {
    assertThat(Cli.defaultMode(Scenarios.named("swarm-manager").orElseThrow().ruleset()))
        .isEqualTo(RenderMode.COEXIST);
    assertThat(Cli.defaultMode(new MinimalHost().ruleset())).isEqualTo(RenderMode.OWN);
    assertThat(run("render", "minimal-host", "--format", "iptables")).isZero();
    assertThat(out()).contains(":INPUT DROP [0:0]");
  }

  @Test
  void listsOneScenarioPerLineNameFirst() {
    assertThat(run("list")).isZero();
    assertThat(out().lines())
        .hasSize(Scenarios.all().size())
        .allSatisfy(l -> assertThat(l).matches("[a-z0-9-]+\t.+"));
    assertThat(out()).startsWith("swarm-manager\t");
  }

  @Test
  void rendersEachFormatOfTheIptablesBackend() {
    assertThat(run("render", "minimal-host", "--format", "ip6tables")).isZero();
    assertThat(out()).contains("-p ipv6-icmp").doesNotContain("-p icmp ");
    out.reset();
    assertThat(run("render", "minimal-host", "--format", "iptables", "--mode", "coexist")).isZero();
    assertThat(out()).contains(":FILTERS - [0:0]").doesNotContain(":INPUT");
    out.reset();
    assertThat(run("render", "minimal-host", "--format", "ipset")).isZero();
  }

  @Test
  void failsWithOneLineAndStatusTwoOnAnUnknownScenario() {
    assertThat(run("render", "no-such", "--format", "iptables")).isEqualTo(2);
    assertThat(err()).isEqualTo("rampart-samples: unknown scenario: no-such (try: list)\n");
    assertThat(out()).isEmpty();
  }

  @Test
  void failsWithOneLineAndStatusTwoOnAnUnknownFormat() {
    assertThat(run("render", "minimal-host", "--format", "pf")).isEqualTo(2);
    assertThat(err()).startsWith("rampart-samples: unknown format: pf (available: iptables");
    assertThat(err().lines()).hasSize(1);
  }

  @Test
  void failsWithStatusTwoOnAnUnknownModeOrCommand() {
    assertThat(run("render", "minimal-host", "--format", "iptables", "--mode", "x")).isEqualTo(2);
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(err())
        .isEqualTo(
            "rampart-samples: unknown mode: x (own or coexist)\n"
                + "rampart-samples: unknown command: frobnicate\n");
  }

  @Test
  void bundlesEveryArtifactOfTheIptablesBackend(@TempDir Path dir) throws IOException {
    assertThat(run("bundle", "minimal-host", dir.toString())).isZero();
    Path ipt = dir.resolve("iptables");
    assertThat(ipt.resolve("rules.v4")).exists();
    assertThat(ipt.resolve("rules.v6")).exists();
    assertThat(ipt.resolve("ipset.rules")).exists();
    assertThat(Files.isExecutable(ipt.resolve("apply.sh"))).isTrue();
    assertThat(Files.readString(ipt.resolve("rules.v4"))).contains(":FILTERS - [0:0]");
    Path ferm = dir.resolve("ferm");
    assertThat(ferm.resolve("ferm.conf")).exists();
    assertThat(ferm.resolve("ferm.d")).isDirectory();
    assertThat(Files.isExecutable(ferm.resolve("apply.sh"))).isTrue();
    Path nft = dir.resolve("nftables");
    assertThat(Files.readString(nft.resolve("rules.nft"))).contains("table inet rampart");
    assertThat(Files.isExecutable(nft.resolve("apply.sh"))).isTrue();
  }

  @Test
  void rendersTheFermFormat() {
    assertThat(run("render", "minimal-host", "--format", "ferm")).isZero();
    assertThat(out()).contains("domain (ip ip6)").contains("dport 22");
  }

  @Test
  void rendersTheNftablesFormat() {
    assertThat(run("render", "minimal-host", "--format", "nftables")).isZero();
    assertThat(out()).contains("table inet rampart").contains("tcp dport 22");
  }

  @Test
  void checksADumpAndSummarizesIt(@TempDir Path dir) throws IOException {
    Path dump = dir.resolve("save.txt");
    Files.writeString(
        dump,
        "# Generated by iptables-save v1.8.9 (nf_tables)\n"
            + "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + ":DOCKER-USER - [0:0]\n"
            + "-A INPUT -m set --match-set trusted src -j ACCEPT\n"
            + "-A INPUT -m recent --name ssh --rcheck -j DROP\n"
            + "-A FORWARD -j DOCKER-USER\n"
            + "COMMIT\n"
            + "*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + "-A PREROUTING -i eth1 -j TRACE\nCOMMIT\n");

    assertThat(run("check", dump.toString())).isZero();

    assertThat(out())
        .isEqualTo(
            "format: iptables-save\n"
                + "ipv4 filter: 4 chains, 3 rules\n"
                + "ipv4 raw: 2 chains, 1 rules\n"
                + "sets referenced: trusted\n"
                + "opaque matches: recent 1\n"
                + "opaque targets: TRACE 1\n");
    assertThat(err()).isEmpty();
  }

  @Test
  void checksAnIptablesDashSDump(@TempDir Path dir) throws IOException {
    Path dump = dir.resolve("s.txt");
    Files.writeString(
        dump, "-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n-A INPUT -i lo -j ACCEPT\n");

    assertThat(run("check", dump.toString())).isZero();

    assertThat(out()).startsWith("format: iptables -S\nipv4 filter: 3 chains, 1 rules\n");
  }

  @Test
  void failsWithTheLineAndStatusOneOnADumpThatDoesNotParse(@TempDir Path dir) throws IOException {
    Path dump = dir.resolve("cut.txt");
    Files.writeString(dump, "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport\n");

    assertThat(run("check", dump.toString())).isEqualTo(1);

    assertThat(err())
        .isEqualTo(
            "rampart-samples: "
                + dump
                + ": line 3: option --dport needs a value: -A INPUT -p tcp --dport\n");
    assertThat(out()).isEmpty();
  }
}
