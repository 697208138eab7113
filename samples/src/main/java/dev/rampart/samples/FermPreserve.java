package dev.rampart.samples;

import static dev.rampart.core.ChainPolicy.DROP;
import static dev.rampart.core.match.ConnState.ESTABLISHED;
import static dev.rampart.core.match.ConnState.RELATED;
import static dev.rampart.dsl.Rampart.DOCKER_USER;
import static dev.rampart.dsl.Rampart.INPUT;

import dev.rampart.core.Ruleset;
import dev.rampart.dsl.Rampart;
import dev.rampart.dsl.swarm.DockerChains;
import dev.rampart.dsl.swarm.IcmpEssentials;

/**
 * The layout of a ferm configuration on a swarm node ({@code ferm.conf} plus {@code ferm.d/}):
 * INPUT with policy DROP holding the host rules itself, Docker's chains preserved, and {@code
 * DOCKER-USER} built from one block per service followed by the defaults, last.
 *
 * <p>Threat model: the host answers SSH only (plus replies, loopback and the ICMP essentials);
 * published services answer on {@code eth0} only for HTTP (80) and HTTPS (443), i.e. connections
 * arriving on {@code eth0} that Docker forwards to {@code docker_gwbridge} (the routing mesh) with
 * an original destination port of 80 or 443; every other connection from {@code eth0} to a
 * container is dropped, and the rest of {@code DOCKER-USER} is neutral. Docker's filter chains are
 * declared foreign, so ferm preserves them ({@code @preserve}) instead of wiping them.
 */
public final class FermPreserve implements Scenario {
  @Override
  public String name() {
    return "ferm-preserve";
  }

  @Override
  public String description() {
    return "ferm.d layout: INPUT DROP with SSH, HTTP(S) to published services from eth0,"
        + " DOCKER-USER defaults last, Docker's chains preserved";
  }

  @Override
  public Ruleset ruleset() {
    return Rampart.ruleset()
        .filter(
            t ->
                t.chain(
                        INPUT,
                        c ->
                            c.policy(DROP)
                                .rule(r -> r.ctstate(ESTABLISHED, RELATED).accept())
                                .rule(r -> r.in("lo").accept())
                                .rules(IcmpEssentials.rules())
                                .rule(r -> r.tcp().dport(22).comment("ssh").accept()))
                    .chain(
                        DOCKER_USER,
                        c ->
                            c.rule(r -> r.ctstate(ESTABLISHED, RELATED).returns())
                                // ferm.d/http.conf
                                .rule(
                                    r ->
                                        r.in("eth0")
                                            .out("docker_gwbridge")
                                            .tcp()
                                            .ctOrigDport(80)
                                            .comment("http")
                                            .returns())
                                // ferm.d/https.conf
                                .rule(
                                    r ->
                                        r.in("eth0")
                                            .out("docker_gwbridge")
                                            .tcp()
                                            .ctOrigDport(443)
                                            .comment("https")
                                            .returns())
                                // ferm.d/zz-defaults.conf
                                .rule(r -> r.in("docker0").returns())
                                .rule(r -> r.in("docker_gwbridge").returns())
                                .rule(r -> r.in("eth0").drop())
                                .rule(r -> r.returns()))
                    .foreign(DockerChains.FILTER))
        .build();
  }
}
