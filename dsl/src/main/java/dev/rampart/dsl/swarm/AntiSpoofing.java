package dev.rampart.dsl.swarm;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Names;
import dev.rampart.core.Rule;
import dev.rampart.core.match.RpFilterMatch;
import dev.rampart.core.target.Verdict;
import dev.rampart.dsl.Rampart;
import dev.rampart.dsl.TableBuilder;

/**
 * The reverse-path check that keeps a trusted node's address from being spoofed on an external
 * interface: a managed chain of the raw table, jumped to from raw PREROUTING, dropping packets from
 * the trusted nodes that arrive on an external interface although the route back to their source
 * leaves by another one ({@code -m rpfilter --invert}, nft {@code fib saddr . iif oif missing}).
 *
 * <p>Trusting nodes by source address alone is spoofable: with the loose reverse-path filter
 * ({@code rp_filter=2}, common on multi-homed hosts) a datagram with a trusted source on {@code
 * eth0} reaches the swarm ports, VXLAN included. {@link SwarmHost} binds the trusted-node rules to
 * the internal interfaces when it has some, and adds this check when it has none. The check runs in
 * raw PREROUTING because the kernel allows {@code -m rpfilter} only there and in mangle PREROUTING;
 * nodes that really reach this host over an external interface (routed back out of it) pass.
 *
 * <pre>{@code
 * AntiSpoofing spoof = AntiSpoofing.of(List.of("eth0"), SourceSet.trustedNodes("10.10.10.0/24"));
 * Rampart.ruleset().raw(spoof::applyTo).build();
 * }</pre>
 */
public final class AntiSpoofing {
  /** The default name of the chain. */
  public static final String DEFAULT_NAME = "ANTISPOOF";

  private final String name;
  private final ImmutableList<Rule> rules;

  private AntiSpoofing(String name, ImmutableList<Rule> rules) {
    this.name = Names.checkChain(name);
    this.rules = rules;
  }

  /**
   * The check for {@code trusted} sources on each of {@code externalInterfaces}, in chain {@link
   * #DEFAULT_NAME}: one rule per interface and family of the set.
   *
   * @throws IllegalArgumentException when there is no external interface
   */
  public static AntiSpoofing of(Iterable<String> externalInterfaces, SourceSet trusted) {
    return of(DEFAULT_NAME, externalInterfaces, trusted);
  }

  /**
   * The check for {@code trusted} sources on each of {@code externalInterfaces}, in chain {@code
   * name}.
   *
   * @throws IllegalArgumentException when there is no external interface or the name is not a valid
   *     chain name
   */
  public static AntiSpoofing of(
      String name, Iterable<String> externalInterfaces, SourceSet trusted) {
    ImmutableList<String> external = ImmutableList.copyOf(externalInterfaces);
    checkArgument(!external.isEmpty(), "anti-spoofing needs an external interface: %s", external);
    ImmutableList.Builder<Rule> out = ImmutableList.builder();
    for (String i : external) {
      String iface = Names.checkInterface(i);
      out.addAll(
          SourceRules.from(
              trusted,
              r ->
                  r.in(iface)
                      .match(RpFilterMatch.strict().negate())
                      .comment("trusted source spoofed on " + iface),
              Verdict.DROP));
    }
    return new AntiSpoofing(name, out.build());
  }

  /** The chain's name. */
  public String name() {
    return name;
  }

  /** The chain's rules, in order. */
  public ImmutableList<Rule> rules() {
    return rules;
  }

  /**
   * Adds the jump from PREROUTING and the chain to the raw table {@code raw}. In coexist mode the
   * jump is inserted once, ahead of Docker's own raw PREROUTING rules.
   */
  public TableBuilder applyTo(TableBuilder raw) {
    return raw.chain(Rampart.PREROUTING, c -> c.rule(r -> r.comment("anti-spoofing").jump(name)))
        .chain(name, c -> c.rules(rules));
  }
}
