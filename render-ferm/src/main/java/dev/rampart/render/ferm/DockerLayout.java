package dev.rampart.render.ferm;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.rampart.core.Family;
import dev.rampart.core.TableName;
import dev.rampart.core.docker.DockerChains;

/**
 * The chains a Docker version creates or writes to, per table and family: what ferm must list in
 * {@code @preserve} so that loading our rules leaves Docker's untouched. Any Docker chain missing
 * from the list would be wiped by ferm; a listed chain is preserved only where the host has it.
 *
 * <p>Every layout writes mangle {@code OUTPUT}: the overlay driver marks the VXLAN traffic of
 * encrypted overlay networks there ({@code -j MARK --set-mark 0xd0c4e3}), and ferm would flush it.
 */
public enum DockerLayout {
  /**
   * Docker 17.06 to 27.x: {@code DOCKER-ISOLATION-STAGE-1/2} and Docker's rules appended to {@code
   * FORWARD}.
   */
  UP_TO_27(DockerChains.FILTER_UP_TO_27, ImmutableList.of()),
  /**
   * Docker 28.0.1 and later: {@code FORWARD} holds only the jumps to {@code DOCKER-USER} and {@code
   * DOCKER-FORWARD}, which leads to {@code DOCKER-CT}, {@code DOCKER-INTERNAL}, {@code
   * DOCKER-BRIDGE}; raw {@code PREROUTING} drops direct access to container addresses.
   */
  FROM_28_0_1(DockerChains.FILTER, ImmutableList.of("PREROUTING"));

  /** The chain Docker creates for the administrator's rules and never writes itself. */
  public static final String DOCKER_USER = DockerChains.DOCKER_USER;

  private final ImmutableMap<TableName, ImmutableList<String>> chains;

  /**
   * A layout whose filter table holds {@code dockers} (Docker's own chains, between {@code
   * FORWARD}, which Docker writes to, and {@code DOCKER-USER}) and whose raw table holds {@code
   * raw}.
   */
  DockerLayout(ImmutableList<String> dockers, ImmutableList<String> raw) {
    this.chains =
        ImmutableMap.of(
            TableName.FILTER,
            ImmutableList.<String>builder()
                .add("FORWARD")
                .addAll(dockers)
                .add(DockerChains.DOCKER_USER)
                .build(),
            TableName.NAT,
            ImmutableList.<String>builder()
                .add("PREROUTING", "OUTPUT", "POSTROUTING")
                .addAll(DockerChains.NAT)
                .build(),
            TableName.RAW,
            raw,
            TableName.MANGLE,
            ImmutableList.of("OUTPUT"));
  }

  /** The newest layout, the default. */
  public static DockerLayout newest() {
    return FROM_28_0_1;
  }

  /**
   * The chains of {@code table} in {@code family} that this Docker version creates or writes to,
   * {@link #DOCKER_USER} included.
   */
  public ImmutableList<String> chains(Family family, TableName table) {
    ImmutableList<String> all = chains.getOrDefault(table, ImmutableList.of());
    if (family == Family.IPV4) {
      return all;
    }
    return all.stream()
        .filter(c -> !c.equals(DockerChains.DOCKER_INGRESS))
        .collect(ImmutableList.toImmutableList());
  }
}
