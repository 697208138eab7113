package dev.rampart.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.ChainRef;
import dev.rampart.core.Family;
import dev.rampart.core.InvalidModelException;
import dev.rampart.core.Rule;
import dev.rampart.core.TableRef;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/** Builds one managed chain: its policy (built-in chains only) and its rules in order. */
public final class ChainBuilder {
  private final TableRef tablePlace;
  private final ChainRef place;
  private final Chain.Builder chain;
  private final Map<Family, ChainPolicy> familyPolicies = new EnumMap<>(Family.class);
  private int rules;

  ChainBuilder(TableRef tablePlace, String name) {
    this.tablePlace = tablePlace;
    this.place = tablePlace.chain(name);
    this.chain = Chain.builder().name(name);
  }

  /** Sets the policy of a built-in chain, for both families. */
  public ChainBuilder policy(ChainPolicy policy) {
    chain.policy(checkNotNull(policy, "policy"));
    return this;
  }

  /**
   * Sets the policy of a built-in chain in {@code family} only, overriding {@link
   * #policy(ChainPolicy)} there: e.g. {@code policy(Family.IPV4, DROP)} and {@code
   * policy(Family.IPV6, ACCEPT)}, as a guide's separate {@code rules.v4} and {@code rules.v6} do.
   *
   * @throws IllegalArgumentException naming the chain when {@code family} already has another
   *     policy here
   */
  public ChainBuilder policy(Family family, ChainPolicy policy) {
    ChainPolicy before = familyPolicies.putIfAbsent(family, policy);
    if (before != null && before != policy) {
      throw InvalidModelException.of(
          place.in(family), "two policies for one family", before + " and " + policy);
    }
    return this;
  }

  /**
   * Appends the rule {@code body} describes; the body ends with a target ({@code accept()}, {@code
   * drop()}, {@code jump(...)}, ...).
   *
   * @throws IllegalArgumentException naming the table, chain and rule number on a bad value
   */
  public ChainBuilder rule(Function<RuleBuilder, Rule> body) {
    checkNotNull(body, "body");
    rules++;
    chain.addRules(Places.within(place.rule(rules), () -> body.apply(new RuleBuilder())));
    return this;
  }

  /** Appends prebuilt rules, e.g. a block from a preset. */
  public ChainBuilder rules(Iterable<Rule> block) {
    for (Rule r : checkNotNull(block, "block")) {
      rules++;
      chain.addRules(checkNotNull(r, "block element"));
    }
    return this;
  }

  Chain build() {
    chain.familyPolicies(familyPolicies);
    return Places.within(tablePlace, chain::build);
  }
}
