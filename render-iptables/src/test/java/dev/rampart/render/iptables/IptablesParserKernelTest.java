package dev.rampart.render.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedSet;
import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.core.snapshot.SnapshotChain;
import dev.rampart.core.snapshot.SnapshotRule;
import dev.rampart.core.snapshot.SnapshotTable;
import dev.rampart.testing.Fixtures;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Netns;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Parse, render, load, save, parse again: every fixture that parses (and the longest complete part
 * of the cut ones) holds the same rules per table and chain after a trip through the kernel, and so
 * does a model rendered by this module when read back from the kernel.
 */
@KernelTest(tools = {"ip", "ipset", "iptables-restore", "iptables-save"})
class IptablesParserKernelTest {
  private static final Pattern MATCH_SET = Pattern.compile("--match-set (\\S+) ");

  /**
   * The rules of each IPv4 chain of {@code snapshot} by {@code family table chain policy}, without
   * counters and origins; compared as maps, since {@code iptables-save} orders tables and user
   * chains its own way.
   */
  private static ImmutableMap<String, ImmutableList<Rule>> rules(Snapshot snapshot) {
    ImmutableMap.Builder<String, ImmutableList<Rule>> out = ImmutableMap.builder();
    for (SnapshotTable t : snapshot.tables()) {
      if (t.family() != Family.IPV4) {
        continue;
      }
      for (SnapshotChain c : t.chains()) {
        String key =
            t.ref() + " chain " + c.name() + " policy " + c.policy().map(Enum::name).orElse("-");
        out.put(
            key,
            c.rules().stream().map(SnapshotRule::rule).collect(ImmutableList.toImmutableList()));
      }
    }
    return out.build();
  }

  /** Loads the IPv4 rendering of {@code snapshot} into a fresh namespace and parses its save. */
  private static Snapshot throughTheKernel(KernelLab lab, Snapshot snapshot) {
    Netns ns = lab.namespace("roundtrip");
    String text = IptablesRenderer.restoreText(snapshot, Family.IPV4);
    ImmutableSortedSet.Builder<String> sets = ImmutableSortedSet.naturalOrder();
    Matcher m = MATCH_SET.matcher(text);
    while (m.find()) {
      sets.add(m.group(1));
    }
    for (String set : sets.build()) {
      ns.run("ipset", "create", set, "hash:net");
    }
    ns.runWithInput(text, "iptables-restore");
    return IptablesParser.parse(ns.run("iptables-save"), Family.IPV4);
  }

  private static void assertRoundTrips(KernelLab lab, String dump) {
    Snapshot parsed = IptablesParser.parse(dump, Family.IPV4);
    assertThat(parsed.tables()).isNotEmpty();

    assertThat(rules(throughTheKernel(lab, parsed))).isEqualTo(rules(parsed));
  }

  /** The fixture's text from its start up to the line that holds {@code marker}. */
  private static String upTo(String text, String marker) {
    int at = text.indexOf(marker);
    assertThat(at).as("marker %s", marker).isNotNegative();
    return text.substring(0, text.lastIndexOf('\n', at) + 1);
  }

  @Test
  void theSwarmPortmapFixtureRoundTrips(KernelLab lab) {
    assertRoundTrips(lab, Fixtures.read("docker/swarm-portmap-28-S.txt"));
  }

  @Test
  void theSwarm1705FilterFixtureRoundTrips(KernelLab lab) {
    assertRoundTrips(lab, Fixtures.read("docker/swarm-17.05-filter-S-partial.txt"));
  }

  @Test
  void theFirstCompleteSnapshotOfTheVagrantFixtureRoundTrips(KernelLab lab) {
    String text = Fixtures.read("docker/swarm-17.05-vagrant-S-partial.txt");

    assertRoundTrips(lab, upTo(text, "(rc1, after re-creating the service)"));
  }

  @Test
  void theAwsFixtureWithTheMissingCommitAddedRoundTrips(KernelLab lab) {
    String text = Fixtures.read("docker/swarm-aws-1.4.21-partial.txt");

    assertRoundTrips(lab, upTo(text, "# [the original excerpt ends here") + "COMMIT\n");
  }

  @Test
  void bothGwbridgeSnapshotsCutBeforeTheirTruncatedLineWithACommitAddedRoundTrip(KernelLab lab) {
    String text = Fixtures.read("docker/docker-28.0-gwbridge-partial.txt");
    String first = upTo(text, "# [TRUNCATED") + "COMMIT\n";
    String rest = text.substring(text.indexOf("# ---- snapshot 2"));
    String second = upTo(rest, "# [TRUNCATED") + "COMMIT\n";

    assertRoundTrips(lab, first);
    assertRoundTrips(lab, second);
  }

  private static void assertModelRoundTrips(KernelLab lab, Ruleset ruleset) {
    Netns ns = lab.namespace("model");
    if (!ruleset.sets().isEmpty()) {
      ns.runWithInput(IptablesRenderer.ipsetRestore(ruleset), "ipset", "restore");
    }
    ns.runWithInput(
        IptablesRenderer.builder().family(Family.IPV4).mode(RenderMode.OWN).build().render(ruleset),
        "iptables-restore");
    Snapshot saved = IptablesParser.parse(ns.run("iptables-save"), Family.IPV4);

    assertThat(rules(saved)).isEqualTo(rules(Snapshot.of(ruleset)));
  }

  @Test
  void theDslModelOfDockersSwarmLayoutReadsBackAsItsSnapshot(KernelLab lab) {
    assertModelRoundTrips(lab, DockerFixtureKernelTest.swarmPortmap());
  }

  @Test
  void theDockerHostPolicyReadsBackAsItsSnapshot(KernelLab lab) {
    assertModelRoundTrips(lab, Hosts.dockerHost());
  }
}
