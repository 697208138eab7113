package dev.rampart.bench;

import static dev.rampart.core.ChainPolicy.DROP;

import dev.rampart.core.Family;
import dev.rampart.core.Ruleset;
import dev.rampart.dsl.Rampart;
import dev.rampart.dsl.swarm.Cluster;
import dev.rampart.dsl.swarm.ClusterNode;
import dev.rampart.dsl.swarm.PublishedService;
import dev.rampart.render.nftables.DockerBackend;
import dev.rampart.render.nftables.NftablesRenderer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The sizes that were quadratic: validation of 100k rules in 10k user chains, an nftables named set
 * of 100k elements, a swarm cluster of 1,000 nodes.
 *
 * <p>Run: {@code bench/run}, or {@code java -jar bench/target/benchmarks.jar ScaleBenchmark}.
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
    value = 2,
    jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch", "-XX:+UseTransparentHugePages"})
public class ScaleBenchmark {
  private Ruleset tenPerChain = Rulesets.realistic(10, 10);
  private Ruleset bigSet = tenPerChain;

  /** Builds the rulesets once. */
  @Setup
  public void setUp() {
    tenPerChain = Rulesets.realistic(100_000, 10);
    bigSet =
        Rampart.ruleset()
            .set("customers", Family.IPV4, Rulesets.addresses(100_000, 32))
            .allowLockout() // measures the named set; this INPUT opens 443 only, on purpose
            .filter(
                t ->
                    t.chain(
                        "INPUT",
                        c ->
                            c.policy(DROP)
                                .rule(r -> r.srcSet("customers").tcp().dport(443).accept())))
            .build();
  }

  /** Validates 100k rules in 10k user chains (the ruleset is rebuilt from its parts). */
  @Benchmark
  public Ruleset validate100kRulesIn10kChains() {
    return Ruleset.builder().from(tenPerChain).build();
  }

  /** Renders an nft script whose named set holds 100k addresses. */
  @Benchmark
  public String nftNamedSet100k() {
    return NftablesRenderer.builder().docker(DockerBackend.IPTABLES_NFT).build().render(bigSet);
  }

  /** Builds the policies of a swarm of 1,000 nodes (3 managers). */
  @Benchmark
  public Cluster clusterBuild1000() {
    return cluster1000();
  }

  /** The swarm of 1,000 nodes (3 managers) of {@link #clusterBuild1000}, built. */
  static Cluster cluster1000() {
    Cluster.Builder b = Cluster.builder();
    for (int i = 0; i < 1000; i++) {
      String ip = "10." + i / 250 + "." + i % 250 + ".1";
      b.node(i < 3 ? ClusterNode.manager("m" + i, ip) : ClusterNode.worker("w" + i, ip));
    }
    return b.hosts(h -> h.externalInterfaces("eth0").internalInterfaces("ens11"))
        .publish(PublishedService.tcp(443))
        .build();
  }
}
