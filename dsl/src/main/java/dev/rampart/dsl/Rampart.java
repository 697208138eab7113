package dev.rampart.dsl;

/**
 * Entry point of the DSL, with the names of the chains policies mention most.
 *
 * <pre>{@code
 * import static dev.rampart.core.ChainPolicy.DROP;
 * import static dev.rampart.core.match.ConnState.*;
 * import static dev.rampart.dsl.Rampart.*;
 *
 * Ruleset rs = Rampart.ruleset()
 *     .filter(t -> t
 *         .chain(INPUT, c -> c.policy(DROP)
 *             .rule(r -> r.ctstate(ESTABLISHED, RELATED).accept())
 *             .rule(r -> r.in("lo").accept())
 *             .rule(r -> r.tcp().dport(22).comment("ssh").accept())))
 *     .build();
 * }</pre>
 */
public final class Rampart {
  /** The filter/mangle/nat built-in chain for packets addressed to this host. */
  public static final String INPUT = "INPUT";

  /** The built-in chain for routed packets, where published container ports are filtered. */
  public static final String FORWARD = "FORWARD";

  /** The built-in chain for locally generated packets. */
  public static final String OUTPUT = "OUTPUT";

  /** The nat/mangle/raw built-in chain before routing. */
  public static final String PREROUTING = "PREROUTING";

  /** The nat/mangle built-in chain after routing. */
  public static final String POSTROUTING = "POSTROUTING";

  /** Docker's chain reserved to the administrator, jumped to first from FORWARD. */
  public static final String DOCKER_USER = "DOCKER-USER";

  private Rampart() {}

  /** Starts a ruleset. */
  public static RulesetBuilder ruleset() {
    return new RulesetBuilder();
  }

  /**
   * Starts a rule outside a chain, e.g. for a preset's block of rules: {@code
   * Rampart.rule().tcp().dport(22).accept()}. Inside a chain use {@link ChainBuilder#rule}, which
   * names the rule's place in messages.
   */
  public static RuleBuilder rule() {
    return new RuleBuilder();
  }
}
