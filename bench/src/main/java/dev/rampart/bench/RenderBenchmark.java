package dev.rampart.bench;

import dev.rampart.core.RenderMode;
import dev.rampart.core.Ruleset;
import dev.rampart.render.ferm.FermRenderer;
import dev.rampart.render.iptables.IptablesRenderer;
import dev.rampart.render.nftables.DockerBackend;
import dev.rampart.render.nftables.NftablesRenderer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long building (with validation) and rendering a realistic host policy of {@code rules} rules
 * takes: source prefixes, port lists and ranges, conntrack, sets, 100-rule user chains (see {@link
 * Rulesets#realistic}).
 *
 * <p>Run: {@code bench/run}, or {@code java -jar bench/target/benchmarks.jar RenderBenchmark}.
 *
 * <p>The fork runs on a fixed 4 GB heap touched in advance: on this project's virtual machine a
 * growing heap pays for the first touch of each new page, which made one iteration of the same
 * 100k-rule render take 250 ms and the next 1.8 s; the figures measure the code, not the host's
 * page faults.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 2, // two forks: one JVM's luck (code layout, heap) shows as a gap between them
    jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch", "-XX:+UseTransparentHugePages"})
public class RenderBenchmark {
  /** Number of rules. */
  @Param({"1000", "10000", "100000"})
  public int rules;

  private Ruleset ruleset = Rulesets.realistic(1);

  /** Builds the ruleset measured by the render benchmarks. */
  @Setup
  public void setUp() {
    ruleset = Rulesets.realistic(rules);
  }

  /** Builds and validates the ruleset. */
  @Benchmark
  public Ruleset buildAndValidate() {
    return Rulesets.realistic(rules);
  }

  /** Renders the IPv4 iptables-restore text. */
  @Benchmark
  public String renderIptables() {
    return IptablesRenderer.of(RenderMode.COEXIST).render(ruleset);
  }

  /** Renders the ferm configuration (coexist, newest Docker layout). */
  @Benchmark
  public String renderFerm() {
    return FermRenderer.of(RenderMode.COEXIST).render(ruleset);
  }

  /** Renders the nft script for a swarm node (Docker on iptables-nft). */
  @Benchmark
  public String renderNftables() {
    return NftablesRenderer.builder().docker(DockerBackend.IPTABLES_NFT).build().render(ruleset);
  }
}
