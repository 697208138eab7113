package dev.rampart.core;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A chain of one table: built-in (INPUT, FORWARD, ...) or user-defined, managed by Rampart or
 * foreign (Docker's, declared so rules may jump to it).
 */
@Value.Immutable
public abstract class Chain {
  Chain() {}

  /** The name, at most 28 characters. */
  public abstract String name();

  /** Who writes the chain's rules. */
  @Value.Default
  public ChainOwner owner() {
    return ChainOwner.MANAGED;
  }

  /** The policy of a built-in chain for both families, if set; see {@link #policyFor(Family)}. */
  public abstract Optional<ChainPolicy> policy();

  /**
   * Per-family policies of a built-in chain, overriding {@link #policy()} in their family: e.g.
   * {@code DROP} for IPv4 and {@code ACCEPT} for IPv6, as a guide's {@code rules.v4} and {@code
   * rules.v6} have them.
   */
  public abstract ImmutableMap<Family, ChainPolicy> familyPolicies();

  /**
   * The policy the chain has in {@code family}: its {@linkplain #familyPolicies() family policy},
   * else its {@linkplain #policy() policy}, else none (the kernel's {@code ACCEPT}).
   */
  public final Optional<ChainPolicy> policyFor(Family family) {
    ChainPolicy own = familyPolicies().get(family);
    return own != null ? Optional.of(own) : policy();
  }

  /** Whether the chain sets a policy in any family. */
  public final boolean hasPolicy() {
    return policy().isPresent() || !familyPolicies().isEmpty();
  }

  /** The rules, in order. */
  public abstract ImmutableList<Rule> rules();

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A managed chain named {@code name} with {@code rules}. */
  public static Chain of(String name, Iterable<Rule> rules) {
    return builder().name(name).addAllRules(rules).build();
  }

  /** A foreign chain named {@code name}: declared, never written. */
  public static Chain foreign(String name) {
    return builder().name(name).owner(ChainOwner.FOREIGN).build();
  }

  /** Builds a {@link Chain}. */
  public static final class Builder extends ImmutableChain.Builder {}

  /** Whether this is a chain of netfilter's rather than a user chain. */
  public final boolean isBuiltin() {
    return TableName.isBuiltinAnywhere(name());
  }

  /** Whether Rampart writes this chain. */
  public final boolean isManaged() {
    return owner() == ChainOwner.MANAGED;
  }

  @Value.Check
  final void check() {
    if (!isBuiltin()) {
      Names.checkChain(name());
    }
    if (owner() != ChainOwner.MANAGED && !rules().isEmpty()) {
      throw InvalidModelException.of("a foreign chain holds no rules of ours", name());
    }
    if (owner() != ChainOwner.MANAGED && hasPolicy()) {
      throw InvalidModelException.of("a foreign chain gets no policy from us", name());
    }
  }
}
