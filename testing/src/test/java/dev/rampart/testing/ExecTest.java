package dev.rampart.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExecTest {

  @Test
  void capturesExitCodeStdoutAndStderr() {
    assertThat(Exec.run("x", List.of("sh", "-c", "cat; echo o; echo e >&2; exit 5")))
        .isEqualTo(new ExecResult(5, "xo\n", "e\n"));
  }

  @Test
  void survivesACommandThatIgnoresALargeInput() {
    assertThat(Exec.run("y\n".repeat(1_000_000), List.of("true")).succeeded()).isTrue();
  }

  @Test
  void checkReturnsStdoutOnSuccess() {
    assertThat(Exec.check("", List.of("echo", "hi"))).isEqualTo("hi\n");
  }

  @Test
  void checkNamesArgvExitCodeAndStderrOnFailure() {
    assertThatThrownBy(() -> Exec.check("", List.of("sh", "-c", "echo no >&2; exit 7")))
        .isInstanceOf(AssertionError.class)
        .hasMessage("command failed (exit code 7): sh -c echo no >&2; exit 7\nno");
  }

  @Test
  void findsSbinToolsEvenWithoutThemOnPath() {
    assertThat(Exec.run("", List.of("sh", "-c", "echo $PATH")).stdout()).contains("/usr/sbin");
  }
}
