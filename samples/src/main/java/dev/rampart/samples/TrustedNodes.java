package dev.rampart.samples;

import static dev.rampart.core.ChainPolicy.DROP;
import static dev.rampart.core.match.ConnState.ESTABLISHED;
import static dev.rampart.core.match.ConnState.RELATED;
import static dev.rampart.dsl.Rampart.INPUT;

import dev.rampart.core.Family;
import dev.rampart.core.Ruleset;
import dev.rampart.dsl.Rampart;
import dev.rampart.dsl.RulesetBuilder;
import dev.rampart.dsl.swarm.DockerUserAllowList;
import dev.rampart.dsl.swarm.IcmpEssentials;
import dev.rampart.dsl.swarm.PublishedService;
import dev.rampart.dsl.swarm.SourceSet;

/**
 * Nodes in a set may reach everything; the world gets SSH, DNS and HTTP(S). Composed from the
 * building blocks and the plain DSL rather than the swarm preset.
 *
 * <p>Threat model: the other nodes ({@code swarm-nodes}: 192.0.2.0/24 and 2001:db8:2::/64, e.g.
 * their public addresses) are as trusted as the host itself, on any port, for the host and for
 * published services. Everyone else may use SSH (22/tcp), DNS (53/tcp and 53/udp) and HTTP(S)
 * (80/tcp, 443/tcp), served by the host or by a published service alike. INPUT's policy is DROP, so
 * anything not listed is refused on every interface, after replies (ESTABLISHED,RELATED) and the
 * ICMP essentials; published services other than those are dropped when they arrive on {@code
 * eth0}.
 */
public final class TrustedNodes implements Scenario {
  /** The chain holding the host rules. */
  public static final String FILTERS = "FILTERS";

  /** The trusted nodes. */
  public static final SourceSet NODES = SourceSet.trustedNodes("192.0.2.0/24", "2001:db8:2::/64");

  @Override
  public String name() {
    return "trusted-nodes";
  }

  @Override
  public String description() {
    return "INPUT drops by default; nodes in swarm-nodes reach everything, the world SSH, DNS and"
        + " HTTP(S)";
  }

  @Override
  public Ruleset ruleset() {
    DockerUserAllowList dockerUser =
        DockerUserAllowList.builder()
            .externalInterfaces("eth0")
            .trustedSources(NODES)
            .allow(
                PublishedService.tcp(53).hostMode(),
                PublishedService.udp(53).hostMode(),
                PublishedService.tcp(80).hostMode(),
                PublishedService.tcp(443).hostMode())
            .build();
    RulesetBuilder rs = Rampart.ruleset();
    NODES.addressSets().forEach(rs::set);
    return rs.filter(
            t -> {
              t.chain(INPUT, c -> c.policy(DROP).rule(r -> r.jump(FILTERS)))
                  .chain(
                      FILTERS,
                      c ->
                          c.rule(r -> r.ctstate(ESTABLISHED, RELATED).accept())
                              .rule(r -> r.in("lo").accept())
                              .rules(IcmpEssentials.rules())
                              .rule(r -> r.srcSet(NODES.setName(Family.IPV4)).accept())
                              .rule(r -> r.srcSet(NODES.setName(Family.IPV6)).accept())
                              .rule(r -> r.tcp().dport(22).comment("ssh").accept())
                              .rule(r -> r.tcp().dport(53).comment("dns").accept())
                              .rule(r -> r.udp().dport(53).comment("dns").accept())
                              .rule(r -> r.tcp().dport(80, 443).comment("http(s)").accept()));
              dockerUser.applyTo(t);
            })
        .build();
  }
}
