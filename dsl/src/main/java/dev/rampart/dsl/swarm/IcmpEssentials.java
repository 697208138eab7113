package dev.rampart.dsl.swarm;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Rule;
import dev.rampart.core.match.LimitMatch;
import dev.rampart.dsl.Rampart;
import dev.rampart.dsl.RuleBuilder;

/**
 * The ICMP a host must accept for IPv4 and IPv6 to keep working: IPv4 destination unreachable (3,
 * needed for path MTU discovery), time exceeded (11) and echo request (8, rate limited); ICMPv6
 * destination unreachable, packet too big, time exceeded and parameter problem (1-4), echo request
 * (128, rate limited) and neighbour discovery (133-136).
 *
 * <pre>{@code
 * filter.chain("FILTERS", c -> c.rules(IcmpEssentials.rules()));
 * }</pre>
 */
public final class IcmpEssentials {
  /** The default rate limit of echo requests: 5 per second, burst 10. */
  public static final LimitMatch DEFAULT_PING_LIMIT = LimitMatch.of(5, LimitMatch.Unit.SECOND, 10);

  private IcmpEssentials() {}

  /** The essentials with echo requests limited to {@link #DEFAULT_PING_LIMIT}. */
  public static ImmutableList<Rule> rules() {
    return rules(DEFAULT_PING_LIMIT);
  }

  /** The essentials with echo requests limited to {@code pingLimit}; IPv4 rules first. */
  public static ImmutableList<Rule> rules(LimitMatch pingLimit) {
    checkNotNull(pingLimit, "pingLimit");
    return ImmutableList.of(
        v4(3).comment("destination unreachable").accept(),
        v4(11).comment("time exceeded").accept(),
        v4(8).match(pingLimit).comment("ping").accept(),
        v6(1).comment("destination unreachable").accept(),
        v6(2).comment("packet too big").accept(),
        v6(3).comment("time exceeded").accept(),
        v6(4).comment("parameter problem").accept(),
        v6(128).match(pingLimit).comment("ping").accept(),
        v6(133).comment("router solicitation").accept(),
        v6(134).comment("router advertisement").accept(),
        v6(135).comment("neighbour solicitation").accept(),
        v6(136).comment("neighbour advertisement").accept());
  }

  private static RuleBuilder v4(int type) {
    return Rampart.rule().icmp().icmpType(type);
  }

  private static RuleBuilder v6(int type) {
    return Rampart.rule().icmpv6().icmpv6Type(type);
  }
}
