package dev.rampart.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestExecutionResult.Status;

/**
 * The extension's lab lifecycle, observed by running a sample class (nested, so not by surefire).
 */
@KernelTest
class KernelLabExtensionKernelTest {

  /** Records the labs and namespaces it was given. */
  @ExtendWith(SampleOnly.class)
  @KernelTest
  static class UsesLabs {
    static final List<KernelLab> LABS = new ArrayList<>();
    static final List<String> NAMESPACES = new ArrayList<>();
    static final List<String> LIVE_AFTER_EACH = new ArrayList<>();

    @BeforeEach
    void setUp(KernelLab lab) {
      LABS.add(lab);
      NAMESPACES.add(lab.namespace("setup").name());
    }

    @Test
    void first(KernelLab lab) {
      LABS.add(lab);
      NAMESPACES.add(lab.namespace("test").name());
    }

    @Test
    void second(KernelLab lab) {
      LABS.add(lab);
      NAMESPACES.add(lab.namespace("test").name());
      throw new AssertionError("a failing test still gets its namespaces deleted");
    }

    @AfterEach
    void tearDown(KernelLab lab) {
      LABS.add(lab);
      LIVE_AFTER_EACH.add(Exec.check("", List.of("ip", "netns", "list")));
    }
  }

  @Test
  void givesEachTestMethodOneLabAndDeletesItsNamespacesAfterwards() {
    UsesLabs.LABS.clear();
    UsesLabs.NAMESPACES.clear();
    UsesLabs.LIVE_AFTER_EACH.clear();

    List<TestExecutionResult> results = SampleRun.run(UsesLabs.class);

    assertThat(results)
        .extracting(TestExecutionResult::getStatus)
        .containsExactlyInAnyOrder(Status.SUCCESSFUL, Status.FAILED);
    assertThat(UsesLabs.LABS).hasSize(6);
    assertThat(UsesLabs.LABS.subList(0, 3)).allMatch(lab -> lab == UsesLabs.LABS.get(0));
    assertThat(UsesLabs.LABS.subList(3, 6)).allMatch(lab -> lab == UsesLabs.LABS.get(3));
    assertThat(UsesLabs.LABS.get(0)).isNotSameAs(UsesLabs.LABS.get(3));
    assertThat(UsesLabs.NAMESPACES).hasSize(4).doesNotHaveDuplicates();
    assertThat(UsesLabs.LIVE_AFTER_EACH.get(0))
        .contains(UsesLabs.NAMESPACES.get(0), UsesLabs.NAMESPACES.get(1));
    String after = Exec.check("", List.of("ip", "netns", "list"));
    for (String name : UsesLabs.NAMESPACES) {
      assertThat(after).doesNotContain(name);
    }
  }
}
