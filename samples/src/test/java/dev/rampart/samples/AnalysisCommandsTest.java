package dev.rampart.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
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
}
