package dev.rampart.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FixturesTest {
  @TempDir Path temp;

  @Test
  void readsADockerDumpFromTheClassPath() {
    assertThat(Fixtures.read("docker/swarm-portmap-28-S.txt"))
        .startsWith("# Source: moby/moby")
        .contains("-A DOCKER-INGRESS -p tcp -m tcp --dport 8080 -j ACCEPT\n");
  }

  @Test
  void shipsTheReadmeThatNamesTheSources() {
    assertThat(Fixtures.read("docker/README.md"))
        .startsWith("# Real Docker / Swarm rule dumps")
        .contains("swarm-aws-1.4.21-partial.txt");
  }

  @Test
  void readsEveryFixtureNamedInTheReadme() {
    for (String file :
        new String[] {
          "docker-28.0-gwbridge-partial.txt",
          "swarm-17.05-filter-S-partial.txt",
          "swarm-17.05-vagrant-S-partial.txt",
          "swarm-aws-1.4.21-partial.txt",
          "swarm-portmap-28-S.txt"
        }) {
      assertThat(Fixtures.read("docker/" + file)).as(file).startsWith("# Source:");
    }
  }

  @Test
  void readsFixturesWithTheWorkingDirectoryOutsideTheProject() throws Exception {
    ProcessBuilder java =
        new ProcessBuilder(
                HelperJvm.java(),
                "-cp",
                System.getProperty("java.class.path"),
                FixturesProbe.class.getName(),
                "docker/swarm-portmap-28-S.txt")
            .directory(temp.toFile())
            .redirectErrorStream(true);
    java.environment().remove("RAMPART_FIXTURES");
    Process process = java.start();
    String output = new String(process.getInputStream().readAllBytes(), UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(output).startsWith("# Source: moby/moby");
    assertThat(process.exitValue()).isZero();
  }

  @Test
  void rejectsANameLeavingTheFixtures() {
    assertThatThrownBy(() -> Fixtures.read("../Fixtures.class"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fixture name is not a relative name: ../Fixtures.class");
  }

  @Test
  void rejectsAnAbsoluteName() {
    assertThatThrownBy(() -> Fixtures.read("/etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fixture name is not a relative name: /etc/passwd");
  }

  @Test
  void rejectsAMissingFixture() {
    assertThatThrownBy(() -> Fixtures.read("docker/nope.txt"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no such fixture: docker/nope.txt");
  }

  @Test
  void noSourceInTheProjectPointsAtTheSharedFixtures() throws IOException {
    Path project = Path.of("").toAbsolutePath().getParent();
    String needle = "shared" + "/fixtures";
    try (var files = java.nio.file.Files.walk(project)) {
      assertThat(
              files
                  .filter(
                      p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/"))
                  .filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".xml"))
                  .filter(p -> read(p).contains(needle))
                  .map(project::relativize)
                  .map(Path::toString))
          .isEmpty();
    }
  }

  private static String read(Path file) {
    try {
      return java.nio.file.Files.readString(file, UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
