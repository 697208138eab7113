package dev.rampart.samples;

import dev.rampart.core.Cidr;
import dev.rampart.core.Ruleset;
import dev.rampart.dsl.Rampart;
import dev.rampart.dsl.swarm.DockerUserAllowList;
import dev.rampart.dsl.swarm.PublishedService;
import java.util.List;

/**
 * Published ports reachable only from internal sources, except 80 and 443 which are open to the
 * world. Only {@code DOCKER-USER} is written; the host's INPUT is left to another policy.
 *
 * <p>Threat model: Docker publishes services on every node (routing mesh) and a host firewall in
 * INPUT never sees them. Here any published port is dropped when it arrives on {@code eth0} from
 * outside the internal network (172.16.0.0/12 by default, a constructor parameter), except the
 * routing-mesh ports 80 and 443. Replies and the containers' own traffic are returned to Docker
 * untouched; traffic on other interfaces is not filtered.
 */
public final class IngressLockdown implements Scenario {
  /** The default internal network. */
  public static final Cidr DEFAULT_INTERNAL = Cidr.parse("172.16.0.0/12");

  private final Cidr internal;

  /** The scenario with the internal network 172.16.0.0/12. */
  public IngressLockdown() {
    this(DEFAULT_INTERNAL);
  }

  /** The scenario with the internal network {@code internal}. */
  public IngressLockdown(Cidr internal) {
    this.internal = internal;
  }

  @Override
  public String name() {
    return "ingress-lockdown";
  }

  @Override
  public String description() {
    return "DOCKER-USER only: published ports from "
        + internal
        + " only, except 80 and 443 for the world";
  }

  @Override
  public Ruleset ruleset() {
    DockerUserAllowList dockerUser =
        DockerUserAllowList.builder()
            .externalInterfaces("eth0")
            .trustedNetworks(List.of(internal))
            .allow(PublishedService.tcp(80), PublishedService.tcp(443))
            .build();
    return Rampart.ruleset().filter(dockerUser::applyTo).build();
  }
}
