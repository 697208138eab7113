package dev.rampart.bench;

import static dev.rampart.core.Policy.DROP;
import static dev.rampart.core.match.ConnState.ESTABLISHED;
import static dev.rampart.core.match.ConnState.RELATED;

import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Ruleset;
import dev.rampart.dsl.Rampart;
import dev.rampart.render.ferm.FermRenderer;
import dev.rampart.render.iptables.IptablesRenderer;
import dev.rampart.render.nftables.DockerBackend;
import dev.rampart.render.nftables.NftablesRenderer;
import java.util.ArrayList;
import java.util.List;
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
 * How long building (with validation) and rendering a host policy of {@code rules} port rules and a
 * trusted set of {@code rules} addresses takes.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar RenderBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RenderBenchmark {
  /** Number of port rules and of trusted addresses. */
  @Param({"10", "100", "1000"})
  public int rules;

  private Ruleset ruleset = Rampart.ruleset().build();

  /** Builds the ruleset measured by the render benchmarks. */
  @Setup
  public void setUp() {
    ruleset = build();
  }

  /** Builds and validates the ruleset. */
  @Benchmark
  public Ruleset buildAndValidate() {
    return build();
  }

  /** Renders the IPv4 iptables-restore text. */
  @Benchmark
  public String renderIptables() {
    return IptablesRenderer.of(RenderMode.COEXIST).render(ruleset);
  }

  /** Renders the ipset restore text. */
  @Benchmark
  public String renderIpset() {
    return IptablesRenderer.ipsetRestore(ruleset);
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

  private Ruleset build() {
    List<String> trusted = new ArrayList<>();
    for (int i = 0; i < rules; i++) {
      trusted.add("10." + (i / 65536) % 256 + "." + (i / 256) % 256 + "." + i % 256);
    }
    int n = rules;
    return Rampart.ruleset()
        .set("trusted", Family.IPV4, trusted)
        .filter(
            t ->
                t.chain("INPUT", c -> c.policy(DROP).rule(r -> r.jump("FILTERS")))
                    .chain(
                        "FILTERS",
                        c -> {
                          c.rule(r -> r.ctstate(ESTABLISHED, RELATED).accept());
                          for (int i = 0; i < n; i++) {
                            int port = 1000 + i;
                            c.rule(r -> r.srcSet("trusted").tcp().dport(port).accept());
                          }
                        }))
        .build();
  }
}
