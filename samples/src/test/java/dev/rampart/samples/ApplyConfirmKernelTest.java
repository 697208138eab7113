package dev.rampart.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableMap;
import dev.rampart.testing.ExecResult;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.Netns;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code apply.sh --confirm SECONDS}, as {@code iptables-apply} does: the state before is saved,
 * the bundle applied, and unless {@code RUN_DIR/confirm} appears in time the saved state comes back
 * exactly (iptables of both flavours, ipsets, nft tables); confirmed, the new state stays.
 */
@ApplyKernelTest
class ApplyConfirmKernelTest {
  /** The worker's bundle is on the node; the manager's (other ports, set refilled) is tried. */
  private static void applyWorker(Netns node, Path dir, String backend) {
    Path worker =
        ApplyRuns.write(
            Backends.bundles()
                .get(backend)
                .bundle(Scenarios.named("swarm-worker").orElseThrow().ruleset())
                .files(),
            dir.resolve("worker"));
    ExecResult first = ApplyRuns.apply(node, worker);
    assertThat(first.exitCode()).as("worker: %s", first.stderr()).isZero();
  }

  @ParameterizedTest
  @MethodSource("dev.rampart.samples.ApplyRuns#backends")
  void anApplyNotConfirmedInTimeIsRolledBackExactlyAndAConfirmedOneIsKept(
      String backend, KernelLab lab, @TempDir Path dir) {
    Netns node = ApplyRuns.dockerNode(lab, backend);
    Path run = node.runDir();
    applyWorker(node, dir, backend);
    ImmutableMap<String, String> before = ApplyRuns.state(node);
    Path manager = ApplyRuns.write(backend, dir.resolve("manager"));

    ExecResult r = ApplyRuns.apply(node, manager, "--confirm", "2");

    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(5);
    assertThat(r.stderr())
        .endsWith(
            "apply.sh: applied; keep it by running within 2 s, from a new session: touch "
                + run
                + "/confirm\n"
                + "apply.sh: not confirmed within 2 s: restored the state saved before this"
                + " apply\n");
    assertThat(ApplyRuns.state(node)).isEqualTo(before);

    // The operator's second session confirms once the script says it applied.
    ExecResult confirmed =
        node.exec(
            "",
            "sh",
            "-c",
            "mkdir -p \"$1\"; (until grep -q 'keep it' \"$1/err\" 2>/dev/null; do sleep 0.1; done;"
                + " touch \"$1/confirm\") & RAMPART_RUN_DIR=\"$1\" sh \"$2\" --confirm 60"
                + " 2>\"$1/err\"; s=$?; cat \"$1/err\" >&2; wait; exit $s",
            "sh",
            run.toString(),
            manager.toString());

    assertThat(confirmed.exitCode()).as(confirmed.stderr()).isZero();
    assertThat(confirmed.stderr()).endsWith("apply.sh: confirmed: keeping the new state\n");
    ImmutableMap<String, String> kept = ApplyRuns.state(node);
    assertThat(kept).isNotEqualTo(before);
    assertThat(ApplyRuns.apply(node, manager).exitCode()).isZero();
    assertThat(ApplyRuns.state(node)).as("applying again changes nothing").isEqualTo(kept);
  }
}
