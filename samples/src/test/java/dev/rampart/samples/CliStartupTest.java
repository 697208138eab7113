package dev.rampart.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the command line loads before it prints: the usage loads no scenario and no backend, the run
 * without arguments ({@code minimal-host} as iptables text) no other scenario and no ferm or
 * nftables class. Each runs {@link Main} in a child JVM that logs every class it loads; the
 * start-up time follows from the classes loaded, which is what is pinned here.
 */
class CliStartupTest {
  @TempDir Path dir;

  /** The classes a child JVM loaded running {@link Main} with {@code args}, by name. */
  private List<String> loaded(String... args) throws IOException, InterruptedException {
    Path log = dir.resolve("classes.txt");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xshare:auto");
    command.add("-Xlog:class+load=info:file=" + log);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    List<String> names = new ArrayList<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      // [0.012s][info][class,load] java.lang.Object source: shared objects file
      int start = line.indexOf("] ", line.indexOf("class,load")) + 2;
      int end = line.indexOf(' ', start);
      if (start > 1 && end > start) {
        names.add(line.substring(start, end));
      }
    }
    assertThat(names).contains(Main.class.getName());
    return names;
  }

  @Test
  void usageLoadsNoScenarioNoBackendAndNoPolicyModel() throws Exception {
    List<String> names = loaded("--help");
    assertThat(names)
        .noneMatch(n -> n.startsWith("dev.rampart.render."))
        .noneMatch(n -> n.startsWith("dev.rampart.dsl."))
        .noneMatch(n -> n.startsWith("dev.rampart.analysis."))
        .noneMatch(n -> n.startsWith("dev.rampart.core.eval."))
        .noneMatch(n -> n.contains("$$Lambda$"));
    for (String scenario : Scenarios.NAMES) {
      Class<?> c = Scenarios.create(scenario).orElseThrow().getClass();
      assertThat(names).doesNotContain(c.getName());
    }
  }

  @Test
  void noArgumentsLoadsMinimalHostAndTheIptablesRendererOnly() throws Exception {
    List<String> names = loaded();
    assertThat(names).contains(MinimalHost.class.getName());
    for (String scenario : Scenarios.NAMES) {
      Class<?> c = Scenarios.create(scenario).orElseThrow().getClass();
      if (c != MinimalHost.class) {
        assertThat(names).doesNotContain(c.getName());
      }
    }
    assertThat(names)
        .anyMatch(n -> n.startsWith("dev.rampart.render.iptables."))
        .noneMatch(n -> n.startsWith("dev.rampart.render.ferm."))
        .noneMatch(n -> n.startsWith("dev.rampart.render.nftables."))
        .noneMatch(n -> n.startsWith("dev.rampart.analysis."))
        .noneMatch(n -> n.startsWith("dev.rampart.dsl.swarm."));
  }

  @Test
  void everyScenarioHasTheNameItIsListedUnder() {
    for (String name : Scenarios.NAMES) {
      assertThat(Scenarios.named(name).orElseThrow().name()).isEqualTo(name);
    }
    assertThat(Scenarios.named("no-such-scenario")).isEmpty();
  }
}
