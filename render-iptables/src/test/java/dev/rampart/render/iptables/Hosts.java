package dev.rampart.render.iptables;

import static dev.rampart.core.ChainPolicy.DROP;
import static dev.rampart.core.match.ConnState.ESTABLISHED;
import static dev.rampart.core.match.ConnState.RELATED;
import static dev.rampart.dsl.Rampart.DOCKER_USER;
import static dev.rampart.dsl.Rampart.INPUT;

import dev.rampart.core.Family;
import dev.rampart.core.Ruleset;
import dev.rampart.dsl.Rampart;

/** A Docker host's policy in the FILTERS pattern, used by the mode, script and kernel tests. */
final class Hosts {
  private Hosts() {}

  /**
   * INPUT (policy DROP) jumps to our FILTERS chain; DOCKER-USER (ours) lets the published port 8080
   * through only from the allow4 set; DOCKER-FORWARD is Docker's.
   */
  static Ruleset dockerHost() {
    return Rampart.ruleset()
        .set("allow4", Family.IPV4, "192.0.2.0/24", "198.51.100.7")
        .filter(
            t ->
                t.chain(
                        INPUT,
                        c ->
                            c.policy(DROP)
                                .rule(r -> r.jump("FILTERS"))
                                .rule(r -> r.tcp().dport(22).comment("ssh first").accept()))
                    .chain(
                        "FILTERS",
                        c ->
                            c.rule(r -> r.in("lo").accept())
                                .rule(r -> r.ctstate(ESTABLISHED, RELATED).accept())
                                .rule(r -> r.tcp().dport(22).comment("ssh").accept())
                                .rule(
                                    r ->
                                        r.icmp()
                                            .icmpType(8)
                                            .limit(5, dev.rampart.core.match.LimitMatch.Unit.SECOND)
                                            .accept()))
                    .chain(
                        DOCKER_USER,
                        c ->
                            c.rule(r -> r.srcSet("allow4").ctOrigDport(8080).returns())
                                .rule(r -> r.in("eth0").out("docker_gwbridge").drop())
                                .rule(r -> r.returns()))
                    .foreign("DOCKER-FORWARD"))
        .build();
  }
}
