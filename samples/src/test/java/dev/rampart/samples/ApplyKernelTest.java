package dev.rampart.samples;

import dev.rampart.testing.KernelTest;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The apply-script kernel tests ({@link ApplyRuns}): root, and the tools every backend's {@code
 * apply.sh} and {@link ApplyRuns#state} run.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@KernelTest(
    tools = {
      "ip",
      "sh",
      "env",
      "flock",
      "ipset",
      "nft",
      "ferm",
      "iptables-legacy-save",
      "iptables-nft-save",
      "ip6tables-legacy-save",
      "ip6tables-nft-save"
    })
@interface ApplyKernelTest {}
