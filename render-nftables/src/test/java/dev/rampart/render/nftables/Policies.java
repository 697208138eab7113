package dev.rampart.render.nftables;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.AddressSet;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.ConntrackOriginalMatch;
import dev.rampart.core.match.ConntrackStateMatch;
import dev.rampart.core.match.IcmpTypeMatch;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.LimitMatch;
import dev.rampart.core.match.Match;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.target.Target;
import dev.rampart.core.target.Verdict;
import java.util.List;

/** Rulesets the tests share, built with the core API. */
final class Policies {
  private Policies() {}

  static Rule rule(Target target, Match... matches) {
    return Rule.of(List.of(matches), target);
  }

  static PortMatch dport(int... ports) {
    ImmutableList.Builder<PortRange> list = ImmutableList.builder();
    for (int p : ports) {
      list.add(PortRange.of(p));
    }
    return PortMatch.destination(list.build());
  }

  static ProtocolMatch tcp() {
    return ProtocolMatch.of(Protocol.TCP);
  }

  static ProtocolMatch udp() {
    return ProtocolMatch.of(Protocol.UDP);
  }

  /**
   * A filter table with {@code chains}, no sets; a fixture of rule renderings, not a host policy,
   * so its INPUT need not let SSH in ({@code lockoutAllowed}).
   */
  static Ruleset filter(Chain... chains) {
    return Ruleset.builder()
        .addTables(Table.of(TableName.FILTER, List.of(chains)))
        .lockoutAllowed(true)
        .build();
  }

  /** INPUT with policy DROP holding {@code rules}. */
  static Chain input(Rule... rules) {
    return Chain.builder().name("INPUT").policy(ChainPolicy.DROP).addRules(rules).build();
  }

  /**
   * A host policy: INPUT drops by default, accepts loopback, replies, ICMP essentials, ssh (22) and
   * 8081 from the set {@code trusted4}; DOCKER-USER drops 8080 from everyone outside {@code
   * trusted4} and returns the rest to Docker.
   */
  static Ruleset host(Cidr trusted) {
    return Ruleset.builder()
        .addSets(AddressSet.of("trusted4", Family.IPV4, List.of(trusted)))
        .addTables(
            Table.of(
                TableName.FILTER,
                List.of(
                    input(
                        rule(Verdict.ACCEPT, InterfaceMatch.in("lo")),
                        rule(
                            Verdict.ACCEPT,
                            ConntrackStateMatch.of(
                                List.of(ConnState.ESTABLISHED, ConnState.RELATED))),
                        rule(
                            Verdict.ACCEPT,
                            ProtocolMatch.of(Protocol.ICMP),
                            IcmpTypeMatch.icmp(8),
                            LimitMatch.of(5, LimitMatch.Unit.SECOND, 10)),
                        rule(
                            Verdict.ACCEPT,
                            ProtocolMatch.of(Protocol.ICMPV6),
                            IcmpTypeMatch.icmpv6(128)),
                        rule(
                            Verdict.ACCEPT,
                            ProtocolMatch.of(Protocol.ICMPV6),
                            IcmpTypeMatch.icmpv6(135)),
                        rule(
                            Verdict.ACCEPT,
                            ProtocolMatch.of(Protocol.ICMPV6),
                            IcmpTypeMatch.icmpv6(136)),
                        Rule.builder()
                            .addMatches(tcp(), dport(22))
                            .target(Verdict.ACCEPT)
                            .comment("ssh")
                            .build(),
                        rule(Verdict.ACCEPT, SetMatch.source("trusted4"), tcp(), dport(8081))),
                    Chain.of(
                        "DOCKER-USER",
                        List.of(
                            rule(
                                Verdict.DROP,
                                SetMatch.source("trusted4").negate(),
                                tcp(),
                                ConntrackOriginalMatch.destinationPort(PortRange.of(8080))),
                            rule(Verdict.RETURN))))))
        .build();
  }
}
