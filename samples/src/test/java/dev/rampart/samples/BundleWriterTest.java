package dev.rampart.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableSortedMap;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleWriterTest {
  private static final ImmutableSortedMap<String, String> FILES =
      ImmutableSortedMap.of("a/apply.sh", "#!/bin/sh\n", "a/rules", "rules\n");

  @Test
  void writesAManifestOfTheFilesItWrote(@TempDir Path tmp) throws IOException {
    BundleWriter.write(tmp.resolve("out"), FILES, false);
    assertThat(tmp.resolve("out").resolve(BundleWriter.MANIFEST)).hasContent("a/apply.sh\na/rules");
  }

  @Test
  void makesScriptsExecutableAndNothingWritableByOthers(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("out");
    BundleWriter.write(out, FILES, false);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out)))
        .isEqualTo("rwxr-xr-x");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("a"))))
        .isEqualTo("rwxr-xr-x");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("a/apply.sh"))))
        .isEqualTo("rwxr-xr-x");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("a/rules"))))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void leavesNoTemporaryDirectoryBehind(@TempDir Path tmp) throws IOException {
    BundleWriter.write(tmp.resolve("out"), FILES, false);
    BundleWriter.write(tmp.resolve("out"), FILES, true);
    try (var entries = Files.list(tmp)) {
      assertThat(entries).containsExactly(tmp.resolve("out"));
    }
  }

  @Test
  void refusesAPathOutsideTheBundle(@TempDir Path tmp) {
    assertThatThrownBy(
            () -> BundleWriter.write(tmp.resolve("out"), ImmutableSortedMap.of("../x", ""), false))
        .isInstanceOf(BundleWriter.RefusedException.class)
        .hasMessage("bundle: a path outside the bundle: ../x");
    assertThat(tmp.resolve("x")).doesNotExist();
  }

  @Test
  void describesAnIoFailureInOneLineWithoutTheExceptionName() {
    assertThat(BundleWriter.describe(new AccessDeniedException("/srv/out")))
        .isEqualTo("bundle: permission denied: /srv/out");
    assertThat(BundleWriter.describe(new IOException("disk on fire")))
        .isEqualTo("bundle: i/o error: disk on fire");
  }
}
