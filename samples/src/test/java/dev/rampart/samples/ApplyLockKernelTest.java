package dev.rampart.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableMap;
import dev.rampart.testing.ExecResult;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.Netns;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two applies at once do not interleave: every backend's {@code apply.sh} takes the lock in its run
 * directory, so two concurrent runs leave what one run leaves (one jump into FILTERS); a lock held
 * by someone else makes it give up after {@code --lock-timeout}, with the reason, changing nothing.
 */
@ApplyKernelTest
class ApplyLockKernelTest {
  /**
   * Pairs of concurrent runs per backend; before the lock, iptables doubled the jump in 13 of 20.
   */
  private static final int PAIRS = 8;

  @ParameterizedTest
  @MethodSource("dev.rampart.samples.ApplyRuns#backends")
  void twoAppliesAtOnceLeaveWhatOneLeaves(String backend, KernelLab lab, @TempDir Path dir) {
    Netns node = ApplyRuns.dockerNode(lab, backend);
    ImmutableMap<String, String> docker = ApplyRuns.dumps(node, backend);
    Path script = ApplyRuns.write(backend, dir);
    ApplyRuns.reset(node, docker); // as before every pair
    ExecResult once = ApplyRuns.apply(node, script);
    assertThat(once.exitCode()).as("one apply: %s", once.stderr()).isZero();
    ImmutableMap<String, String> applied = ApplyRuns.state(node);
    assertThat(ApplyRuns.inputJumps(node, backend)).isEqualTo(backend.equals("nftables") ? 1 : 2);

    for (int pair = 1; pair <= PAIRS; pair++) {
      ApplyRuns.reset(node, docker);
      CompletableFuture<ExecResult> first =
          CompletableFuture.supplyAsync(() -> ApplyRuns.apply(node, script));
      CompletableFuture<ExecResult> second =
          CompletableFuture.supplyAsync(() -> ApplyRuns.apply(node, script));
      assertThat(first.join().exitCode()).as("pair %s: %s", pair, first.join().stderr()).isZero();
      assertThat(second.join().exitCode()).as("pair %s: %s", pair, second.join().stderr()).isZero();
      assertThat(ApplyRuns.state(node)).as("pair %s", pair).isEqualTo(applied);
    }
  }

  /** The frame is the same for every backend: one is enough here. */
  @Test
  void givesUpAfterTheTimeoutWhileAnotherProcessHoldsTheLock(KernelLab lab, @TempDir Path dir)
      throws IOException, InterruptedException {
    Netns node = ApplyRuns.dockerNode(lab, "iptables");
    Path script = ApplyRuns.write("iptables", dir);
    Path lock = node.runDir().resolve("apply.lock");
    ImmutableMap<String, String> before = ApplyRuns.state(node);
    Process holder =
        new ProcessBuilder("flock", "--no-fork", lock.toString(), "sleep", "60").start();
    try {
      awaitHeld(lock);
      long start = System.nanoTime();
      ExecResult r = ApplyRuns.apply(node, script, "--lock-timeout", "1");
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertThat(r.exitCode()).isEqualTo(3);
      assertThat(r.stderr())
          .isEqualTo(
              "apply.sh: another apply holds the lock "
                  + lock
                  + ": gave up after 1 s, nothing changed (--lock-timeout SECONDS waits longer)\n");
      assertThat(millis).isGreaterThanOrEqualTo(1000);
      assertThat(ApplyRuns.state(node)).isEqualTo(before);
    } finally {
      holder.destroy();
      holder.waitFor();
    }
  }

  /** Waits until {@code flock -n} finds the lock taken. */
  private static void awaitHeld(Path lock) throws IOException, InterruptedException {
    for (int i = 0; i < 100; i++) {
      Process probe = new ProcessBuilder("flock", "-n", lock.toString(), "true").start();
      if (probe.waitFor() != 0) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the lock was never taken: " + lock);
  }
}
