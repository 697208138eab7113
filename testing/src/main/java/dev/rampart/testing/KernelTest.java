package dev.rampart.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that needs root and real tools; its methods may take a {@link KernelLab}.
 *
 * <p>Each test method gets a fresh lab, closed after the method. Without root, or with one of
 * {@link #tools()} missing, the tests are skipped with the reason; with the environment variable
 * {@code RAMPART_KERNEL_TESTS=required} they fail instead. It may also annotate an annotation, so
 * that classes sharing a tool list carry that annotation instead.
 *
 * <pre>{@code
 * @KernelTest(tools = {"ip", "iptables-restore", "ipset"})
 * class FooKernelTest {
 *   @Test
 *   void loads(KernelLab lab) { ... }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(KernelLabExtension.class)
@Tag("kernel")
public @interface KernelTest {
  /** Returns the tools the tests run; {@code ip} is always required besides these. */
  String[] tools() default {"ip"};
}
