package dev.rampart.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FixturesTest {
  @TempDir Path temp;

  @Test
  void prefersTheVariableWhenItNamesADirectory() throws IOException {
    Path fixtures = Files.createDirectories(temp.resolve("elsewhere"));
    Path start = Files.createDirectories(temp.resolve("project/module"));
    Files.createDirectories(temp.resolve("shared/fixtures"));

    assertThat(Fixtures.locate(Optional.of(fixtures.toString()), start)).contains(fixtures);
  }

  @Test
  void walksUpToASiblingSharedDirectoryWhenTheVariableIsUnset() throws IOException {
    Path fixtures = Files.createDirectories(temp.resolve("shared/fixtures"));
    Path start = Files.createDirectories(temp.resolve("wt/lab/testing"));

    assertThat(Fixtures.locate(Optional.empty(), start)).contains(fixtures);
  }

  @Test
  void takesTheNearestSharedDirectory() throws IOException {
    Files.createDirectories(temp.resolve("shared/fixtures"));
    Path nearer = Files.createDirectories(temp.resolve("wt/shared/fixtures"));
    Path start = Files.createDirectories(temp.resolve("wt/lab"));

    assertThat(Fixtures.locate(Optional.empty(), start)).contains(nearer);
  }

  @Test
  void ignoresAVariableThatNamesNoDirectory() throws IOException {
    Path fixtures = Files.createDirectories(temp.resolve("shared/fixtures"));

    assertThat(Fixtures.locate(Optional.of(temp.resolve("missing").toString()), temp))
        .contains(fixtures);
  }

  @Test
  void findsNothingWithoutVariableOrSharedDirectory() throws IOException {
    Path start = Files.createDirectories(temp.resolve("a/b"));

    assertThat(Fixtures.locate(Optional.empty(), start)).isEmpty();
  }

  @Test
  void readsASharedFixture() {
    assertThat(Fixtures.read("docker/swarm-portmap-28-S.txt"))
        .startsWith("# Source: moby/moby")
        .contains("-A DOCKER-INGRESS -p tcp -m tcp --dport 8080 -j ACCEPT\n");
  }

  @Test
  void rejectsAPathLeavingTheFixturesDirectory() {
    assertThatThrownBy(() -> Fixtures.path("../docs/design.md"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fixture path leaves the fixtures directory: ../docs/design.md");
  }

  @Test
  void rejectsAMissingFixture() {
    assertThatThrownBy(() -> Fixtures.path("docker/nope.txt"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no such fixture: docker/nope.txt (in " + Fixtures.root() + ")");
  }
}
