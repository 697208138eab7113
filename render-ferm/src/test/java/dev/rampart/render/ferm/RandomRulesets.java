package dev.rampart.render.ferm;

import dev.rampart.core.AddressSet;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.RuleFacts;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.AddressTypeMatch;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.ConntrackOriginalMatch;
import dev.rampart.core.match.ConntrackStateMatch;
import dev.rampart.core.match.IcmpTypeMatch;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.LimitMatch;
import dev.rampart.core.match.MarkMatch;
import dev.rampart.core.match.Match;
import dev.rampart.core.match.PolicyMatch;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Log;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Target;
import dev.rampart.core.target.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Valid filter-table rulesets built from a seed: INPUT, FORWARD, OUTPUT and two user chains (A
 * jumps only to B), rules with a random choice of every match kind, at most one per module.
 */
final class RandomRulesets {
  private static final List<String> V4 = List.of("10.0.0.0/8", "192.0.2.0/24", "198.51.100.7");
  private static final List<String> V6 = List.of("2001:db8::/32", "fd00::/8", "2001:db8::7");

  private final Random random;

  private RandomRulesets(long seed) {
    this.random = new Random(seed);
  }

  /** The ruleset for {@code seed}. */
  static Ruleset of(long seed) {
    return new RandomRulesets(seed).ruleset();
  }

  private Ruleset ruleset() {
    List<Chain> chains = new ArrayList<>();
    for (String name : List.of("INPUT", "FORWARD", "OUTPUT", "A", "B")) {
      Chain.Builder chain = Chain.builder().name(name);
      if (name.length() > 1 && random.nextBoolean()) {
        chain.policy(random.nextBoolean() ? ChainPolicy.DROP : ChainPolicy.ACCEPT);
      }
      int n = random.nextInt(5);
      for (int i = 0; i < n; i++) {
        chain.addRules(rule(name));
      }
      chains.add(chain.build());
    }
    return Ruleset.builder()
        .addTables(Table.of(TableName.FILTER, chains))
        .addSets(
            AddressSet.of("set4", Family.IPV4, Rulesets.cidrs("203.0.113.0/24")),
            AddressSet.of("set6", Family.IPV6, Rulesets.cidrs("2001:db8:1::/48")))
        .lockoutAllowed(true) // random rules and policies: the rendering is under test
        .build();
  }

  private boolean chance(int percent) {
    return random.nextInt(100) < percent;
  }

