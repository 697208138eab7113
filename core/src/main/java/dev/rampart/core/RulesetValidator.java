package dev.rampart.core;

import static java.util.stream.Collectors.joining;

import com.google.common.collect.ImmutableSet;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.Direction;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.MacMatch;
import dev.rampart.core.match.OwnerMatch;
import dev.rampart.core.match.PolicyMatch;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.RpFilterMatch;
import dev.rampart.core.match.TcpFlagsMatch;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Target;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/** Checks a whole ruleset; each failure names the table, chain and rule (1-based). */
final class RulesetValidator {
  private static final ImmutableSet<Family> FAMILIES = ImmutableSet.copyOf(Family.values());
  private static final ImmutableSet<String> IN_ONLY = ImmutableSet.of("PREROUTING", "INPUT");
  private static final ImmutableSet<String> OUT_ONLY = ImmutableSet.of("OUTPUT", "POSTROUTING");

  /** Hooks where packets carry the MAC header they arrived with (xt_mac). */
  private static final ImmutableSet<String> MAC_HOOKS =
      ImmutableSet.of("PREROUTING", "INPUT", "FORWARD");

  private final Ruleset ruleset;

  RulesetValidator(Ruleset ruleset) {
    this.ruleset = ruleset;
  }

  void validate() {
    Set<TableName> seenTables = new HashSet<>();
    for (Table table : ruleset.tables()) {
      check(seenTables.add(table.name()), "table declared twice", table.name().label());
    }
    Set<String> seenSets = new HashSet<>();
    for (AddressSet set : ruleset.sets()) {
      check(seenSets.add(set.name()), "set declared twice", set.name());
    }
    for (Table table : ruleset.tables()) {
      validateTable(table);
    }
  }

  private void validateTable(Table table) {
    TableRef tname = TableRef.of(table.name());
    Set<String> names = new HashSet<>();
    for (Chain chain : table.chains()) {
      check(names.add(chain.name()), tname, "chain declared twice", chain.name());
      validateChain(table, chain, tname.chain(chain.name()));
    }
    JumpGraph graph = new JumpGraph(table);
    for (Chain chain : table.chains()) {
      for (int i = 0; i < chain.rules().size(); i++) {
        RuleRef place = tname.chain(chain.name()).rule(i + 1);
        validateRule(table, chain, chain.rules().get(i), place);
      }
    }
    graph.checkAcyclic(tname);
    for (Chain chain : table.chains()) {
      if (chain.isBuiltin()) {
        continue;
      }
      List<String> hooks = graph.builtinsReaching(chain.name());
      if (hooks.isEmpty()) {
        continue;
      }
      ChainRef chainRef = tname.chain(chain.name());
      List<RuleFacts> facts = new ArrayList<>(chain.rules().size()); // once per rule, not per hook
      for (int i = 0; i < chain.rules().size(); i++) {
        facts.add(RuleFacts.of(chain.rules().get(i), ruleset::set));
      }
      for (String hook : hooks) {
        String where = chain.name() + ", reached from " + hook;
        for (int i = 0; i < chain.rules().size(); i++) {
          validateHook(
              hook, where, chain.rules().get(i).target(), facts.get(i), chainRef.rule(i + 1));
        }
      }
    }
  }

  private static void validateChain(Table table, Chain chain, ChainRef place) {
    boolean builtinHere = table.name().hasBuiltin(chain.name());
    check(
        builtinHere || !chain.isBuiltin(), place, "built-in chain of another table", chain.name());
    check(builtinHere || !chain.hasPolicy(), place, "policy on a user chain", policies(chain));
    String natDrop = "the nat table does not filter, its policy must be ACCEPT";
    boolean nat = table.name() == TableName.NAT;
    check(
        !nat || chain.policy().filter(ChainPolicy.DROP::equals).isEmpty(), place, natDrop, "DROP");
    chain
        .familyPolicies()
        .forEach((f, p) -> check(!nat || p != ChainPolicy.DROP, place.in(f), natDrop, "DROP"));
    check(
        chain.policy().isEmpty() || !chain.familyPolicies().keySet().containsAll(FAMILIES),
        place,
        "a policy for both families that every family overrides (set the family policies only)",
        policies(chain));
    check(
        !builtinHere || chain.isManaged(),
        place,
        "a built-in chain cannot be foreign (declare it managed: coexist mode inserts our"
            + " rules without flushing it)",
        chain.name());
  }

  /** The chain's policies as a message shows them: {@code DROP, ipv6 ACCEPT}. */
  private static String policies(Chain chain) {
    List<String> parts = new ArrayList<>();
    chain.policy().ifPresent(p -> parts.add(p.name()));
    chain.familyPolicies().forEach((f, p) -> parts.add(f.label() + " " + p.name()));
    return String.join(", ", parts);
  }

