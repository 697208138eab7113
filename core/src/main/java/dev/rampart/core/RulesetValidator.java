package dev.rampart.core;

import com.google.common.collect.ImmutableSet;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.PolicyMatch;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Target;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Checks a whole ruleset; each failure names the table, chain and rule (1-based). */
final class RulesetValidator {
  private static final ImmutableSet<String> IN_ONLY = ImmutableSet.of("PREROUTING", "INPUT");
  private static final ImmutableSet<String> OUT_ONLY = ImmutableSet.of("OUTPUT", "POSTROUTING");

  private final Ruleset ruleset;

  RulesetValidator(Ruleset ruleset) {
    this.ruleset = ruleset;
  }

  void validate() {
    Set<TableName> seenTables = new HashSet<>();
    for (Table table : ruleset.tables()) {
      check(seenTables.add(table.name()), "table %s declared twice", table.name().label());
    }
    Set<String> seenSets = new HashSet<>();
    for (AddressSet set : ruleset.sets()) {
      check(seenSets.add(set.name()), "set %s declared twice", set.name());
    }
    for (Table table : ruleset.tables()) {
      validateTable(table);
    }
  }

  private void validateTable(Table table) {
    String tname = "table " + table.name().label();
    Set<String> names = new HashSet<>();
    for (Chain chain : table.chains()) {
      check(names.add(chain.name()), "%s: chain %s declared twice", tname, chain.name());
      boolean builtinHere = table.name().hasBuiltin(chain.name());
      check(
          builtinHere || !chain.isBuiltin(),
          "%s: %s is a built-in chain of another table: %s",
          tname,
          chain.name(),
          chain.name());
      check(
          builtinHere || chain.policy().isEmpty(),
          "%s, chain %s: policy on a user chain: %s",
          tname,
          chain.name(),
          chain.policy().map(Enum::name).orElse(""));
      check(
          !builtinHere || chain.isManaged(),
          "%s, chain %s: a built-in chain cannot be foreign; declare it managed, coexist mode"
              + " inserts our rules without flushing it",
          tname,
          chain.name());
    }
    for (Chain chain : table.chains()) {
      for (int i = 0; i < chain.rules().size(); i++) {
        String place = tname + ", chain " + chain.name() + ", rule " + (i + 1);
        validateRule(table, chain, chain.rules().get(i), place);
      }
    }
    new JumpGraph(table).checkAcyclic(tname);
  }

  private void validateRule(Table table, Chain chain, Rule rule, String place) {
    RuleFacts facts = RuleFacts.of(rule, ruleset::set);
    Target target = rule.target();
    target
        .chain()
        .ifPresent(
            to -> {
              check(
                  !TableName.isBuiltinAnywhere(to), "%s: jump to a built-in chain: %s", place, to);
              check(table.chain(to).isPresent(), "%s: unknown jump target: %s", place, to);
            });
    check(
        !target.natOnly() || table.name() == TableName.NAT,
        "%s: nat target outside the nat table: %s",
        place,
        targetName(target));
    check(
        !(target instanceof Reject)
            || table.name() == TableName.FILTER
            || table.name() == TableName.MANGLE,
        "%s: REJECT outside the filter and mangle tables: REJECT",
        place);
    validateMatches(chain, rule, facts, place);
    validateFamilies(rule, facts, place);
  }

  private void validateMatches(Chain chain, Rule rule, RuleFacts facts, String place) {
    check(
        facts.protocols.size() <= 1,
        "%s: more than one protocol match: %s",
        place,
        facts.protocols.stream().map(p -> p.protocol().toString()).toList());
    for (var set : facts.sets) {
      check(ruleset.set(set.setName()).isPresent(), "%s: unknown set: %s", place, set.setName());
    }
    boolean portProtocol = facts.protocol().map(Protocol::hasPorts).orElse(false);
    for (PortMatch p : facts.ports) {
      check(
          portProtocol,
          "%s: ports need a tcp, udp or sctp protocol match: %s %s",
          place,
          p.direction() == dev.rampart.core.match.Direction.SOURCE ? "sport" : "dport",
          p.ports());
    }
    for (var icmp : facts.icmpTypes) {
      check(
          facts.protocol().filter(icmp.protocol()::equals).isPresent(),
          "%s: icmp type needs protocol %s: %s",
          place,
          icmp.protocol(),
          icmp.type());
    }
    for (var a : facts.addresses) {
      check(
          !a.negated() || a.addresses().size() == 1,
          "%s: a negated address list holds one prefix, use a set for more: %s",
          place,
          a.addresses());
    }
    countAtMostOne(facts, place);
    if (rule.target() instanceof Reject r
        && r.with().filter(w -> w == Reject.With.TCP_RESET).isPresent()) {
      check(
          facts.protocol().filter(Protocol.TCP::equals).isPresent(),
          "%s: reject with tcp-reset needs protocol tcp: tcp-reset",
          place);
    }
    if (chain.isBuiltin()) {
      validateHook(chain.name(), facts, place);
    }
  }

  private void countAtMostOne(RuleFacts facts, String place) {
    Map<String, Integer> counts = new HashMap<>();
    facts.addresses.forEach(
        a -> counts.merge(a.direction().name().toLowerCase(Locale.ROOT), 1, Integer::sum));
    facts.interfaces.forEach(
        i ->
            counts.merge(
                i.side() == InterfaceMatch.Side.IN ? "input interface" : "output interface",
                1,
                Integer::sum));
    counts.forEach(
        (what, n) ->
            check(
                n == 1,
                "%s: more than one %s match: %s",
                place,
                what.equals("source") || what.equals("destination") ? what + " address" : what,
                n));
  }

  private static void validateHook(String chain, RuleFacts facts, String place) {
    for (InterfaceMatch i : facts.interfaces) {
      boolean ok =
          i.side() == InterfaceMatch.Side.IN ? !OUT_ONLY.contains(chain) : !IN_ONLY.contains(chain);
      check(
          ok,
          "%s: %s interface cannot be matched in %s: %s",
          place,
          i.side() == InterfaceMatch.Side.IN ? "input" : "output",
          chain,
          i.name());
    }
    for (PolicyMatch p : facts.policies) {
      boolean ok =
          p.dir() == PolicyMatch.Dir.IN ? !OUT_ONLY.contains(chain) : !IN_ONLY.contains(chain);
      check(
          ok,
          "%s: ipsec policy direction %s cannot be matched in %s: %s",
          place,
          p.dir().name().toLowerCase(Locale.ROOT),
          chain,
          p.dir().name().toLowerCase(Locale.ROOT));
    }
  }

  private void validateFamilies(Rule rule, RuleFacts facts, String place) {
    List<RuleFacts.Evidence> evidence = new ArrayList<>(facts.evidence);
    if (evidence.isEmpty()) {
      return;
    }
    Family family = rule.family().orElse(evidence.get(0).family());
    String origin =
        rule.family().isPresent()
            ? "an " + family.label() + "-only rule"
            : "a rule with " + evidence.get(0).what();
    for (RuleFacts.Evidence e : evidence) {
      check(
          e.family() == family,
          "%s: %s %s in %s: %s",
          place,
          e.family().label(),
          e.what().substring(0, e.what().lastIndexOf(' ')),
          origin,
          e.what().substring(e.what().lastIndexOf(' ') + 1));
    }
  }

  private static String targetName(Target t) {
    return t.accept(TargetNames.INSTANCE);
  }

  @com.google.errorprone.annotations.FormatMethod
  static void check(boolean ok, String format, Object... args) {
    if (!ok) {
      throw new IllegalArgumentException(String.format(format, args));
    }
  }
}
