package dev.rampart.samples;

import static dev.rampart.core.ChainPolicy.DROP;
import static dev.rampart.core.match.ConnState.ESTABLISHED;
import static dev.rampart.core.match.ConnState.RELATED;
import static dev.rampart.core.match.LimitMatch.Unit.SECOND;
import static dev.rampart.dsl.Rampart.INPUT;

import dev.rampart.core.Ruleset;
import dev.rampart.dsl.Rampart;

/**
 * A host without Docker, or one whose containers publish nothing: only SSH and the ICMP that keeps
 * IPv4 and IPv6 working are let in.
 *
 * <p>Threat model: everything that reaches the host's own addresses is hostile except replies to
 * connections the host opened and SSH. INPUT drops by default; the host rules live in the chain
 * {@code FILTERS}, jumped to from the top of INPUT, so on a Docker host they coexist with Docker's
 * chains.
 */
public final class MinimalHost implements Scenario {
  /** The chain holding the host rules. */
  public static final String FILTERS = "FILTERS";

  /** The SSH port. */
  public static final int SSH = 22;

  @Override
  public String name() {
    return "minimal-host";
  }

  @Override
  public String description() {
    return "INPUT drops by default; loopback, replies, ICMP essentials (v4 and v6) and SSH only";
  }

  @Override
  public Ruleset ruleset() {
    return Rampart.ruleset()
        .filter(
            t ->
                t.chain(INPUT, c -> c.policy(DROP).rule(r -> r.jump(FILTERS)))
                    .chain(
                        FILTERS,
                        c ->
                            c.rule(r -> r.ctstate(ESTABLISHED, RELATED).accept())
                                .rule(r -> r.in("lo").accept())
                                .rule(
                                    r -> r.icmpType(3).comment("destination unreachable").accept())
                                .rule(r -> r.icmpType(11).comment("time exceeded").accept())
                                .rule(
                                    r ->
                                        r.icmpType(8).limit(5, SECOND, 10).comment("ping").accept())
                                .rule(r -> r.icmpv6Type(1).accept())
                                .rule(r -> r.icmpv6Type(2).comment("packet too big").accept())
                                .rule(r -> r.icmpv6Type(3).accept())
                                .rule(r -> r.icmpv6Type(4).accept())
                                .rule(
                                    r ->
                                        r.icmpv6Type(128)
                                            .limit(5, SECOND, 10)
                                            .comment("ping")
                                            .accept())
                                .rule(r -> r.icmpv6Type(133).accept())
                                .rule(r -> r.icmpv6Type(134).accept())
                                .rule(
                                    r ->
                                        r.icmpv6Type(135)
                                            .comment("neighbour solicitation")
                                            .accept())
                                .rule(
                                    r ->
                                        r.icmpv6Type(136)
                                            .comment("neighbour advertisement")
                                            .accept())
                                .rule(r -> r.tcp().dport(SSH).comment("ssh").accept())))
        .build();
  }
}
