package dev.rampart.dsl.swarm;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Names;
import dev.rampart.core.Rule;
import dev.rampart.dsl.Rampart;
import dev.rampart.dsl.TableBuilder;
import java.util.Optional;

/**
 * A managed chain holding the host's INPUT rules, jumped to once from INPUT (the {@code FILTERS}
 * pattern): INPUT itself is never flushed, and in coexist mode the jump is inserted at its top only
 * if absent, so Docker's INPUT rules (e.g. its drop of unencrypted VXLAN) stay.
 *
 * <pre>{@code
 * HostChain host = HostChain.of("FILTERS", rules);
 * Rampart.ruleset().filter(host::applyTo).build();
 * }</pre>
 */
public final class HostChain {
  /** The default name. */
  public static final String DEFAULT_NAME = "FILTERS";

  private final String name;
  private final ImmutableList<Rule> rules;
  private final Optional<ChainPolicy> inputPolicy;

  private HostChain(String name, ImmutableList<Rule> rules, Optional<ChainPolicy> inputPolicy) {
    this.name = Names.checkChain(name);
    this.rules = rules;
    this.inputPolicy = inputPolicy;
  }

  /**
   * The chain {@code name} holding {@code rules}; INPUT's policy is left alone.
   *
   * @throws IllegalArgumentException when {@code name} is not a valid chain name
   */
  public static HostChain of(String name, Iterable<Rule> rules) {
    checkNotNull(name, "name");
    return new HostChain(
        name, ImmutableList.copyOf(checkNotNull(rules, "rules")), Optional.empty());
  }

  /** The same chain, with INPUT's policy set to {@code policy}. */
  public HostChain withInputPolicy(ChainPolicy policy) {
    return new HostChain(name, rules, Optional.of(checkNotNull(policy, "policy")));
  }

  /** The chain's name. */
  public String name() {
    return name;
  }

  /** The chain's rules, in order. */
  public ImmutableList<Rule> rules() {
    return rules;
  }

  /** INPUT's policy, if this chain sets it. */
  public Optional<ChainPolicy> inputPolicy() {
    return inputPolicy;
  }

  /**
   * Adds the jump from INPUT (and INPUT's policy, if set) and the chain to the filter table {@code
   * filter}. Call it before anything else adds rules to INPUT: the jump must come first.
   */
  public TableBuilder applyTo(TableBuilder filter) {
    return checkNotNull(filter, "filter")
        .chain(
            Rampart.INPUT,
            c -> {
              inputPolicy.ifPresent(c::policy);
              c.rule(r -> r.comment("host rules").jump(name));
            })
        .chain(name, c -> c.rules(rules));
  }
}
