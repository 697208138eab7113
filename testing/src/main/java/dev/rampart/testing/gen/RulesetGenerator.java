package dev.rampart.testing.gen;

import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.target.Jump;
import dev.rampart.testing.gen.RulesetOptions.DockerUser;
import dev.rampart.testing.gen.RulesetOptions.MatchKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a ruleset valid by construction: a filter table with INPUT, FORWARD and OUTPUT and user
 * chains, optionally nat and raw tables, and the sets rules may name.
 *
 * <p>Each user chain belongs to one built-in chain (its hook) and is reached only from it or from
 * user chains of the same hook with a higher index, so jumps never loop and hook-bound matches
 * (interface sides, IPsec direction) always fit.
 *
 * <p>The shape is fixed: every rule that could be there is drawn from a {@link Draw#slot()} of its
 * own (one draw), every chain that could be there is drawn, and one draw each decides whether it is
 * there. Under QuickTheories, leaving out a rule, a chain or a table therefore never changes the
 * others: a failing ruleset shrinks to the rules that make it fail, though each rule's content only
 * changes, it does not simplify.
 */
final class RulesetGenerator {
  private static final List<String> HOOKS = List.of("INPUT", "FORWARD", "OUTPUT");

  private final Draw d;
  private final RulesetOptions o;

  private RulesetGenerator(Draw d, RulesetOptions o) {
    this.d = d;
    this.o = o;
  }

  static Ruleset draw(Draw d, RulesetOptions o) {
    return new RulesetGenerator(d, o).ruleset();
  }

  /** One filter rule of a chain reached from {@code hook}, with no jump. */
  static Rule rule(Draw d, RulesetOptions o, String hook) {
    return new RuleGenerator(d, o).filterRule(hook, true, List.of());
  }

  private Ruleset ruleset() {
    // random policies are not host policies: they may drop SSH, so the lockout check is waived
    Ruleset.Builder b = Ruleset.builder().lockoutAllowed(true);
    Draw sets = d.slot();
    if (o.matches().contains(MatchKind.SET)) {
      b.addAllSets(Sets.draw(sets, o));
    }
    b.addTables(filter());
    boolean nat = d.chance(60);
    boolean raw = d.chance(30);
    Table natTable = nat();
    Table rawTable = raw();
    if (o.tables().contains(TableName.NAT) && nat) {
      b.addTables(natTable);
    }
    if (o.tables().contains(TableName.RAW) && raw) {
      b.addTables(rawTable);
    }
    return b.build();
  }

  private Table filter() {
    List<Chain> chains = new ArrayList<>();
    List<Chain> users = new ArrayList<>();
    for (String hook : HOOKS) {
      Draw c = d;
      boolean policy = c.chance(50);
      ChainPolicy which = c.chance(50) ? ChainPolicy.DROP : ChainPolicy.ACCEPT;
      int fill = c.between(0, 90);
      String prefix = hook.substring(0, 3).toLowerCase(Locale.ROOT) + "-";
      List<String> names = new ArrayList<>();
      for (int i = 0; i < o.maxUserChains(); i++) {
        if (c.chance(50)) {
          names.add(prefix + (char) ('a' + i));
        }
      }
      boolean forward = hook.equals("FORWARD");
      Chain.Builder builtin = Chain.builder().name(hook);
      if (policy && !(forward && o.dockerUser() == DockerUser.BESIDE_DOCKER)) {
        builtin.policy(which);
      }
      if (forward && o.dockerUser() == DockerUser.JUMPED_FROM_FORWARD) {
        builtin.addRules(Rule.of(List.of(), Jump.to("DOCKER-USER")));
      }
      builtin.addAllRules(rules(hook, true, fill, names));
      chains.add(builtin.build());
      users.addAll(userChains(hook, prefix, names));
    }
    if (o.dockerUser() != DockerUser.NONE) {
      Draw c = d;
      int fill = c.between(0, 90);
      List<String> names = c.chance(50) && o.maxUserChains() > 0 ? List.of("du-a") : List.of();
      users.add(Chain.of("DOCKER-USER", rules("FORWARD", false, fill, names)));
      users.addAll(userChains("FORWARD", "du-", names));
    }
    chains.addAll(users);
    return Table.of(TableName.FILTER, chains);
  }

  /**
   * The user chains {@code names} of {@code hook} (each drawn, whether there or not, so the draws
   * stay in place); each may jump to the ones after it.
   */
  private List<Chain> userChains(String hook, String prefix, List<String> names) {
    List<Chain> out = new ArrayList<>();
    int slots = prefix.equals("du-") ? Math.min(1, o.maxUserChains()) : o.maxUserChains();
    for (int i = 0; i < slots; i++) {
      String name = prefix + (char) ('a' + i);
      int at = names.indexOf(name);
      List<String> below = at < 0 ? List.of() : names.subList(at + 1, names.size());
      int fill = d.between(0, 90);
      List<Rule> rules = rules(hook, false, fill, below);
      if (at >= 0) {
        out.add(Chain.of(name, rules));
      }
    }
    return out;
  }

  /** Up to {@link RulesetOptions#maxRules()} rules, each there with {@code fill} percent. */
  private List<Rule> rules(String hook, boolean builtin, int fill, List<String> below) {
    List<Rule> out = new ArrayList<>();
    for (int i = 0; i < o.maxRules(); i++) {
      boolean there = d.chance(fill);
      Draw r = d.slot();
      if (there) {
        out.add(new RuleGenerator(r, o).filterRule(hook, builtin, below));
      }
    }
    return out;
  }

  private Table nat() {
    List<Chain> chains = new ArrayList<>();
    for (String hook : List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING")) {
      boolean there = d.chance(60);
      List<Rule> out = new ArrayList<>();
      for (int i = 0; i < Math.min(3, o.maxRules()); i++) {
        boolean rule = d.chance(60);
        Draw r = d.slot();
        if (rule) {
          new RuleGenerator(r, o).natRule(hook).ifPresent(out::add);
        }
      }
      if (there) {
        chains.add(Chain.of(hook, out));
      }
    }
    return Table.of(TableName.NAT, chains);
  }

  private Table raw() {
    List<Chain> chains = new ArrayList<>();
    for (String hook : List.of("PREROUTING", "OUTPUT")) {
      List<Rule> out = new ArrayList<>();
      for (int i = 0; i < Math.min(3, o.maxRules()); i++) {
        boolean rule = d.chance(60);
        Draw r = d.slot();
        if (rule) {
          out.add(new RuleGenerator(r, o).rawRule(hook));
        }
      }
      chains.add(Chain.of(hook, out));
    }
    return Table.of(TableName.RAW, chains);
  }
}