  private void validateRule(Table table, Chain chain, Rule rule, RuleRef place) {
    RuleFacts facts = RuleFacts.of(rule, ruleset::set);
    // A rule or LOG target alone holds any text a host may hold; a policy holds only safe text.
    try {
      rule.comment().ifPresent(Names::checkComment);
      facts.target().logPrefix().ifPresent(Names::checkLogPrefix);
    } catch (InvalidModelException e) {
      throw e.at(place);
    }
    validateTarget(table, rule.target(), facts, place);
    validateMatches(facts, place);
    for (RpFilterMatch r : facts.rpFilters()) {
      check(
          table.name() == TableName.RAW || table.name() == TableName.MANGLE,
          place,
          "rpfilter cannot be used in table " + table.name().label(),
          RuleText.of(r));
    }
    if (chain.isBuiltin()) {
      validateHook(chain.name(), chain.name(), rule.target(), facts, place);
    }
    validateFamilies(rule, facts, place);
  }

  private static void validateTarget(Table table, Target target, RuleFacts facts, RuleRef place) {
    target
        .chain()
        .ifPresent(
            to -> {
              check(!TableName.isBuiltinAnywhere(to), place, "jump to a built-in chain", to);
              check(table.chain(to).isPresent(), place, "unknown jump target", to);
            });
    // Each message below is made only when its check fails: validation runs over every rule.
    if (target.natOnly() && table.name() != TableName.NAT) {
      check(false, place, "nat target outside the nat table", targetName(target));
    }
    if (!facts.target().tables().isEmpty() && !facts.target().tables().contains(table.name())) {
      check(
          false,
          place,
          "target cannot be used in table " + table.name().label(),
          targetName(target));
    }
    if (facts.target().needsSyn()
        && !(facts.protocol().filter(Protocol.TCP::equals).isPresent()
            && facts.tcpFlags().stream().anyMatch(TcpFlagsMatch::requiresSyn))) {
      check(
          false,
          place,
          "target needs protocol tcp and a tcp flags match with SYN set",
          targetName(target));
    }
    check(
        !facts.target().rejects()
            || table.name() == TableName.FILTER
            || table.name() == TableName.MANGLE,
        place,
        "REJECT outside the filter and mangle tables",
        "REJECT");
    check(
        !facts.target().drops() || table.name() != TableName.NAT,
        place,
        "the nat table does not filter, use the filter table for",
        "DROP");
    if (facts.target().natPort().isPresent() && !hasPorts(facts)) {
      check(
          false,
          place,
          "a nat target with a port needs a tcp, udp or sctp protocol match",
          facts.target().natPort().get().toString());
    }
    check(
        facts.target().rejectWith().filter(w -> w == Reject.With.TCP_RESET).isEmpty()
            || facts.protocol().filter(Protocol.TCP::equals).isPresent(),
        place,
        "reject with tcp-reset needs protocol tcp",
        "tcp-reset");
  }

  private void validateMatches(RuleFacts facts, RuleRef place) {
    checkAtMostOne(place, "protocol", facts.protocols(), m -> true, RulesetValidator::describe);
    for (var set : facts.sets()) {
      check(ruleset.set(set.setName()).isPresent(), place, "unknown set", set.setName());
    }
    for (PortMatch p : facts.ports()) {
      // The kernel takes a port twice; a policy should not hold one.
      List<PortRange> ports = p.ports();
      if (ports.size() > 1) {
        Set<PortRange> seen = new HashSet<>();
        for (PortRange r : ports) {
          if (!seen.add(r)) {
            check(false, place, "port list has a duplicate", r.toString());
          }
        }
      }
      if (!hasPorts(facts)) {
        check(
            false,
            place,
            "ports need a tcp, udp or sctp protocol match",
            (p.direction() == Direction.SOURCE ? "sport " : "dport ") + join(ports, ","));
      }
    }
    for (TcpFlagsMatch f : facts.tcpFlags()) {
      if (facts.protocol().filter(Protocol.TCP::equals).isEmpty()) {
        check(false, place, "tcp flags need protocol tcp", describe(f));
      }
    }
    for (var icmp : facts.icmpTypes()) {
      if (facts.protocol().filter(icmp.protocol()::equals).isEmpty()) {
        check(false, place, "icmp type needs protocol " + icmp.protocol(), icmp.type());
      }
    }
    for (AddressMatch a : facts.addresses()) {
      if (a.negated() && a.addresses().size() != 1) {
        check(
            false,
            place,
            "a negated address list holds one prefix, use a set for more",
            describe(a));
      }
    }
    if (facts.addresses().size() > 1) {
      for (Direction d : Direction.values()) {
        checkAtMostOne(
            place,
            d.name().toLowerCase(Locale.ROOT) + " address",
            facts.addresses(),
            a -> a.direction() == d,
            RulesetValidator::describe);
      }
    }
    if (facts.interfaces().size() > 1) {
      for (InterfaceMatch.Side side : InterfaceMatch.Side.values()) {
        checkAtMostOne(
            place,
            sideName(side) + " interface",
            facts.interfaces(),
            i -> i.side() == side,
            RulesetValidator::describe);
      }
    }
  }