  private <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  private Rule rule(String chain) {
    Family family = chance(50) ? null : pick(List.of(Family.IPV4, Family.IPV6));
    List<Match> matches = new ArrayList<>();
    Protocol protocol =
        pick(List.of(Protocol.TCP, Protocol.UDP, Protocol.SCTP, Protocol.ESP, Protocol.TCP));
    boolean icmp = family != null && chance(20);
    if (icmp) {
      protocol = family == Family.IPV4 ? Protocol.ICMP : Protocol.ICMPV6;
    }
    if (chance(70)) {
      boolean negated = !icmp && chance(15);
      matches.add(negated ? ProtocolMatch.not(protocol) : ProtocolMatch.of(protocol));
      if (!negated && icmp && chance(70)) {
        IcmpTypeMatch t =
            chance(50)
                ? IcmpTypeMatch.of(family, pick(List.of(3, 1)), pick(List.of(0, 4)))
                : family == Family.IPV4 ? IcmpTypeMatch.icmp(8) : IcmpTypeMatch.icmpv6(128);
        matches.add(chance(20) ? t.negate() : t);
      }
      if (!negated && protocol.hasPorts() && !protocol.equals(Protocol.SCTP)) {
        boolean list = false;
        if (chance(60)) {
          PortMatch d = ports(true, true);
          list = !d.isSingleRange();
          matches.add(d);
        }
        if (chance(30)) {
          matches.add(ports(false, !list)); // ferm merges two port lists into one multiport
        }
      }
    }
    if (family != null && chance(40)) {
      List<String> pool = family == Family.IPV4 ? V4 : V6;
      AddressMatch a =
          chance(50)
              ? AddressMatch.source(Rulesets.cidrs(pick(pool)))
              : AddressMatch.destination(Rulesets.cidrs(pick(pool)));
      matches.add(chance(20) ? a.negate() : a);
    }
    if (family != null && chance(20)) {
      SetMatch s = SetMatch.destination(family == Family.IPV4 ? "set4" : "set6");
      matches.add(chance(30) ? s.negate() : s);
    }
    if (!chain.equals("OUTPUT") && chance(30)) {
      InterfaceMatch i = InterfaceMatch.in(pick(List.of("eth0", "docker+", "lo")));
      matches.add(chance(30) ? i.negate() : i);
    }
    if (!chain.equals("INPUT") && chance(20)) {
      matches.add(InterfaceMatch.out(pick(List.of("eth1", "br+"))));
    }
    boolean conntrack = chance(40);
    if (conntrack) {
      List<ConnState> states =
          pick(
              List.of(
                  List.of(ConnState.NEW),
                  List.of(ConnState.ESTABLISHED, ConnState.RELATED),
                  List.of(ConnState.INVALID, ConnState.UNTRACKED, ConnState.DNAT)));
      matches.add(chance(20) ? ConntrackStateMatch.not(states) : ConntrackStateMatch.of(states));
    }
    if (!conntrack && chance(20)) {
      // one conntrack match a rule: ferm merges two into one (same meaning, other save text)
      matches.add(ConntrackOriginalMatch.destinationPort(PortRange.of(8080)));
    }
    if (chance(15)) {
      matches.add(LimitMatch.of(1 + random.nextInt(20), pick(List.of(LimitMatch.Unit.values()))));
    }
    if ((chain.equals("INPUT") || chain.equals("FORWARD")) && chance(10)) {
      // --dir in only where no OUTPUT path reaches (user chains A and B may be jumped from OUTPUT)
      matches.add(
          PolicyMatch.of(PolicyMatch.Dir.IN, pick(List.of(PolicyMatch.Processing.values()))));
    }
    if (chance(15)) {
      AddressTypeMatch t =
          AddressTypeMatch.destination(
              pick(
                  List.of(
                      AddressTypeMatch.Type.LOCAL,
                      AddressTypeMatch.Type.UNICAST,
                      AddressTypeMatch.Type.MULTICAST)));
      matches.add(chance(30) ? t.negate() : t);
    }
    if (chance(15)) {
      MarkMatch m = chance(50) ? MarkMatch.of(0x10) : MarkMatch.of(0x100, 0xff00);
      matches.add(chance(30) ? m.negate() : m);
    }
    Rule.Builder rule = Rule.builder().addAllMatches(shuffleTail(matches)).target(target(chain));
    if (family != null) {
      rule.family(family);
    }
    if (chance(30)) {
      rule.comment(pick(List.of("allow web", "rule #7; keep", "{docker} (swarm)", "x")));
    }
    return rule.build();
  }

  /** Protocol first (the validator needs it for ports); the rest in random order. */
  private List<Match> shuffleTail(List<Match> matches) {
    List<Match> tail = new ArrayList<>(matches.subList(matches.isEmpty() ? 0 : 1, matches.size()));
    java.util.Collections.shuffle(tail, random);
    List<Match> out = new ArrayList<>(matches.subList(0, matches.isEmpty() ? 0 : 1));
    out.addAll(tail);
    int single = -1;
    int list = -1;
    for (PortMatch p : RuleFacts.of(Rule.of(out, Verdict.ACCEPT)).ports()) {
      int i = out.indexOf(p);
      if (p.isSingleRange() && single < 0) {
        single = i;
      } else if (!p.isSingleRange() && list < 0) {
        list = i;
      }
    }
    if (single >= 0 && list >= 0 && list < single) {
      java.util.Collections.swap(out, single, list); // ferm: single ports before a port list
    }
    return out;
  }

  private PortMatch ports(boolean destination, boolean mayBeList) {
    List<List<PortRange>> choices =
        new ArrayList<>(List.of(List.of(PortRange.of(22)), List.of(PortRange.range(1000, 2000))));
    if (mayBeList) {
      choices.add(List.of(PortRange.of(80), PortRange.of(443)));
      choices.add(List.of(PortRange.of(53), PortRange.range(6000, 6010)));
    }
    List<PortRange> ports = pick(choices);
    PortMatch p = destination ? PortMatch.destination(ports) : PortMatch.source(ports);
    return chance(20) ? p.negate() : p;
  }

  private Target target(String chain) {
    List<Target> targets =
        new ArrayList<>(
            List.of(
                Verdict.ACCEPT, Verdict.DROP, Verdict.RETURN, Reject.of(), Log.prefixed("rnd:")));
    if (!chain.equals("B")) {
      targets.add(Jump.to("B"));
      targets.add(Jump.goTo("B"));
    }
    if (chain.length() > 1) {
      targets.add(Jump.to("A"));
    }
    return pick(targets);
  }
}
