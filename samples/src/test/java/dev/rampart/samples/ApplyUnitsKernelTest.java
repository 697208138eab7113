package dev.rampart.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableMap;
import dev.rampart.core.Bundle;
import dev.rampart.testing.ExecResult;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.Netns;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The re-apply path of {@code rampart-firewall-docker.service}: Docker (re)starting reloads its
 * rules, which drops our jump and chains from the tables it rewrites; the unit's {@code ExecStart}
 * puts back exactly what the first apply left.
 */
@ApplyKernelTest
class ApplyUnitsKernelTest {
  /** The unit's one {@code ExecStart=} command, a path under {@code /etc/rampart}. */
  private static String execStart(Bundle bundle) {
    return Splitter.on('\n')
        .splitToStream(bundle.file("rampart-firewall-docker.service"))
        .filter(l -> l.startsWith("ExecStart="))
        .map(l -> l.substring("ExecStart=".length()))
        .reduce((a, b) -> a + " and " + b)
        .orElseThrow();
  }

  @ParameterizedTest
  @MethodSource("dev.rampart.samples.ApplyRuns#backends")
  void theDockerUnitPutsOurRulesBackAfterDockerReloadedItsOwn(
      String backend, KernelLab lab, @TempDir Path root) {
    Netns node = ApplyRuns.dockerNode(lab, backend);
    ImmutableMap<String, String> docker = ApplyRuns.dumps(node, backend);
    Bundle bundle = ApplyRuns.bundle(backend);
    String command = execStart(bundle);
    assertThat(command).isEqualTo("/etc/rampart/" + backend + "/apply.sh");
    ApplyRuns.write(bundle.files(), root.resolve(command.substring(1)).getParent());
    String[] start = {root + command};

    ApplyRuns.reloadDocker(node, docker); // as Docker's reload below leaves the other tables
    ExecResult boot = node.exec("", start);
    assertThat(boot.exitCode()).as(boot.stderr()).isZero();
    ImmutableMap<String, String> applied = ApplyRuns.state(node);
    long jumps = ApplyRuns.inputJumps(node, backend);
    ApplyRuns.reloadDocker(node, docker);
    if (!backend.equals("nftables")) {
      assertThat(ApplyRuns.inputJumps(node, backend)).as("Docker's reload drops our jump").isZero();
    }

    ExecResult again = node.exec("", start);

    assertThat(again.exitCode()).as(again.stderr()).isZero();
    assertThat(ApplyRuns.inputJumps(node, backend)).isEqualTo(jumps).isPositive();
    assertThat(ApplyRuns.state(node)).isEqualTo(applied);
  }
}
