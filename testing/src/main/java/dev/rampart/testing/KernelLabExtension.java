package dev.rampart.testing;

import com.google.common.collect.ImmutableList;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link KernelTest}: checks root and tools, gives each test method a
 * fresh {@link KernelLab} and closes it after the method.
 */
public final class KernelLabExtension
    implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final Namespace STORE = Namespace.create(KernelLabExtension.class);
  private static final String LAB = "lab";

  /** Creates the extension; JUnit does this for {@link KernelTest} classes. */
  public KernelLabExtension() {}

  /** Skips (or, when required, fails) the test if it cannot run here. */
  @Override
  public void beforeEach(ExtensionContext context) {
    Set<String> tools = new LinkedHashSet<>();
    tools.add("ip");
    annotation(context).ifPresent(test -> tools.addAll(ImmutableList.copyOf(test.tools())));
    KernelGate.Verdict verdict =
        KernelGate.decide(
            Host.isRoot(),
            Host.missingTools(tools),
            Optional.ofNullable(System.getenv(KernelGate.MODE_VARIABLE)));
    switch (verdict.outcome()) {
      case SKIP -> Assumptions.abort(verdict.reason());
      case FAIL -> Assertions.fail(verdict.reason());
      case RUN -> {}
    }
  }

  /**
   * The {@link KernelTest} of the test class or an enclosing class, on the class itself or on an
   * annotation of it (a project's own annotation that names the tools its tests share).
   */
  private static Optional<KernelTest> annotation(ExtensionContext context) {
    for (Class<?> type = context.getTestClass().orElse(null);
        type != null;
        type = type.getEnclosingClass()) {
      Optional<KernelTest> test = AnnotationSupport.findAnnotation(type, KernelTest.class);
      if (test.isPresent()) {
        return test;
      }
    }
    return Optional.empty();
  }

  /** Closes the method's lab, deleting its namespaces. */
  @Override
  public void afterEach(ExtensionContext context) {
    LabResource resource = context.getStore(STORE).remove(LAB, LabResource.class);
    if (resource != null) {
      resource.lab.close();
    }
  }

  /** Supports {@link KernelLab} parameters of test methods and their lifecycle methods. */
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KernelLab.class
        && context.getTestMethod().isPresent();
  }

  /** Returns the lab of the current test method, opening it on first use. */
  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getStore(STORE)
        .getOrComputeIfAbsent(LAB, key -> new LabResource(KernelLab.open()), LabResource.class)
        .lab;
  }

  /** Closes the lab if JUnit discards the store before {@link #afterEach} ran. */
  private static final class LabResource implements ExtensionContext.Store.CloseableResource {
    private final KernelLab lab;

    LabResource(KernelLab lab) {
      this.lab = lab;
    }

    @Override
    public void close() {
      lab.close();
    }
  }
}
