package dev.rampart.core;

import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Verdict;

/**
 * How coexist mode lays a policy out beside Docker, for every iptables-based backend and for {@link
 * dev.rampart.core.snapshot.AfterApply}: each built-in chain the policy has rules for holds exactly
 * one jump of ours, marked with the comment {@value #MARK}, at position 1, into the managed chain
 * {@code RAMPART-<chain>} that holds the policy's rules of that chain; every chain of ours is
 * flushed and refilled on each apply. The chain {@value #REGISTRY} lists what the last apply owns
 * (its chains, and the policy each built-in chain had before we set one), so that the next apply
 * removes what the new policy no longer has: applying P1, ..., Pn leaves what Pn alone leaves.
 *
 * <pre>{@code
 * Coexist.chainFor("INPUT");      // RAMPART-INPUT
 * Coexist.jump("INPUT");          // -m comment --comment rampart -j RAMPART-INPUT
 * }</pre>
 */
public final class Coexist {
  /** The comment of our one jump in a built-in chain. */
  public static final String MARK = "rampart";

  /** The chain (never jumped to) whose rules list what the last apply owns in its table. */
  public static final String REGISTRY = "RAMPART-OWNED";

  /** The registry's record kind of a chain an apply created: deleted when no longer owned. */
  public static final String CREATED = "chain";

  /**
   * The registry's record kind of a chain that existed before an apply took it over ({@code
   * DOCKER-USER}, which Docker creates): only flushed when no longer owned.
   */
  public static final String ADOPTED = "adopted";

  /** The registry's record kind of a built-in chain's policy before an apply set it. */
  public static final String POLICY = "policy";

  private static final String PREFIX = "RAMPART-";

  private Coexist() {}

  /** The managed chain holding the policy's rules of the built-in chain {@code builtin}. */
  public static String chainFor(String builtin) {
    return PREFIX + builtin;
  }

  /** Our one rule in the built-in chain {@code builtin}: the marked jump to its managed chain. */
  public static Rule jump(String builtin) {
    return Rule.builder().target(Jump.to(chainFor(builtin))).comment(MARK).build();
  }

  /**
   * The registry rule saying the last apply owns {@code chain}, which it {@code created} or took
   * over: {@code -j RETURN} with the comment {@code chain:NAME} or {@code adopted:NAME}.
   */
  public static Rule ownedChain(String chain, boolean created) {
    return Rule.builder()
        .target(Verdict.RETURN)
        .comment((created ? CREATED : ADOPTED) + ":" + chain)
        .build();
  }

  /**
   * The registry rule saying the last apply set the policy of {@code builtin}, which was {@code
   * before} until then: when a later policy sets none, {@code before} is restored.
   */
  public static Rule originalPolicy(String builtin, ChainPolicy before) {
    return Rule.builder()
        .target(Verdict.RETURN)
        .comment(POLICY + ":" + builtin + ":" + before.name())
        .build();
  }

  /**
   * Refuses what coexist mode cannot lay out: a chain of the ruleset named like one of ours ({@code
   * RAMPART-INPUT}, {@value #REGISTRY}), and in a built-in chain a {@code RETURN} or a goto, which
   * in the managed chain would continue with the built-in chain's other rules (Docker's) instead of
   * ending in its policy.
   *
   * @param backend the backend's name for the message, e.g. {@code iptables}
   * @throws UnsupportedFeatureException naming the first such chain or rule
   */
  public static void check(Ruleset ruleset, String backend) {
    for (Table table : ruleset.tables()) {
      for (Chain chain : table.chains()) {
        String name = chain.name();
        if (name.equals(REGISTRY)
            || (name.startsWith(PREFIX)
                && table.name().hasBuiltin(name.substring(PREFIX.length())))) {
          throw new UnsupportedFeatureException(
              backend,
              "a chain named like one coexist mode keeps for itself",
              name,
              ChainRef.of(table.name(), name));
        }
        if (table.name().hasBuiltin(name)) {
          checkMovable(table.name(), chain, backend);
        }
      }
    }
  }

  private static void checkMovable(TableName table, Chain chain, String backend) {
    for (int i = 0; i < chain.rules().size(); i++) {
      Rule rule = chain.rules().get(i);
      boolean returns = rule.target().equals(Verdict.RETURN);
      boolean goes =
          rule.target().chain().map(c -> rule.target().equals(Jump.goTo(c))).orElse(false);
      if (returns || goes) {
        throw new UnsupportedFeatureException(
            backend,
            "a "
                + (returns ? "RETURN" : "goto")
                + " in a built-in chain in coexist mode (its rules move to "
                + chainFor(chain.name())
                + ", where it would continue with Docker's rules of "
                + chain.name()
                + "; use a user chain)",
            returns ? "RETURN" : "goto " + rule.target().chain().orElse(""),
            RuleRef.of(table, chain.name(), i + 1));
      }
    }
  }
}
