package dev.rampart.testing.gen;

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
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.ConntrackStateMatch;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.Match;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Target;
import dev.rampart.core.target.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Seeded generators of whole host policies for a Docker node in coexist mode, for properties over
 * sequences of applies: each policy picks, at random, a policy for {@code INPUT}, rules directly in
 * {@code INPUT}, {@code FORWARD} and {@code OUTPUT}, a host chain under one of a few names jumped
 * from {@code INPUT}, a managed {@code DOCKER-USER}, an address set, IPv4-only and IPv6-only rules
 * and a nat rule, so that consecutive policies differ in every way an apply must undo.
 *
 * <pre>{@code
 * Ruleset p = Policies.dockerHost(Seeds.random());
 * }</pre>
 */
public final class Policies {
  private static final ImmutableList<String> HOST_CHAINS =
      ImmutableList.of("FILTERS", "HOST", "SSH");
  private static final ImmutableList<Integer> PORTS = ImmutableList.of(22, 80, 443, 2222, 8080);
  private static final String SET = "allow4";

  private Policies() {}

  /**
   * A policy for a Docker host: only built-in chains, host chains of its own, {@code DOCKER-USER}
   * (managed) and Docker's {@code DOCKER-FORWARD} (foreign, jumped to); every rule valid for every
   * iptables-based backend and for nftables beside iptables-nft Docker.
   */
  public static Ruleset dockerHost(RandomGenerator random) {
    // random policies may drop SSH: the apply's bookkeeping is under test, not admin access
    Ruleset.Builder out = Ruleset.builder().lockoutAllowed(true);
    List<Chain> filter = new ArrayList<>();
    boolean withSet = random.nextBoolean();
    if (withSet) {
      out.addSets(
          AddressSet.of(
              SET, Family.IPV4, List.of(Cidr.parse("192.0.2.0/24"), Cidr.parse("198.51.100.7"))));
    }
    Chain.Builder input = Chain.builder().name("INPUT");
    if (random.nextInt(3) > 0) {
      input.policy(random.nextBoolean() ? ChainPolicy.DROP : ChainPolicy.ACCEPT);
    }
    int direct = random.nextInt(3);
    for (int i = 0; i < direct; i++) {
      input.addRules(hostRule(random, withSet));
    }
    if (random.nextBoolean()) {
      String name = HOST_CHAINS.get(random.nextInt(HOST_CHAINS.size()));
      input.addRules(Rule.of(List.of(), Jump.to(name)));
      Chain.Builder host = Chain.builder().name(name);
      int n = 1 + random.nextInt(4);
      for (int i = 0; i < n; i++) {
        host.addRules(hostRule(random, withSet));
      }
      filter.add(host.build());
    }
    filter.add(input.build());
    if (random.nextInt(3) == 0) {
      filter.add(
          Chain.of(
              "OUTPUT",
              List.of(rule(List.of(tcp(), dport(random)), Verdict.ACCEPT, random, false))));
    }
    if (random.nextBoolean()) {
      Chain.Builder user = Chain.builder().name("DOCKER-USER");
      user.addRules(
          Rule.of(
              List.of(ConntrackStateMatch.of(List.of(ConnState.ESTABLISHED, ConnState.RELATED))),
              Verdict.RETURN));
      if (random.nextBoolean()) {
        user.addRules(Rule.of(List.of(InterfaceMatch.in("eth0")), Verdict.DROP));
      }
      user.addRules(Rule.of(List.of(), Verdict.RETURN));
      filter.add(user.build());
      if (random.nextInt(3) == 0) {
        filter.add(
            Chain.of(
                "FORWARD", List.of(Rule.of(List.of(InterfaceMatch.in("eth9")), Verdict.DROP))));
      }
    }
    filter.add(Chain.foreign("DOCKER-FORWARD"));
    out.addTables(Table.of(TableName.FILTER, filter));
    if (random.nextInt(4) == 0) {
      out.addTables(
          Table.of(
              TableName.RAW,
              List.of(
                  Chain.of(
                      "PREROUTING",
                      List.of(
                          Rule.of(
                              List.of(AddressMatch.source(List.of(Cidr.parse("203.0.113.0/24")))),
                              Verdict.DROP))))));
    }
    return out.build();
  }

  private static Rule hostRule(RandomGenerator random, boolean withSet) {
    return switch (random.nextInt(withSet ? 7 : 6)) {
      case 0 -> rule(List.of(InterfaceMatch.in("lo")), Verdict.ACCEPT, random, false);
      case 1 ->
          rule(
              List.of(ConntrackStateMatch.of(List.of(ConnState.ESTABLISHED, ConnState.RELATED))),
              Verdict.ACCEPT,
              random,
              false);
      case 2 -> rule(List.of(tcp(), dport(random)), Verdict.ACCEPT, random, true);
      case 3 ->
          rule(
              List.of(AddressMatch.source(List.of(Cidr.parse("10.0.0.0/8")))),
              Verdict.DROP,
              random,
              false);
      case 4 ->
          rule(
              List.of(
                  AddressMatch.source(List.of(Cidr.parse("fd00:10::/64"))), tcp(), dport(random)),
              Verdict.ACCEPT,
              random,
              false);
      case 5 ->
          rule(List.of(ProtocolMatch.of(Protocol.UDP), dport(random)), Verdict.DROP, random, true);
      default -> rule(List.of(SetMatch.source(SET)), Verdict.ACCEPT, random, false);
    };
  }

  private static Rule rule(
      List<Match> matches, Target target, RandomGenerator random, boolean commented) {
    Rule.Builder rule = Rule.builder().addAllMatches(matches).target(target);
    if (commented && random.nextBoolean()) {
      rule.comment("port rule");
    }
    return rule.build();
  }

  private static Match tcp() {
    return ProtocolMatch.of(Protocol.TCP);
  }

  private static Match dport(RandomGenerator random) {
    return PortMatch.destination(List.of(PortRange.of(PORTS.get(random.nextInt(PORTS.size())))));
  }
}
