package dev.rampart.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalysisCommandsTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return new Cli(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(List.of(args));
  }

  private List<String> lines() {
    return Arrays.asList(out.toString(StandardCharsets.UTF_8).split("\n"));
  }

  @Test
  void theMinimalHostExposesSshAndTheIcmpEssentialsOnly() {
    assertThat(run("exposure", "minimal-host", "--tsv")).isZero();

    // FILTERS: replies, lo, icmp 3, icmp 11, ping (rate limited), ssh
    assertThat(lines())
        .allSatisfy(l -> assertThat(l).matches("ipv4\t(icmp\t-|tcp\t22)\thost\t.*"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("ipv4\ttcp\t22\thost\t")
                    .endsWith("\tipv4 table filter, chain FILTERS, rule 6"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .endsWith(
                        "ipv4 table filter, chain FILTERS, rule 5 (depends on ipv4 table filter,"
                            + " chain FILTERS, rule 5)"));
  }

  @Test
  void aDumpWithAPublishedPortShowsItForwardedToItsContainer(@TempDir Path dir) throws IOException {
    Path dump = dir.resolve("docker.txt");
    Files.writeString(dump, Fixtures.read("docker/swarm-portmap-28-S.txt"));

    assertThat(run("exposure", dump.toString(), "--tsv")).isZero();

    assertThat(lines())
        .filteredOn(l -> l.contains("172.18.0.2"))
        .singleElement()
        .asString()
        .startsWith("ipv4\ttcp\t8080\t172.18.0.2:8080\t")
        .endsWith("\tipv4 table filter, chain DOCKER-INGRESS, rule 1");
  }

  @Test
  void diffShowsWhatTheManagerOpensBeyondTheMinimalHost() {
    assertThat(run("diff", "minimal-host", "swarm-manager", "--tsv")).isZero();

    // the manager opens 80 and 443 to the world; both keep SSH and the ICMP essentials
    assertThat(lines())
        .hasSize(2)
        .satisfiesExactly(
            l -> assertThat(l).startsWith("+\tipv4\ttcp\t80\thost\t"),
            l -> assertThat(l).startsWith("+\tipv4\ttcp\t443\thost\t"));
  }

  @Test
  void refusesAnUnknownFamilyAsAUsageError() {
    assertThat(run("exposure", "minimal-host", "--family", "ipv5")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("rampart-samples: exposure: --family: ipv4 or ipv6, not ipv5\n");
  }

  @Test
  void refusesASourceSetThePolicyDoesNotHave() {
    assertThat(run("exposure", "minimal-host", "--from", "friends")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "rampart-samples: exposure: --from: no address set of that name in minimal-host:"
                + " friends\n");
  }

  @Test
  void diffNeedsTwoSources() {
    assertThat(run("diff", "minimal-host")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("rampart-samples: diff needs two scenarios or dump files: OLD NEW\n");
  }

  /**
   * The cluster's threat model (see {@link ClusterScenario}), read off the matrix: SSH from the
   * world on every node over both families, 80 on m1 only (its host port), ping rate limited (so
   * "depends"); the mesh ports 443 and 8080 are marked, and without Docker's rules nothing DNATs
   * them, so the nodes' INPUT drops them.
   */
  @Test
  void theClusterIsOneMatrixOfItsNodes() {
    assertThat(run("exposure", "cluster")).isZero();

    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "reachable from internet (4: over ipv4, 6: over ipv6, ?: depends on a rate limit or an"
                + " unknown match, -: not reachable; *: published through the routing mesh)\n"
                + "node  icmp  ipv6-icmp  22/tcp  80/tcp  443/tcp*  8080/tcp*\n"
                + "m1    4?    6?         46      46      -         -\n"
                + "w1    4?    6?         46      -       -         -\n"
                + "w2    4?    6?         46      -       -         -\n");
  }

  /**
   * Over Docker's dump, which publishes 8080 through the mesh (IPv4 only), 8080 is reachable on
   * every node: the admins' 198.51.100.0/24 it is open to is outside the nodes' own subnets, so it
   * is part of the internet. 443 stays closed: that dump does not publish it.
   */
  @Test
  void theClusterMatrixOverDockersDumpShowsThePublishedPortThroughTheMesh(@TempDir Path dir)
      throws IOException {
    Path dump = dir.resolve("docker.txt");
    Files.writeString(dump, Fixtures.read("docker/swarm-portmap-28-S.txt"));

    assertThat(run("exposure", "cluster", "--docker", dump.toString(), "--family", "ipv4"))
        .isZero();

    assertThat(lines())
        .containsExactly(
            "reachable from internet (4: over ipv4, 6: over ipv6, ?: depends on a rate limit or an"
                + " unknown match, -: not reachable; *: published through the routing mesh)",
            "node  icmp  22/tcp  80/tcp  443/tcp*  8080/tcp*",
            "m1    4?    4       4       -         4",
            "w1    4?    4       -       -         4",
            "w2    4?    4       -       -         4");
  }

  @Test
  void theClusterMatrixAsTsvHasOneLinePerCell() {
    assertThat(run("exposure", "cluster", "--tsv")).isZero();

    assertThat(lines())
        .hasSize(18)
        .contains(
            "m1\ticmp\t-\tipv4?\t-",
            "m1\tipv6-icmp\t-\tipv6?\t-",
            "m1\ttcp\t22\tipv4,ipv6\t-",
            "m1\ttcp\t80\tipv4,ipv6\t-",
            "m1\ttcp\t443\t-\tmesh",
            "m1\ttcp\t8080\t-\tmesh",
            "w1\ttcp\t80\t-\t-",
            "w2\ttcp\t22\tipv4,ipv6\t-",
            "w2\ttcp\t8080\t-\tmesh");
  }

  @Test
  void aNodeNamedGivesThatNodesTable() {
    assertThat(run("exposure", "cluster", "--node", "w1", "--tsv")).isZero();

    assertThat(lines()).noneMatch(l -> l.startsWith("node") || l.startsWith("w1\t"));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static Path resource(String name) throws URISyntaxException {
    URL url = AnalysisCommandsTest.class.getResource(name);
    assertThat(url).as(name).isNotNull();
    return Path.of(Objects.requireNonNull(url).toURI());
  }

  @Test
  void checkOfACleanScenarioPrintsNothingAndExitsZero() {
    assertThat(run("check", "minimal-host")).isZero();

    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err()).isEmpty();
  }

  @Test
  void checkOfADumpWithAShadowedRuleNamesItAndExitsThree() throws Exception {
    Path dump = resource("check-shadowed.save");

    assertThat(run("check", dump.toString())).isEqualTo(3);

    assertThat(lines())
        .containsExactly(
            "format: iptables-save",
            "ipv4 filter: 3 chains, 5 rules",
            "sets referenced: none",
            "opaque matches: none",
            "opaque targets: none",
            "ipv4 table filter, chain INPUT, rule 3: dead rule, earlier rules take every packet it"
                + " matches: -s 203.0.113.0/24 -p tcp --dport 22 -j ACCEPT  covered by: ipv4 table"
                + " filter, chain INPUT, rule 1; ipv4 table filter, chain INPUT, rule 2");
    assertThat(err()).isEmpty();
  }

  /** The evaluator agrees: a packet the dead rule matches is decided by rule 2 ahead of it. */
  @Test
  void theRuleCheckCallsDeadIsNeverTheOneThatDecides() throws Exception {
    Path dump = resource("check-shadowed.save");

    assertThat(
            run(
                "trace",
                dump.toString(),
                "--packet",
                "tcp 203.0.113.9:40000 > 198.51.100.1:22 in eth0 state new"))
        .isZero();

    assertThat(lines().get(0)).startsWith("ACCEPT by ipv4 table filter, chain INPUT, rule 2");
  }

  @Test
  void checkOfADumpWithoutFindingsExitsZeroAfterItsSummary(@TempDir Path dir) throws IOException {
    Path dump = dir.resolve("clean.save");
    Files.writeString(
        dump,
        "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + "-A INPUT -i lo -j ACCEPT\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n"
            + "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\nCOMMIT\n");

    assertThat(run("check", dump.toString())).isZero();

    assertThat(lines()).hasSize(5).startsWith("format: iptables-save");
  }

  /** A dump whose INPUT accepts no replies: the host's own connections get none. */
  @Test
  void checkOfADumpDroppingRepliesReportsIt(@TempDir Path dir) throws IOException {
    Path dump = dir.resolve("no-replies.save");
    Files.writeString(
        dump,
        "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + "-A INPUT -i lo -j ACCEPT\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n");

    assertThat(run("check", dump.toString())).isEqualTo(3);

    assertThat(lines())
        .anyMatch(
            l ->
                l.startsWith(
                    "ipv4 table filter, chain INPUT: replies to connections the host opened are"
                        + " dropped here: "));
  }

  @Test
  void checkOverADockerDumpThatDoesNotParseExitsOne(@TempDir Path dir) throws IOException {
    Path dump = dir.resolve("cut.save");
    Files.writeString(dump, "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport\n");

    assertThat(run("check", "minimal-host", "--docker", dump.toString())).isEqualTo(1);

    assertThat(err()).startsWith("rampart-samples: check: --docker: " + dump + ": line 3: ");
  }

  @Test
  void checkWithAnUnknownOptionIsAUsageError() {
    assertThat(run("check", "minimal-host", "--from", "internet")).isEqualTo(2);

    assertThat(err()).isEqualTo("rampart-samples: check: unknown option: --from\n");
  }

  @Test
  void checkOfADumpFileWithDockerIsAUsageError() throws Exception {
    Path dump = resource("check-shadowed.save");

    assertThat(run("check", dump.toString(), "--docker", dump.toString())).isEqualTo(2);

    assertThat(err())
        .isEqualTo(
            "rampart-samples: check: --docker and --node need a scenario, not a dump file: "
                + dump
                + "\n");
  }

  @Test
  void checkOfAnUnknownSourceIsAUsageError() {
    assertThat(run("check", "no-such-scenario")).isEqualTo(2);

    assertThat(err())
        .isEqualTo(
            "rampart-samples: check: no such scenario or file: no-such-scenario (try: list)\n");
  }

  /**
   * Docker's fixture dump has no IPv6 rules, so nothing enters the policy's IPv6 DOCKER-USER; the
   * registry chain (records, never entered) is not a finding; our INPUT jump is first and SSH stays
   * reachable.
   */
  @Test
  void checkOverDockersDumpFindsTheIpv6DockerUserNobodyEnters(@TempDir Path dir)
      throws IOException {
    Path dump = dir.resolve("docker.txt");
    Files.writeString(dump, Fixtures.read("docker/swarm-portmap-28-S.txt"));

    assertThat(run("check", "ingress-lockdown", "--docker", dump.toString())).isEqualTo(3);

    assertThat(lines())
        .contains(
            "ipv6 table filter, chain DOCKER-USER: unreachable chain, no rule jumps to it: 7 rules")
        .noneMatch(l -> l.contains("RAMPART-OWNED"))
        .noneMatch(l -> l.contains("chain INPUT"));
  }

  @Test
  void checkOfADumpDroppingEstablishedPacketsLateNamesTheDropAndExitsThree(@TempDir Path dir)
      throws IOException {
    Path dump = dir.resolve("late.save");
    Files.writeString(
        dump,
        "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + "-A INPUT -p tcp -m conntrack --ctstate NEW -m tcp --dport 22 -j ACCEPT\n"
            + "-A INPUT -p tcp -j DROP\n"
            + "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
            + "COMMIT\n");

    assertThat(run("check", dump.toString())).isEqualTo(3);

    assertThat(lines())
        .anyMatch(
            l ->
                l.startsWith(
                        "ipv4 table filter, chain INPUT, rule 2: established packets of connections"
                            + " accepted new are dropped here: tcp ")
                    && l.endsWith("see: ipv4 table filter, chain INPUT, rule 1"));
  }

  @Test
  void checkOfADumpWhoseDockerUserAcceptsNamesTheAccept(@TempDir Path dir) throws IOException {
    Path dump = dir.resolve("user.save");
    Files.writeString(
        dump,
        "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + ":DOCKER - [0:0]\n:DOCKER-USER - [0:0]\n"
            + "-A FORWARD -j DOCKER-USER\n-A FORWARD -o docker0 -j DOCKER\n"
            + "-A DOCKER-USER -i eth0 -j ACCEPT\nCOMMIT\n");

    assertThat(run("check", dump.toString())).isEqualTo(3);

    assertThat(lines())
        .anyMatch(
            l ->
                l.startsWith(
                    "ipv4 table filter, chain DOCKER-USER, rule 1: accepts packets Docker's chains"
                        + " would drop (allow with RETURN): "));
  }

  @Test
  void checkOfAScenarioOpenAlikeOnBothFamiliesOnADualStackHostExitsZero() {
    assertThat(
            run(
                "check",
                "minimal-host",
                "--host",
                "eth0=198.51.100.1/24,eth0=2001:db8:1::1/64,default=eth0"))
        .isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  /**
   * The swarm scenarios keep every ordering invariant, alone and over Docker's fixture dump: their
   * findings are dead and redundant rules only (none of the invariants' lines is noise about
   * Docker's own behaviour).
   */
  @Test
  void theSwarmScenariosKeepEveryInvariantAloneAndOverDockersDump(@TempDir Path dir)
      throws IOException {
    Path docker = dir.resolve("docker.txt");
    Files.writeString(docker, Fixtures.read("docker/swarm-portmap-28-S.txt"));
    for (String scenario : List.of("swarm-manager", "swarm-worker", "cluster")) {
      for (List<String> extra :
          List.of(List.<String>of(), List.of("--docker", docker.toString()))) {
        out.reset();
        List<String> args = new java.util.ArrayList<>(List.of("check", scenario));
        args.addAll(extra);
        run(args.toArray(String[]::new));
        assertThat(lines())
            .as(scenario + " " + extra)
            .allMatch(
                l ->
                    l.isEmpty()
                        || l.contains(": dead rule")
                        || l.contains(": redundant rule")
                        || l.contains(": unreachable chain"));
      }
    }
  }

  /**
   * Over a Docker dump with an encrypted overlay (Docker's drop of plain VXLAN in INPUT), the
   * unencrypted worker preset accepts plain VXLAN from the trusted nodes (rule 8) and everything on
   * its internal interface (rule 9) in its chain, which our jump puts ahead of Docker's drop: a
   * finding at each.
   */
  @Test
  void checkOverAnEncryptedOverlayDumpNamesThePlainVxlanAccept() throws Exception {
    Path dump = resource("swarm-encrypted-28-S.txt");

    assertThat(run("check", "swarm-worker", "--docker", dump.toString())).isEqualTo(3);

    assertThat(lines())
        .filteredOn(l -> l.contains("VXLAN"))
        .containsExactly(
            "ipv4 table filter, chain FILTERS, rule 8: accepts VXLAN without IPsec ahead of"
                + " Docker's encrypted-overlay drop: udp 10.10.10.1:40000 > 172.17.0.1:4789 in"
                + " ens11 state new",
            "ipv4 table filter, chain FILTERS, rule 9: accepts VXLAN without IPsec ahead of"
                + " Docker's encrypted-overlay drop: udp 0.0.0.1:40000 > 172.17.0.1:4789 in"
                + " ens11 state new");
  }
}
