package dev.rampart.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Disables a sample test class unless {@link SampleRun} runs it (not surefire, not an IDE). */
final class SampleOnly implements ExecutionCondition {
  static final String PARAMETER = "rampart.sample.run";

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return context.getConfigurationParameter(PARAMETER).isPresent()
        ? ConditionEvaluationResult.enabled("run by SampleRun")
        : ConditionEvaluationResult.disabled("sample class, run only by SampleRun");
  }
}
