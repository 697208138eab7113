package dev.rampart.bench;

import dev.rampart.dsl.swarm.Cluster;

/**
 * The first {@code Cluster.build} of a fresh JVM, for {@link ColdStart}: the swarm of 1,000 nodes
 * of {@link ScaleBenchmark#clusterBuild1000}; prints its seconds.
 */
public final class FirstClusterBuild {
  private FirstClusterBuild() {}

  /** No arguments. */
  public static void main(String[] args) {
    long start = System.nanoTime();
    Cluster cluster = ScaleBenchmark.cluster1000();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (cluster.nodes().size() != 1000) {
      throw new IllegalStateException("expected 1000 nodes: " + cluster.nodes().size());
    }
    System.out.println(seconds);
  }
}
