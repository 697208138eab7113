package dev.rampart.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableMap;
import dev.rampart.core.Bundle;
import dev.rampart.testing.ExecResult;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.Netns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A bundle is applied only if it is whole: every file of every backend's bundle, cut at several
 * points or with one byte changed, makes {@code apply.sh} refuse (non-zero) before it touches the
 * kernel (iptables of both flavours, ipsets and nft tables unchanged).
 */
@ApplyKernelTest
class ApplyManifestKernelTest {
  @ParameterizedTest
  @MethodSource("dev.rampart.samples.ApplyRuns#backends")
  void refusesEveryFileCutShortOrChangedBeforeTouchingTheKernel(
      String backend, KernelLab lab, @TempDir Path dir) throws IOException {
    Netns node = ApplyRuns.dockerNode(lab, backend);
    ImmutableMap<String, String> before = ApplyRuns.state(node);
    Bundle bundle = ApplyRuns.bundle(backend);
    Path script = ApplyRuns.write(backend, dir);
    int runs = 0;
    for (String name : bundle.files().keySet()) {
      Path file = dir.resolve(name);
      byte[] whole = Files.readAllBytes(file);
      for (Map.Entry<String, byte[]> damaged : damaged(name, bundle.file(name)).entrySet()) {
        // one copy of the bundle, one file damaged at a time and put back after the run
        Files.write(file, damaged.getValue());
        ExecResult r = ApplyRuns.apply(node, script);
        Files.write(file, whole);
        runs++;
        String what = name + " " + damaged.getKey();
        assertThat(r.exitCode()).as("%s: %s", what, r.stderr()).isNotZero();
        if (!name.equals("apply.sh")) {
          assertThat(r.exitCode()).as("%s: %s", what, r.stderr()).isEqualTo(4);
          assertThat(r.stderr()).as(what).endsWith(", nothing changed (write the bundle again)\n");
        }
      }
      // Nothing the scripts could do is undone between runs: one look per file suffices.
      assertThat(ApplyRuns.state(node)).as("after the runs of %s", name).isEqualTo(before);
    }
    assertThat(runs).isGreaterThanOrEqualTo(5 * bundle.files().size());
  }

  /**
   * The file cut to nothing (a script: within its second line's trap command and after it; cut
   * within its first line, {@code #!/bin/sh}, or right after {@code trap}, a script does nothing
   * and exits 0), at a third, half and all but the last byte, and with its middle byte changed.
   */
  private static Map<String, byte[]> damaged(String name, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Map<String, byte[]> out = new LinkedHashMap<>();
    int firstLine = text.indexOf('\n') + 1;
    out.put("cut to nothing", new byte[0]);
    if (name.equals("apply.sh")) {
      int secondLine = text.indexOf('\n', firstLine) + 1;
      out.clear();
      out.put("cut within its second line", Arrays.copyOf(bytes, firstLine + 20));
      out.put("cut after its second line", Arrays.copyOf(bytes, secondLine));
    }
    for (int at : new int[] {bytes.length / 3, bytes.length / 2, bytes.length - 1}) {
      out.put("cut at byte " + at, Arrays.copyOf(bytes, at));
    }
    byte[] changed = bytes.clone();
    int middle = bytes.length / 2;
    changed[middle] = (byte) (changed[middle] == 'x' ? 'y' : 'x');
    out.put("with byte " + middle + " changed", changed);
    return out;
  }
}
