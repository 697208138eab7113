package dev.rampart.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.base.Splitter;
import dev.rampart.core.Family;
import java.util.List;
import org.junit.jupiter.api.Test;

@KernelTest(tools = {"ip", "iptables", "iptables-save", "iptables-restore", "iptables-legacy"})
class DockerDumpKernelTest {
  private static final String SWARM = "docker/swarm-portmap-28-S.txt";

  private static List<String> lines(String text) {
    return Splitter.on('\n').omitEmptyStrings().splitToList(text);
  }

  /** Every -P/-N/-A line of the fixture's section, exactly as in the fixture. */
  private static List<String> fixtureSection(String table) {
    return DockerDump.parse(Fixtures.read(SWARM)).stream()
        .filter(section -> section.table().equals(table))
        .flatMap(section -> section.lines().stream())
        .map(DockerDump.Line::text)
        .toList();
  }

  @Test
  void loadReproducesEveryLineOfTheSwarmFixture(KernelLab lab) {
    Netns host = lab.namespace("docker");

    DockerDump.load(host, "iptables", Fixtures.read(SWARM));

    for (String table : List.of("filter", "nat")) {
      assertThat(lines(host.run("iptables", "-t", table, "-S")))
          .as("iptables -t %s -S", table)
          .containsExactlyElementsOf(fixtureSection(table));
    }
  }

  @Test
  void loadWorksWithIptablesLegacy(KernelLab lab) {
    Netns host = lab.namespace("legacy");

    DockerDump.load(host, "iptables-legacy", Fixtures.read(SWARM));

    assertThat(lines(host.run("iptables-legacy", "-t", "nat", "-S")))
        .containsExactlyElementsOf(fixtureSection("nat"));
  }

  @Test
  void toRestoreLoadsTheSameRulesAsLoad(KernelLab lab) {
    Netns lineByLine = lab.namespace("lines");
    Netns restored = lab.namespace("restored");

    DockerDump.load(lineByLine, "iptables", Fixtures.read(SWARM));
    restored.runWithInput(DockerDump.toRestore(Fixtures.read(SWARM)), "iptables-restore");

    assertThat(restored.iptablesSave(Family.IPV4))
        .contains("-A DOCKER-INGRESS -p tcp -m tcp --dport 8080 -j DNAT --to-destination")
        .isEqualTo(lineByLine.iptablesSave(Family.IPV4));
  }

  @Test
  void loadNamesTheLineThatFailed(KernelLab lab) {
    Netns host = lab.namespace("broken");
    String dump = "# ---- table filter (iptables -t filter -S) ----\n-N OK\n-A MISSING -j ACCEPT\n";

    assertThatThrownBy(() -> DockerDump.load(host, "iptables", dump))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "docker dump line 3 failed in namespace "
                + host.name()
                + " (exit code 1): -A MISSING -j ACCEPT\n");
  }
}
