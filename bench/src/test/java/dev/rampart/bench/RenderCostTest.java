package dev.rampart.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.RenderMode;
import dev.rampart.core.Ruleset;
import dev.rampart.core.eval.CompiledEvaluator;
import dev.rampart.core.eval.Evaluator;
import dev.rampart.core.eval.Host;
import dev.rampart.render.ferm.FermRenderer;
import dev.rampart.render.iptables.IptablesRenderer;
import dev.rampart.render.nftables.DockerBackend;
import dev.rampart.render.nftables.NftablesRenderer;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * What rendering and the compiled evaluator allocate, in bytes counted by the JVM for this thread
 * (independent of the machine's load, unlike times): rendering allocates a bounded number of bytes
 * per rule beyond its output text, and the compiled evaluator allocates nothing per packet.
 */
class RenderCostTest {
  private static final int RULES = 10_000;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** Bytes per rule allocated by {@code render} beyond ~4 bytes per character of its text. */
  private static long bytesPerRuleBeyondText(Supplier<String> render) {
    String text = "";
    for (int i = 0; i < 3; i++) {
      text = render.get(); // warm: code compiled, constants made
    }
    long before = THREADS.getCurrentThreadAllocatedBytes();
    text = render.get();
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
    // the text costs up to ~4 bytes a character: the builder's doublings and the final copy
    return (allocated - 4L * text.length()) / RULES;
  }

  // Measured at 10k rules when these bounds were set, bytes per rule beyond the text: iptables
  // ~500 (3,100 before, 7,200 before that: it now writes each rule straight into the text),
  // ferm ~4,600 (9,100 before), nftables ~1,650 (3,500 before: list keys hashed once, values read
  // by position, one match sorter per table; 8,600 before that, 11,200 before that: lines written
  // straight into the script, list values computed once per render); the bounds sit between, so
  // the causes fixed (facts derived per question, lists and strings per rule) cannot come back
  // unnoticed.

  @Test
  void iptablesAllocatesABoundedNumberOfBytesPerRule() {
    Ruleset rs = Rulesets.realistic(RULES);
    IptablesRenderer renderer = IptablesRenderer.of(RenderMode.COEXIST);
    assertThat(bytesPerRuleBeyondText(() -> renderer.render(rs))).isLessThan(1_000);
  }

  @Test
  void fermAllocatesABoundedNumberOfBytesPerRule() {
    Ruleset rs = Rulesets.realistic(RULES);
    FermRenderer renderer = FermRenderer.of(RenderMode.COEXIST);
    assertThat(bytesPerRuleBeyondText(() -> renderer.render(rs))).isLessThan(7_000);
  }

  @Test
  void nftablesAllocatesABoundedNumberOfBytesPerRule() {
    Ruleset rs = Rulesets.realistic(RULES);
    NftablesRenderer renderer =
        NftablesRenderer.builder().docker(DockerBackend.IPTABLES_NFT).build();
    assertThat(bytesPerRuleBeyondText(() -> renderer.render(rs))).isLessThan(2_500);
  }

  @Test
  void compiledEvaluatorAllocatesNothingPerPacket() {
    CompiledEvaluator compiled =
        Evaluator.of(
                EvaluateBenchmark.ruleset(),
                Host.parse(
                    "eth0=198.51.100.1/24,ens11=10.10.10.1/24,docker_gwbridge=172.18.0.1/16"))
            .compile();
    SplittableRandom random = new SplittableRandom(7);
    CompiledEvaluator.Prepared[] prepared = new CompiledEvaluator.Prepared[1024];
    for (int i = 0; i < prepared.length; i++) {
      prepared[i] = compiled.prepare(EvaluateBenchmark.packet(random));
    }
    int decisions = 0;
    for (int i = 0; i < 100_000; i++) {
      decisions += compiled.decide(prepared[i & 1023]).ordinal(); // warm
    }
    long before = THREADS.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 100_000; i++) {
      decisions += compiled.decide(prepared[i & 1023]).ordinal();
    }
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
    assertThat(decisions).isPositive();
    // 100k packets: a per-packet object of 16 bytes would be 1.6 MB
    assertThat(allocated).isLessThan(64 * 1024);
  }
}
