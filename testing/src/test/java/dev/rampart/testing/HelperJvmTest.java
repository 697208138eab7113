package dev.rampart.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HelperJvmTest {

  @Test
  void runsPortProbeFromThisModuleInsideTheNamespace() {
    List<String> command = HelperJvm.command("rpx-1-a", List.of("probe"));

    assertThat(command.subList(0, 5))
        .containsExactly("ip", "netns", "exec", "rpx-1-a", HelperJvm.java());
    assertThat(command)
        .contains("-XX:TieredStopAtLevel=1", "-Xshare:auto")
        .endsWith("-cp", HelperJvm.classPath(), "dev.rampart.testing.internal.PortProbe", "probe");
  }

  @Test
  void findsTheClassesOfThisModule() {
    Path classes = Path.of(HelperJvm.classPath());

    assertThat(
            Files.exists(classes.resolve("dev/rampart/testing/internal/PortProbe.class"))
                || classes.toString().endsWith(".jar"))
        .isTrue();
  }

  @Test
  void usesAnExecutableJava() {
    assertThat(Path.of(HelperJvm.java())).isExecutable();
  }
}