  /** Throws when more than one of {@code matches} is {@code selected}, listing them all. */
  private static <M> void checkAtMostOne(
      RuleRef place,
      String what,
      List<M> matches,
      Predicate<M> selected,
      Function<M, String> describe) {
    int count = 0;
    for (M m : matches) {
      if (selected.test(m)) {
        count++;
      }
    }
    if (count > 1) {
      List<String> found = matches.stream().filter(selected).map(describe).toList();
      check(false, place, "more than one " + what + " match", String.join(" and ", found));
    }
  }

  /**
   * Checks what the kernel refuses in the hook of the built-in {@code chain}; {@code where} names
   * the chain in messages (a user chain says from which built-in it is reached). Interface sides
   * are checked in built-in chains only: iptables refuses {@code -o} in INPUT, but a user chain
   * reached from several hooks may rightly test an interface that exists on only some of them.
   */
  private static void validateHook(
      String chain, String where, Target target, RuleFacts facts, RuleRef place) {
    boolean builtin = chain.equals(where);
    if (!facts.target().chains().isEmpty() && !facts.target().chains().contains(chain)) {
      check(false, place, "target cannot be used in " + where, targetName(target));
    }
    for (InterfaceMatch i : facts.interfaces()) {
      boolean ok =
          !builtin
              || (i.side() == InterfaceMatch.Side.IN
                  ? !OUT_ONLY.contains(chain)
                  : !IN_ONLY.contains(chain));
      if (!ok) {
        check(
            false,
            place,
            sideName(i.side()) + " interface cannot be matched in " + where,
            i.name());
      }
    }
    for (MacMatch m : facts.macs()) {
      if (!MAC_HOOKS.contains(chain)) {
        check(false, place, "mac source cannot be matched in " + where, m.address());
      }
    }
    for (OwnerMatch o : facts.owners()) {
      check(
          OUT_ONLY.contains(chain),
          place,
          "socket owner cannot be matched in " + where,
          o.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    for (RpFilterMatch r : facts.rpFilters()) {
      check(
          chain.equals("PREROUTING"),
          place,
          "rpfilter cannot be matched in " + where,
          RuleText.of(r));
    }
    for (PolicyMatch p : facts.policies()) {
      check(
          p.dir() == PolicyMatch.Dir.IN ? !OUT_ONLY.contains(chain) : !IN_ONLY.contains(chain),
          place,
          "ipsec policy direction cannot be matched in " + where,
          p.dir().name().toLowerCase(Locale.ROOT));
    }
  }

  private static void validateFamilies(Rule rule, RuleFacts facts, RuleRef place) {
    if (facts.evidence().isEmpty()) {
      return;
    }
    RuleFacts.Evidence first = facts.evidence().get(0);
    Family family = rule.family().orElse(first.family());
    for (RuleFacts.Evidence e : facts.evidence()) {
      if (e.family() != family) {
        String origin =
            rule.family().isPresent()
                ? "an " + family.label() + "-only rule"
                : "a rule with " + first;
        check(false, place, e.family().label() + " " + e.kind() + " in " + origin, e.value());
      }
    }
  }

  private static boolean hasPorts(RuleFacts facts) {
    return facts.protocol().map(Protocol::hasPorts).orElse(false);
  }

  private static String sideName(InterfaceMatch.Side side) {
    return side == InterfaceMatch.Side.IN ? "input" : "output";
  }

  private static String describe(ProtocolMatch m) {
    return (m.negated() ? "! " : "") + m.protocol();
  }

  private static String describe(AddressMatch m) {
    return (m.negated() ? "! " : "") + join(m.addresses(), ",");
  }

  private static String describe(TcpFlagsMatch m) {
    return (m.negated() ? "! " : "")
        + join(m.mask().asList(), ",")
        + " "
        + join(m.set().asList(), ",");
  }

  private static String describe(InterfaceMatch m) {
    return (m.negated() ? "! " : "") + m.name();
  }

  private static String join(List<?> values, String separator) {
    return values.stream().map(Object::toString).collect(joining(separator));
  }

  private static String targetName(Target t) {
    return t.accept(TargetNames.INSTANCE);
  }

  static void check(boolean ok, String problem, Object value) {
    if (!ok) {
      throw InvalidModelException.of(problem, value);
    }
  }

  static void check(boolean ok, Place place, String problem, Object value) {
    if (!ok) {
      throw InvalidModelException.of(place, problem, value);
    }
  }
}
