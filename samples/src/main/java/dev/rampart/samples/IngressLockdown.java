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
 * INPUT never sees them. Here a published port is reachable only from the internal network
 * (172.16.0.0/12 by default, a constructor parameter), whatever interface the packet arrives on: a
 * host on a second uplink, a VPN or a peer network outside the internal network is dropped like one
 * on {@code eth0}. Only the routing-mesh ports 80 and 443 are open to the world. Replies and the
 * containers' own traffic (from {@code docker0}, {@code docker_gwbridge} and user-defined bridge
 * networks {@code br-*}) are returned to Docker untouched. Source addresses are trusted as the
 * kernel sees them: an attacker who can spoof an internal address on a path that routes replies
 * back (rp_filter off or loose) is not stopped here.
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
        + " only, on every interface; 80 and 443 for the world";
  }

  @Override
  public Ruleset ruleset() {
    DockerUserAllowList dockerUser =
        DockerUserAllowList.builder()
            .everyInterface()
            .bridge(DockerUserAllowList.DOCKER0)
            .bridge(DockerUserAllowList.DOCKER_GWBRIDGE)
            .bridge("br-+")
            .trustedNetworks(List.of(internal))
            .allow(PublishedService.tcp(80), PublishedService.tcp(443))
            .build();
    return Rampart.ruleset().filter(dockerUser::applyTo).build();
  }
}
