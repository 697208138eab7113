package dev.rampart.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.testing.KernelGate.Outcome;
import dev.rampart.testing.KernelGate.Verdict;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KernelGateTest {

  @Test
  void runsWhenRootWithEveryTool() {
    assertThat(KernelGate.decide(true, List.of(), Optional.empty()))
        .isEqualTo(new Verdict(Outcome.RUN, ""));
  }

  @Test
  void runsWhenRequiredAndPossible() {
    assertThat(KernelGate.decide(true, List.of(), Optional.of("required")))
        .isEqualTo(new Verdict(Outcome.RUN, ""));
  }

  @Test
  void skipsWhenNotRoot() {
    assertThat(KernelGate.decide(false, List.of(), Optional.empty()))
        .isEqualTo(
            new Verdict(
                Outcome.SKIP,
                "kernel test skipped: not root (RAMPART_KERNEL_TESTS=required fails instead)"));
  }

  @Test
  void skipsNamingTheMissingTool() {
    assertThat(KernelGate.decide(true, List.of("ipset"), Optional.of("auto")))
        .isEqualTo(
            new Verdict(
                Outcome.SKIP,
                "kernel test skipped: missing tool: ipset"
                    + " (RAMPART_KERNEL_TESTS=required fails instead)"));
  }

  @Test
  void skipsWhenTheVariableIsEmpty() {
    assertThat(KernelGate.decide(true, List.of("nft"), Optional.of("")).outcome())
        .isEqualTo(Outcome.SKIP);
  }

  @Test
  void failsWhenRequiredButNotRoot() {
    assertThat(KernelGate.decide(false, List.of(), Optional.of("required")))
        .isEqualTo(
            new Verdict(
                Outcome.FAIL, "kernel test cannot run: not root (RAMPART_KERNEL_TESTS=required)"));
  }

  @Test
  void failsWhenRequiredNamingEveryProblem() {
    assertThat(KernelGate.decide(false, List.of("ipset", "ferm"), Optional.of("required")))
        .isEqualTo(
            new Verdict(
                Outcome.FAIL,
                "kernel test cannot run: not root, missing tools: ipset, ferm"
                    + " (RAMPART_KERNEL_TESTS=required)"));
  }

  @Test
  void failsOnAMisspelledMode() {
    assertThat(KernelGate.decide(true, List.of(), Optional.of("requird")))
        .isEqualTo(
            new Verdict(
                Outcome.FAIL, "RAMPART_KERNEL_TESTS must be unset, auto or required: requird"));
  }
}
