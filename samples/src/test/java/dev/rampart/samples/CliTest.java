package dev.rampart.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.ChainPolicy;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Ruleset;
import dev.rampart.dsl.Rampart;
import dev.rampart.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.Assumptions;
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
  void rendersTheMinimalHostInOwnModeByDefault() {
    assertThat(run()).isZero();
    String byDefault = out();
    out.reset();
    assertThat(run("render", "minimal-host", "--format", "iptables", "--mode", "own")).isZero();
    assertThat(byDefault).isEqualTo(out());
  }

  @Test
  void rendersTheNodeNamedByNodeAndTheFirstManagerWithout() {
    assertThat(run("render", "cluster", "--format", "iptables", "--node", "w1", "--mode", "own"))
        .isZero();
    String w1 = out();
    out.reset();
    assertThat(run("render", "--node", "m1", "cluster", "--format", "iptables", "--mode", "own"))
        .isZero();
    String m1 = out();
    out.reset();
    assertThat(run("render", "cluster", "--format", "iptables", "--mode", "own")).isZero();
    assertThat(out()).isEqualTo(m1);
    assertThat(m1).contains("--dport 2377");
    assertThat(w1).doesNotContain("--dport 2377").contains("--dport 7946");
  }

  @Test
  void bundlesTheNodeNamedByNode(@TempDir Path dir) throws IOException {
    assertThat(run("bundle", "cluster", dir.toString(), "--node", "w2")).isZero();
    assertThat(Files.readString(dir.resolve("iptables/coexist.v4")))
        .isEqualTo(
            dev.rampart.render.iptables.IptablesRenderer.of(dev.rampart.core.RenderMode.COEXIST)
                .bundle(ClusterScenario.cluster().ruleset("w2"))
                .file("coexist.v4"));
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
  void printsACompletePolicyAndNothingElseWithoutArguments() {
    assertThat(run()).isZero();
    assertThat(out())
        .startsWith("*filter\n")
        .contains(":INPUT DROP [0:0]", "-A INPUT -j FILTERS", ":FILTERS - [0:0]")
        .endsWith("COMMIT\n");
    assertThat(err()).isEmpty();
  }

  @Test
  void refusesIptablesTextInCoexistModeWithAPointerToBundle() {
    assertThat(run("render", "minimal-host", "--format", "iptables", "--mode", "coexist"))
        .isEqualTo(2);
    assertThat(run("render", "swarm-manager", "--format", "ip6tables")).isEqualTo(2);
    assertThat(err())
        .isEqualTo(
            "rampart-samples: render: iptables text in coexist mode lacks the INPUT jump, the"
                + " built-in chains' rules and policies (only the bundle's apply.sh adds them):"
                + " run bundle minimal-host DIR, or give --mode own for a host without Docker\n"
                + "rampart-samples: render: ip6tables text in coexist mode lacks the INPUT jump,"
                + " the built-in chains' rules and policies (only the bundle's apply.sh adds"
                + " them): run bundle swarm-manager DIR, or give --mode own for a host without"
                + " Docker\n");
    assertThat(out()).isEmpty();
  }

  @Test
  void rendersTheOtherFormatsInCoexistMode() {
    assertThat(run("render", "swarm-manager", "--format", "nftables")).isZero();
    assertThat(out()).contains("table inet rampart");
    out.reset();
    assertThat(run("render", "swarm-manager", "--format", "ferm")).isZero();
    assertThat(out()).contains("@preserve");
  }

  @Test
  void printsTheHelpAndTheVersion() throws IOException {
    assertThat(run("--help")).isZero();
    assertThat(out()).startsWith("usage: rampart-samples").contains("--version");
    out.reset();
    assertThat(run("--version")).isZero();
    assertThat(out()).isEqualTo("rampart-samples " + Cli.version() + "\n");
    assertThat(Cli.version()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    assertThat(err()).isEmpty();
  }

  @Test
  void acceptsAnOptionAndItsValueJoinedByAnEqualsSign() {
    assertThat(run("render", "cluster", "--format=iptables", "--node=w1", "--mode=own")).isZero();
    String joined = out();
    out.reset();
    assertThat(run("render", "cluster", "--format", "iptables", "--node", "w1", "--mode", "own"))
        .isZero();
    assertThat(joined).isEqualTo(out()).contains("--dport 7946");
  }

  @Test
  void refusesAnOptionGivenTwice(@TempDir Path tmp) {
    assertThat(run("render", "minimal-host", "--format", "nftables", "--format=iptables"))
        .isEqualTo(2);
    assertThat(run("render", "minimal-host", "--format", "ferm", "--mode", "own", "--mode", "own"))
        .isEqualTo(2);
    assertThat(run("bundle", "minimal-host", tmp.resolve("out").toString(), "--force", "--force"))
        .isEqualTo(2);
    assertThat(err())
        .isEqualTo(
            "rampart-samples: render: option given twice: --format\n"
                + "rampart-samples: render: option given twice: --mode\n"
                + "rampart-samples: bundle: option given twice: --force\n");
    assertThat(out()).isEmpty();
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void refusesAnUnknownOptionAndAValueOnAFlag() {
    assertThat(run("render", "minimal-host", "--format", "ferm", "--colour")).isEqualTo(2);
    assertThat(run("bundle", "minimal-host", "dir", "--force=yes")).isEqualTo(2);
    assertThat(err())
        .isEqualTo(
            "rampart-samples: render: unknown option: --colour\n"
                + "rampart-samples: bundle: option takes no value: --force=yes\n");
  }

  @Test
  void echoesValuesEscapedOnOneLine() {
    assertThat(run("render", "no\nsuch\u00e9", "--format", "ferm")).isEqualTo(2);
    assertThat(run("render", "minimal-host", "--format", "p\tf")).isEqualTo(2);
    assertThat(run("render", "minimal-host", "--format", "ferm", "--mode", "x\ry")).isEqualTo(2);
    assertThat(run("render", "cluster", "--format", "ferm", "--node", "w\\1")).isEqualTo(2);
    assertThat(run("frob\nnicate")).isEqualTo(2);
    assertThat(err().lines())
        .containsExactly(
            "rampart-samples: unknown scenario: no\\nsuch\\xe9 (try: list)",
            "rampart-samples: unknown format: p\\tf (available: iptables, ip6tables, ipset,"
                + " ferm, nftables)",
            "rampart-samples: unknown mode: x\\ry (own or coexist)",
            "rampart-samples: unknown node: w\\\\1 (nodes: m1, w1, w2)",
            "rampart-samples: unknown command: frob\\nnicate");
  }

  /** The guides' IPv4-only policy: SSH from one IPv4 network, INPUT DROP in both families. */
  private static final Scenario GUIDE =
      new Scenario() {
        @Override
        public String name() {
          return "guide";
        }

        @Override
        public String description() {
          return "the guides' IPv4-only policy";
        }

        @Override
        public Ruleset ruleset() {
          return Rampart.ruleset()
              .adminSources("203.0.113.0/24")
              .filter(
                  t ->
                      t.chain(
                          Rampart.INPUT,
                          c ->
                              c.policy(ChainPolicy.DROP)
                                  .rule(r -> r.src("203.0.113.0/24").tcp().dport(22).accept())))
              .build();
        }
      };

  private int runWithGuide(String... args) {
    return new Cli(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            name -> name.equals("guide") ? Optional.of(GUIDE) : Scenarios.named(name))
        .run(List.of(args));
  }

  @Test
  void reportsALockoutRefusalOfRenderAsOneLineWithStatusOne() {
    assertThat(runWithGuide("render", "guide", "--format", "nftables")).isEqualTo(1);
    assertThat(out()).isEmpty();
    assertThat(err())
        .startsWith(
            "rampart-samples: ipv6 table filter, chain INPUT: admin access would be dropped"
                + " (accept it, or call allowLockout() if that is meant): port 22/tcp from admin"
                + " source ::/0 on interface eth0")
        .endsWith("DROPPED by ipv6 table filter, chain INPUT: policy DROP\n")
        .hasLineCount(1);
  }

  @Test
  void reportsALockoutRefusalOfBundleAsOneLineWithStatusOne(@TempDir Path dir) {
    assertThat(runWithGuide("bundle", "guide", dir.resolve("out").toString())).isEqualTo(1);
    assertThat(err())
        .startsWith(
            "rampart-samples: ipv6 table filter, chain INPUT: admin access would be dropped")
        .hasLineCount(1);
  }

  @Test
  void failsWithOneLineAndStatusOneWhenTheOutputCannotBeWritten() {
    OutputStream broken =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("Broken pipe");
          }
        };
    int status =
        new Cli(
                new PrintStream(broken, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .run(List.of("render", "minimal-host", "--format", "nftables"));
    assertThat(status).isEqualTo(1);
    assertThat(err())
        .isEqualTo("rampart-samples: standard output: i/o error: the output is incomplete\n");
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
    assertThat(ipt.resolve("coexist.v4")).exists();
    assertThat(ipt.resolve("coexist.v6")).exists();
    assertThat(ipt.resolve("ipset.rules")).exists();
    assertThat(Files.isExecutable(ipt.resolve("apply.sh"))).isTrue();
    assertThat(Files.readString(ipt.resolve("coexist.v4"))).contains(":FILTERS - [0:0]");
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
  void refusesAnEmptyBundleDirectory() {
    assertThat(run("bundle", "minimal-host", "")).isEqualTo(2);
    assertThat(err()).isEqualTo("rampart-samples: bundle: empty directory name: \"\"\n");
  }

  @Test
  void refusesANonEmptyDirectoryWithoutForce(@TempDir Path tmp) throws IOException {
    Path target = Files.createDirectory(tmp.resolve("out"));
    Files.writeString(target.resolve("notes"), "mine");
    assertThat(run("bundle", "minimal-host", target.toString())).isEqualTo(1);
    assertThat(err())
        .isEqualTo(
            "rampart-samples: bundle: directory not empty (--force replaces the files a bundle"
                + " wrote): "
                + target
                + "\n");
    assertThat(target.resolve("iptables")).doesNotExist();
  }

  @Test
  void doesNotFollowASymlinkPlantedInTheTarget(@TempDir Path tmp) throws IOException {
    Path victim = Files.writeString(tmp.resolve("victim"), "victim\n");
    Path target = Files.createDirectory(tmp.resolve("out"));
    Files.createDirectory(target.resolve("iptables"));
    Files.createSymbolicLink(target.resolve("iptables/apply.sh"), victim);
    Files.createSymbolicLink(target.resolve("iptables/coexist.v4"), victim);
    assertThat(run("bundle", "minimal-host", target.toString(), "--force")).isZero();
    assertThat(Files.readString(victim)).isEqualTo("victim\n");
    assertThat(Files.isExecutable(victim)).isFalse();
    assertThat(Files.isSymbolicLink(target.resolve("iptables/apply.sh"))).isFalse();
    assertThat(Files.readString(target.resolve("iptables/coexist.v4"))).contains(":FILTERS");
  }

  @Test
  void refusesATargetThatIsASymlink(@TempDir Path tmp) throws IOException {
    Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
    Path link = Files.createSymbolicLink(tmp.resolve("out"), elsewhere);
    assertThat(run("bundle", "minimal-host", link.toString())).isEqualTo(1);
    assertThat(err()).isEqualTo("rampart-samples: bundle: a symbolic link: " + link + "\n");
    assertThat(elsewhere).isEmptyDirectory();
  }

  @Test
  void refusesADirectoryOwnedByAnotherUser(@TempDir Path tmp) throws IOException {
    Assumptions.assumeThat(System.getProperty("user.name"))
        .as("chown needs root")
        .isEqualTo("root");
    Path target = Files.createDirectory(tmp.resolve("out"));
    Files.setAttribute(target, "unix:uid", 4321, LinkOption.NOFOLLOW_LINKS);
    assertThat(run("bundle", "minimal-host", target.toString())).isEqualTo(1);
    assertThat(err())
        .isEqualTo("rampart-samples: bundle: owned by another user (uid 4321): " + target + "\n");
    assertThat(target).isEmptyDirectory();
  }

  @Test
  void refusesAWorldWritableDirectory(@TempDir Path tmp) throws IOException {
    Path target = Files.createDirectory(tmp.resolve("out"));
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThat(run("bundle", "minimal-host", target.toString())).isEqualTo(1);
    assertThat(err())
        .isEqualTo("rampart-samples: bundle: writable by group or others: " + target + "\n");
    assertThat(target).isEmptyDirectory();
  }

  @Test
  void forceRemovesStaleFilesOfTheLastBundleAndKeepsTheOperators(@TempDir Path tmp)
      throws IOException {
    Path target = tmp.resolve("out");
    assertThat(run("bundle", "swarm-manager", target.toString())).isZero();
    assertThat(Files.readString(target.resolve("iptables/coexist.v4"))).contains("--dport 2377 ");
    Path stale = target.resolve("ferm/ferm.d/30-docker-user.ferm");
    assertThat(stale).exists();
    Path mine = Files.writeString(target.resolve("ferm/ferm.d/50-mine.ferm"), "# mine\n");
    assertThat(run("bundle", "minimal-host", target.toString(), "--force")).isZero();
    assertThat(stale).doesNotExist();
    assertThat(mine).hasContent("# mine");
    assertThat(Files.readString(target.resolve("iptables/coexist.v4")))
        .contains("--dport 22 ")
        .doesNotContain("--dport 2377");
  }

  @Test
  void printsOneLineWithoutAnExceptionNameOnAnIoError(@TempDir Path tmp) {
    Path target = tmp.resolve("missing/out");
    assertThat(run("bundle", "minimal-host", target.toString())).isEqualTo(1);
    assertThat(err())
        .isEqualTo("rampart-samples: bundle: no such directory: " + target.getParent() + "\n");
  }

  @Test
  void traceFirstPrintsTheVerdictWithTheDecidingRuleThenTheTrace() {
    assertThat(
            run(
                "trace",
                "minimal-host",
                "--packet",
                "tcp 203.0.113.9:40000 > 198.51.100.1:22 in eth0 state new"))
        .isZero();

    String[] lines = out().split("\n");
    assertThat(lines[0]).startsWith("ACCEPT by ipv4 table filter, chain ").contains("--dport 22");
    assertThat(lines[1])
        .isEqualTo("packet: tcp 203.0.113.9:40000 > 198.51.100.1:22 in eth0 state new");
    assertThat(lines[2]).isEqualTo("route: INPUT to 198.51.100.1:22");
    assertThat(lines[3]).isEqualTo("trace:");
    assertThat(err()).isEmpty();
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
  void traceNamesThePolicyThatDropsAPortNobodyOpened() {
    assertThat(
            run(
                "trace",
                "minimal-host",
                "--packet",
                "tcp 203.0.113.9:40000 > 198.51.100.1:25 in eth0 state new"))
        .isZero();

    assertThat(out()).startsWith("DROP by ipv4 table filter, chain INPUT: policy DROP\n");
  }

  @Test
  void traceOnAnotherHostRoutesOnIt() {
    assertThat(
            run(
                "trace",
                "minimal-host",
                "--packet",
                "tcp 203.0.113.9:40000 > 198.51.100.1:22 in eth0 state new",
                "--host",
                "eth0=198.51.100.7/24,default=eth0"))
        .isZero();

    assertThat(out()).contains("\nroute: FORWARD to 198.51.100.1:22 out eth0\n");
  }

  @Test
  void traceWithABadPacketPrintsOneLineAndExitsWithTwo() {
    assertThat(run("trace", "minimal-host", "--packet", "tcpx 1 > 2")).isEqualTo(2);

    assertThat(err()).isEqualTo("rampart-samples: packet: unknown protocol: tcpx\n");
    assertThat(out()).isEmpty();
  }

  @Test
  void traceWithABadHostPrintsOneLineAndExitsWithTwo() {
    assertThat(
            run(
                "trace",
                "minimal-host",
                "--packet",
                "tcp 203.0.113.9:40000 > 198.51.100.1:22",
                "--host",
                "eth0=bad"))
        .isEqualTo(2);

    assertThat(err())
        .isEqualTo("rampart-samples: host: interface eth0: not an address/prefix: bad\n");
  }

  @Test
  void traceWithoutAPacketIsAUsageError() {
    assertThat(run("trace", "minimal-host")).isEqualTo(2);

    assertThat(err()).isEqualTo("rampart-samples: trace needs --packet\n");
  }

  @Test
  void checksAnIptablesDashSDump(@TempDir Path dir) throws IOException {
    Path dump = dir.resolve("s.txt");
    Files.writeString(
        dump, "-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n-A INPUT -i lo -j ACCEPT\n");

    // the policy accepts what the one rule accepts: a finding, so exit 3
    assertThat(run("check", dump.toString())).isEqualTo(3);

    assertThat(out())
        .startsWith("format: iptables -S\nipv4 filter: 3 chains, 1 rules\n")
        .endsWith(
            "ipv4 table filter, chain INPUT, rule 1: redundant rule, later rules decide its"
                + " packets the same way: -i lo -j ACCEPT  covered by: ipv4 table filter, chain"
                + " INPUT\n");
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

  private static Path dockerDump(Path dir) throws IOException {
    Path dump = dir.resolve("docker.txt");
    Files.writeString(dump, Fixtures.read("docker/swarm-portmap-28-S.txt"));
    return dump;
  }

  @Test
  void traceReadsADumpFileThatIsNotAScenarioName(@TempDir Path dir) throws IOException {
    Path dump = dockerDump(dir);

    assertThat(
            run(
                "trace",
                dump.toString(),
                "--packet",
                "tcp 203.0.113.9:40000 > 198.51.100.1:8080 in eth0 state new"))
        .isZero();

    String[] lines = out().split("\n");
    assertThat(lines[0]).startsWith("ACCEPT by ipv4 table filter, chain DOCKER-INGRESS, rule 1");
    assertThat(lines[2]).isEqualTo("route: FORWARD to 172.18.0.2:8080 out docker_gwbridge");
    assertThat(err()).isEmpty();
  }

  @Test
  void traceWithDockerPutsTheScenariosPolicyOverTheDump(@TempDir Path dir) throws IOException {
    Path dump = dockerDump(dir);
    String packet = "tcp 203.0.113.9:40000 > 198.51.100.1:8080 in eth0 state new";

    assertThat(run("trace", "ingress-lockdown", "--docker", dump.toString(), "--packet", packet))
        .isZero();

    assertThat(out())
        .startsWith("DROP by ipv4 table filter, chain DOCKER-USER, rule 8: -j DROP")
        .contains("\n  # dnat: destination now 172.18.0.2:8080\n");
    out.reset();
    String internal = "tcp 172.16.5.5:40000 > 198.51.100.1:8080 in eth0 state new";
    assertThat(run("trace", "ingress-lockdown", "--docker", dump.toString(), "--packet", internal))
        .isZero();
    assertThat(out())
        .startsWith("ACCEPT by ipv4 table filter, chain DOCKER-INGRESS, rule 1")
        .contains("\nroute: FORWARD to 172.18.0.2:8080 out docker_gwbridge\n");
    assertThat(err()).isEmpty();
  }

  @Test
  void traceOfADumpThatDoesNotParseNamesTheLineAndExitsWithTwo(@TempDir Path dir)
      throws IOException {
    Path dump = dir.resolve("cut.txt");
    Files.writeString(dump, "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport\n");

    assertThat(run("trace", dump.toString(), "--packet", "tcp 203.0.113.9:40000 > 198.51.100.1:22"))
        .isEqualTo(2);

    assertThat(err())
        .isEqualTo(
            "rampart-samples: trace: "
                + dump
                + ": line 3: option --dport needs a value: -A INPUT -p tcp --dport\n");
    assertThat(out()).isEmpty();
  }

  @Test
  void traceWithADockerDumpThatDoesNotParseNamesTheLineAndExitsWithTwo(@TempDir Path dir)
      throws IOException {
    Path dump = dir.resolve("cut.txt");
    Files.writeString(dump, "-P INPUT ACCEPT\n-A INPUT -j\n");

    assertThat(
            run(
                "trace",
                "ingress-lockdown",
                "--docker",
                dump.toString(),
                "--packet",
                "tcp 203.0.113.9:40000 > 198.51.100.1:22"))
        .isEqualTo(2);

    assertThat(err()).startsWith("rampart-samples: --docker: " + dump + ": line 2: ");
    assertThat(err().lines()).hasSize(1);
  }

  @Test
  void traceOfAnUnreadableDumpExitsWithOne(@TempDir Path dir) {
    assertThat(run("trace", dir.toString(), "--packet", "tcp 203.0.113.9:40000 > 198.51.100.1:22"))
        .isEqualTo(1);

    assertThat(err()).startsWith("rampart-samples: ");
    assertThat(err().lines()).hasSize(1);
  }

  @Test
  void traceOfNeitherAScenarioNorAFileIsAUsageError() {
    assertThat(run("trace", "no-such", "--packet", "tcp 203.0.113.9:40000 > 198.51.100.1:22"))
        .isEqualTo(2);

    assertThat(err())
        .isEqualTo("rampart-samples: trace: no such scenario or file: no-such (try: list)\n");
  }

  @Test
  void traceRefusesDockerOnADumpFile(@TempDir Path dir) throws IOException {
    Path dump = dockerDump(dir);

    assertThat(
            run(
                "trace",
                dump.toString(),
                "--docker",
                dump.toString(),
                "--packet",
                "tcp 203.0.113.9:40000 > 198.51.100.1:22"))
        .isEqualTo(2);

    assertThat(err())
        .isEqualTo(
            "rampart-samples: trace: --docker and --node need a scenario, not a dump file: "
                + dump
                + "\n");
  }
}
