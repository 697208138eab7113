package dev.rampart.samples;

import static dev.rampart.core.match.ConnState.ESTABLISHED;
import static dev.rampart.core.match.ConnState.RELATED;
import static dev.rampart.dsl.Rampart.INPUT;

import dev.rampart.core.Family;
import dev.rampart.core.Ruleset;
import dev.rampart.dsl.ChainBuilder;
import dev.rampart.dsl.Rampart;
import dev.rampart.dsl.RulesetBuilder;
import dev.rampart.dsl.swarm.DockerUserAllowList;
import dev.rampart.dsl.swarm.IcmpEssentials;
import dev.rampart.dsl.swarm.SourceSet;
import dev.rampart.dsl.swarm.SwarmPorts;

/**
 * The allow-list layout of the Ansible role ryandaniels/ansible-role-iptables-docker, made dual
 * stack: a host chain {@code FILTERS} and {@code DOCKER-USER}, both restricted to the allow set
 * {@code ip_allow}; SSH public; encrypted overlays between the swarm nodes.
 *
 * <p>Threat model: only the addresses in {@code ip_allow} (192.0.2.0/24, 198.51.100.0/24,
 * 2001:db8:2::/64: offices and the swarm nodes) may reach the host or any published service; anyone
 * may reach SSH. The overlay is encrypted: ESP is accepted from the swarm nodes, VXLAN that came
 * through IPsec from them is returned to INPUT, plain VXLAN from them too (Docker's drop of
 * unencrypted VXLAN for encrypted networks then decides), VXLAN from anyone else is dropped. These
 * VXLAN rules come before the {@code ip_allow} accept, so plain VXLAN is never accepted ahead of
 * Docker's drop. Whatever else arrives on {@code eth0} is dropped.
 */
public final class TrustedAllowlist implements Scenario {
  /** The chain holding the host rules. */
  public static final String FILTERS = "FILTERS";

  /** The allow list. */
  public static final SourceSet ALLOW =
      SourceSet.parse("ip_allow", "192.0.2.0/24", "198.51.100.0/24", "2001:db8:2::/64");

  /** The swarm nodes (a subset of the allow list). */
  public static final SourceSet NODES = SourceSet.trustedNodes("192.0.2.0/24", "2001:db8:2::/64");

  @Override
  public String name() {
    return "trusted-allowlist";
  }

  @Override
  public String description() {
    return "FILTERS and DOCKER-USER restricted to the allow set ip_allow, SSH public, IPsec VXLAN"
        + " from the swarm nodes returned";
  }

  @Override
  public Ruleset ruleset() {
    DockerUserAllowList dockerUser =
        DockerUserAllowList.builder().externalInterfaces("eth0").trustedSources(ALLOW).build();
    RulesetBuilder rs = Rampart.ruleset();
    ALLOW.addressSets().forEach(rs::set);
    NODES.addressSets().forEach(rs::set);
    return rs.filter(
            t -> {
              t.chain(INPUT, c -> c.rule(r -> r.jump(FILTERS)))
                  .chain(FILTERS, TrustedAllowlist::filters);
              dockerUser.applyTo(t);
            })
        .build();
  }

  private static void filters(ChainBuilder c) {
    int vxlan = SwarmPorts.DEFAULT_DATA_PATH;
    c.rule(r -> r.ctstate(ESTABLISHED, RELATED).accept())
        .rule(r -> r.in("lo").accept())
        .rules(IcmpEssentials.rules());
    for (Family f : NODES.families()) {
      String nodes = NODES.setName(f);
      c.rule(r -> r.esp().srcSet(nodes).comment("encrypted overlay").accept())
          .rule(
              r ->
                  r.udp()
                      .dport(vxlan)
                      .ipsecIn()
                      .srcSet(nodes)
                      .comment("vxlan over ipsec")
                      .returns())
          .rule(
              r ->
                  r.udp()
                      .dport(vxlan)
                      .srcSet(nodes)
                      .comment("plain vxlan: docker decides")
                      .returns());
    }
    c.rule(r -> r.udp().dport(vxlan).comment("vxlan from others").drop());
    for (Family f : ALLOW.families()) {
      c.rule(r -> r.srcSet(ALLOW.setName(f)).accept());
    }
    c.rule(r -> r.tcp().dport(22).comment("ssh").accept())
        .rule(r -> r.in("eth0").comment("not allowed").drop());
  }
}
