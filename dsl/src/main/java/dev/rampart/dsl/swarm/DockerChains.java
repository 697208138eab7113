package dev.rampart.dsl.swarm;

import com.google.common.collect.ImmutableList;

/**
 * The filter-table chains Docker creates besides {@code DOCKER-USER}. A swarm policy declares them
 * foreign so that every renderer preserves them (ferm's {@code @preserve} wipes a Docker chain it
 * is not told about) and never writes into them.
 */
public final class DockerChains {
  /**
   * Docker's filter chains, union of the layouts: 28.0.1 and later ({@code DOCKER-FORWARD}, {@code
   * DOCKER-BRIDGE}, {@code DOCKER-CT}, {@code DOCKER-INTERNAL}) and 17.06 to 28.0.0 ({@code
   * DOCKER-ISOLATION-STAGE-1/2}); {@code DOCKER} and {@code DOCKER-INGRESS} in both.
   */
  public static final ImmutableList<String> FILTER =
      ImmutableList.of(
          "DOCKER",
          "DOCKER-BRIDGE",
          "DOCKER-CT",
          "DOCKER-FORWARD",
          "DOCKER-INGRESS",
          "DOCKER-INTERNAL",
          "DOCKER-ISOLATION-STAGE-1",
          "DOCKER-ISOLATION-STAGE-2");

  private DockerChains() {}
}
