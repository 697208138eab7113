package dev.rampart.core.docker;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainRef;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.UnsupportedFeatureException;

/**
 * The user chains Docker's iptables backend creates, per table, for every Docker version Rampart
 * supports (17.06 to 27.x and 28.0.1 and later), and {@code DOCKER-USER}, the one chain Docker
 * leaves to the administrator. In coexist mode Docker owns these chains: a ruleset may declare them
 * foreign (to jump to them, and so that renderers preserve them) but never manage them.
 *
 * <pre>{@code
 * DockerChains.checkNotManaged(ruleset, RenderMode.COEXIST, "iptables");
 * }</pre>
 */
public final class DockerChains {
  /** The chain Docker creates for the administrator's rules, jumps to first, never flushes. */
  public static final String DOCKER_USER = "DOCKER-USER";

  /**
   * Docker's filter chains besides {@link #DOCKER_USER}, union of the layouts: 28.0.1 and later
   * ({@code DOCKER-FORWARD}, {@code DOCKER-BRIDGE}, {@code DOCKER-CT}, {@code DOCKER-INTERNAL}) and
   * 17.06 to 28.0.0 ({@code DOCKER-ISOLATION-STAGE-1/2}); {@code DOCKER} and {@code DOCKER-INGRESS}
   * (swarm) in both.
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

  /**
   * Docker's filter chains in Docker 17.06 to 27.x, {@link #DOCKER_USER} not included: {@code
   * DOCKER}, {@code DOCKER-INGRESS} (swarm) and {@code DOCKER-ISOLATION-STAGE-1/2}; Docker appends
   * its other rules to {@code FORWARD}. From 28.0.1 on Docker creates all of {@link #FILTER}.
   */
  public static final ImmutableList<String> FILTER_UP_TO_27 =
      ImmutableList.of(
          "DOCKER", "DOCKER-INGRESS", "DOCKER-ISOLATION-STAGE-1", "DOCKER-ISOLATION-STAGE-2");

  /** Swarm's routing mesh chain, in filter and nat; the routing mesh is IPv4 only. */
  public static final String DOCKER_INGRESS = "DOCKER-INGRESS";

  /** Docker's nat chains: port publishing ({@code DOCKER}) and swarm's routing mesh. */
  public static final ImmutableList<String> NAT = ImmutableList.of("DOCKER", "DOCKER-INGRESS");

  private DockerChains() {}

  /** The user chains Docker creates in {@code table}, {@link #DOCKER_USER} not included. */
  public static ImmutableList<String> of(TableName table) {
    return switch (table) {
      case FILTER -> FILTER;
      case NAT -> NAT;
      case RAW, MANGLE -> ImmutableList.of();
    };
  }

  /** Whether Docker creates the user chain {@code chain} in {@code table} (not DOCKER-USER). */
  public static boolean isDockers(TableName table, String chain) {
    return of(table).contains(chain);
  }

  /**
   * Refuses, in coexist mode, a ruleset that manages a chain Docker creates: the backend would
   * flush and rewrite Docker's rules (a published service would lose its rule).
   *
   * @param backend the backend's name for the message, e.g. {@code iptables}
   * @throws UnsupportedFeatureException naming the first such chain, its place and what to write
   *     instead
   */
  public static void checkNotManaged(Ruleset ruleset, RenderMode mode, String backend) {
    if (mode != RenderMode.COEXIST) {
      return;
    }
    for (Table table : ruleset.tables()) {
      for (Chain chain : table.chains()) {
        if (chain.isManaged() && isDockers(table.name(), chain.name())) {
          throw refusal(backend, table.name(), chain.name());
        }
      }
    }
  }

  private static UnsupportedFeatureException refusal(
      String backend, TableName table, String chain) {
    return new UnsupportedFeatureException(
        backend,
        "a managed chain Docker creates, in coexist mode (Docker rewrites it; put"
            + " forwarded-traffic rules into "
            + DOCKER_USER
            + ", or declare it foreign to jump to it)",
        chain,
        ChainRef.of(table, chain));
  }
}
