package dev.rampart.dsl.swarm;

import com.google.common.collect.ImmutableList;

/**
 * The filter-table chains Docker creates besides {@code DOCKER-USER}. A swarm policy declares them
 * foreign so that every renderer preserves them (ferm's {@code @preserve} wipes a Docker chain it
 * is not told about) and never writes into them.
 */
public final class DockerChains {
  /**
   * Docker's filter chains, union of the layouts: {@link
   * dev.rampart.core.docker.DockerChains#FILTER}.
   */
  public static final ImmutableList<String> FILTER = dev.rampart.core.docker.DockerChains.FILTER;

  private DockerChains() {}
}
