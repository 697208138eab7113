package dev.rampart.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.testing.KernelGate.Outcome;
import dev.rampart.testing.KernelGate.Verdict;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestExecutionResult.Status;

/** The extension's gate as JUnit reports it (the decision itself: KernelGateTest). */
class KernelLabExtensionTest {

  /** A kernel test that can never run here: surefire skips nested classes, SampleRun runs it. */
  @ExtendWith(SampleOnly.class)
  @KernelTest(tools = {"ip", "rampart-no-such-tool"})
  static class NeedsAMissingTool {
    @Test
    void neverRuns() {
      throw new AssertionError("a kernel test without its tool ran");
    }
  }

  /** A project's own annotation carrying the tools, as a meta-annotation. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @KernelTest(tools = {"ip", "rampart-no-such-tool"})
  @interface NeedsTheMissingTool {}

  /** Like {@link NeedsAMissingTool}, its tools named by a meta-annotation. */
  @ExtendWith(SampleOnly.class)
  @NeedsTheMissingTool
  static class NeedsAMissingToolThroughAnAnnotation {
    @Test
    void neverRuns() {
      throw new AssertionError("a kernel test without its tool ran");
    }
  }

  @Test
  void readsTheToolsOfAKernelTestMetaAnnotation() {
    List<TestExecutionResult> results = SampleRun.run(NeedsAMissingToolThroughAnAnnotation.class);

    assertThat(results).hasSize(1);
    assertThat(results.get(0).getStatus()).isIn(Status.ABORTED, Status.FAILED);
    assertThat(SampleRun.message(results.get(0))).contains("rampart-no-such-tool");
  }

  @Test
  void reportsAMissingToolAsASkipOrAsARequiredFailureWithTheReason() {
    Verdict expected =
        KernelGate.decide(
            Host.isRoot(),
            Host.missingTools(List.of("ip", "rampart-no-such-tool")),
            Optional.ofNullable(System.getenv(KernelGate.MODE_VARIABLE)));

    List<TestExecutionResult> results = SampleRun.run(NeedsAMissingTool.class);

    assertThat(expected.outcome()).isNotEqualTo(Outcome.RUN);
    assertThat(expected.reason()).contains("missing tool");
    assertThat(results).hasSize(1);
    assertThat(results.get(0).getStatus())
        .isEqualTo(expected.outcome() == Outcome.SKIP ? Status.ABORTED : Status.FAILED);
    assertThat(SampleRun.message(results.get(0))).isEqualTo(expected.reason());
  }
}
