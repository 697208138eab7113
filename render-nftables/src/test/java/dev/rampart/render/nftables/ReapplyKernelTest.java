package dev.rampart.render.nftables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Bundle;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Ruleset;
import dev.rampart.core.UnsupportedFeatureException;
import dev.rampart.testing.DockerDump;
import dev.rampart.testing.ExecResult;
import dev.rampart.testing.Fixtures;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Netns;
import dev.rampart.testing.Seeds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Applying policies one after the other with the nftables {@code apply.sh} beside Docker's
 * iptables-nft rules: one {@code nft -f} transaction replaces our tables, so the host ends up
 * holding what the last policy alone gives, Docker's tables untouched; a failing apply changes
 * nothing.
 */
@KernelTest(tools = {"ip", "sh", "nft", "iptables-restore"})
class ReapplyKernelTest {
  private static final String DOCKER =
      DockerDump.toRestore(Fixtures.read("docker/swarm-portmap-28-S.txt"));
  private static final NftablesRenderer NFT = NftablesRenderer.of(RenderMode.COEXIST);

  private int bundles;

  @Test
  void sequencesOfPoliciesLeaveWhatTheLastAloneLeaves(KernelLab lab, @TempDir Path dir) {
    long seed = Seeds.seed();
    Random random = new Random(seed);
    Netns seq = lab.namespace("nftseq");
    Netns fresh = lab.namespace("nftfresh");
    String docker = dockerTables(docker(fresh));
    for (int sequence = 1; sequence <= 12; sequence++) {
      docker(seq);
      List<Ruleset> policies = new ArrayList<>();
      int length = 2 + random.nextInt(3);
      while (policies.size() < length) {
        Ruleset p = dev.rampart.testing.gen.Policies.dockerHost(random);
        try {
          NFT.bundle(p);
        } catch (UnsupportedFeatureException e) {
          continue; // a policy nftables refuses beside Docker is not applied
        }
        policies.add(p);
        apply(seq, p, dir);
      }
      docker(fresh);
      apply(fresh, policies.get(policies.size() - 1), dir);
      String description = "seed " + seed + ", sequence " + sequence + ": " + policies;
      assertThat(state(seq)).as(description).isEqualTo(state(fresh));
      assertThat(dockerTables(seq)).as(description).isEqualTo(docker);
    }
  }

  @Test
  void failingApplyLeavesThePreviousStateAndSaysWhatFailed(KernelLab lab, @TempDir Path dir) {
    Netns ns = docker(lab.namespace("nftfail"));
    Random random = new Random(Seeds.seed());
    Ruleset first = dev.rampart.testing.gen.Policies.dockerHost(random);
    apply(ns, first, dir);
    String before = state(ns);
    Bundle bundle = NFT.bundle(first);
    Bundle broken =
        bundle.withFile(
            "rules.nft", bundle.file("rules.nft") + "add rule inet rampart NOSUCHCHAIN drop\n");
    ExecResult result = ns.exec("", "sh", write(broken.files(), dir).toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).endsWith("apply.sh: nft -f rules.nft failed: no rule changed\n");
    assertThat(state(ns)).isEqualTo(before);
  }

  /** Docker's swarm rules in iptables-nft as the namespace's only rules. */
  private static Netns docker(Netns ns) {
    ns.run("nft", "flush", "ruleset");
    ns.runWithInput(DOCKER, "iptables-restore", "-w", "5");
    return ns;
  }

  private void apply(Netns ns, Ruleset policy, Path dir) {
    ns.run("sh", write(NFT.bundle(policy).files(), dir).toString());
  }

  private Path write(Map<String, String> files, Path dir) {
    try {
      Path d = Files.createDirectories(dir.resolve("bundle" + ++bundles));
      for (Map.Entry<String, String> f : files.entrySet()) {
        Files.writeString(d.resolve(f.getKey()), f.getValue());
      }
      return d.resolve("apply.sh");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code nft list ruleset} with counters and set handles left out. */
  private static String state(Netns ns) {
    return ns.run("nft", "list", "ruleset")
        .replaceAll("counter packets \\d+ bytes \\d+", "counter");
  }

  /** The iptables-nft tables Docker's rules live in. */
  private static String dockerTables(Netns ns) {
    return ns.run("nft", "list", "table", "ip", "filter")
        + ns.run("nft", "list", "table", "ip", "nat");
  }
}
