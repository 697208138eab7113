package dev.rampart.render.ferm;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Chain;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.RuleRef;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.UnsupportedFeatureException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code @hook post} commands of coexist mode. ferm keeps the built-in chains as they are
 * ({@code @preserve}, so Docker's rules in INPUT and ours from the last run survive); after it has
 * loaded every domain, these commands insert each of our rules of a built-in chain at its model
 * position unless an identical rule is already there ({@code -C || -I CHAIN N}), then set the
 * built-in chains' policies, each only when every rule of ours in its chain is there ({@code -C &&
 * ... && -P}): ferm ignores the exit status of hooks, so a failed insert must not leave INPUT on
 * DROP without its accept rules. They call the tool ferm itself uses: ferm looks for {@code
 * iptables-legacy} (resp. {@code ip6tables-legacy}) in {@code /usr/sbin}, {@code /sbin} and then
 * {@code PATH}, and only then for {@code iptables}; the variables {@code $RAMPART_IPTABLES} and
 * {@code $RAMPART_IP6TABLES} do the same lookup in the shell that runs the hook.
 */
final class Hooks {
  /** What a failed hook writes to file descriptor 3, one line per failure. */
  static final String FAILED = "rampart-hook-failed";

  private final Map<Family, List<String>> inserts = new EnumMap<>(Family.class);
  private final Map<Family, List<String>> policies = new EnumMap<>(Family.class);

  /**
   * Adds the rules and policy of the built-in {@code chain} of {@code table}.
   *
   * @throws UnsupportedFeatureException for a rule the hooks cannot insert, naming it
   */
  void add(Ruleset ruleset, boolean inlineSets, Table table, Chain chain) {
    for (Family family : Family.values()) {
      String tool = tool(family) + " -t " + FermText.shellWord(table.name().label());
      String c = FermText.shellWord(chain.name());
      List<String> checks = new ArrayList<>();
      Set<ImmutableList<String>> seen = new HashSet<>();
      int position = 0;
      for (int i = 0; i < chain.rules().size(); i++) {
        Rule rule = chain.rules().get(i);
        if (!ruleset.familiesOf(rule).contains(family)) {
          continue;
        }
        RuleRef place = RuleRef.of(table.name(), chain.name(), i + 1);
        for (ImmutableList<String> args : HookArgs.of(ruleset, inlineSets, family, rule, place)) {
          if (!seen.add(args)) {
            throw new UnsupportedFeatureException(
                FermRenderer.BACKEND,
                "a second identical rule in a built-in chain (coexist mode inserts each rule"
                    + " once)",
                String.join(" ", args),
                place);
          }
          position++;
          String words = shell(args);
          checks.add(tool + " -C " + c + " " + words);
          inserts
              .computeIfAbsent(family, f -> new ArrayList<>())
              .add(
                  tool
                      + " -C "
                      + c
                      + " "
                      + words
                      + " 2>/dev/null || "
                      + tool
                      + " -I "
                      + c
                      + " "
                      + position
                      + " "
                      + words);
        }
      }
      chain
          .policyFor(family)
          .ifPresent(
              p -> {
                // only once every rule of ours is in the chain: ferm ignores a failed hook
                String guard = checks.isEmpty() ? "" : String.join(" && ", checks) + " && ";
                policies
                    .computeIfAbsent(family, f -> new ArrayList<>())
                    .add(guard + tool + " -P " + c + " " + FermText.shellWord(p.name()));
              });
    }
  }

  /** Whether there is no hook at all. */
  boolean isEmpty() {
    return inserts.isEmpty() && policies.isEmpty();
  }

  /** The {@code @def} lines of the tool variables the hooks use, with their comment. */
  ImmutableList<String> definitions() {
    ImmutableList.Builder<String> out = ImmutableList.builder();
    if (isEmpty()) {
      return out.build();
    }
    out.add("# The tools the hooks below call: the ones ferm itself uses (iptables-legacy when");
    out.add("# installed, looked up in /usr/sbin, /sbin, then PATH; else iptables).");
    for (Family family : Family.values()) {
      if (inserts.containsKey(family) || policies.containsKey(family)) {
        String name = family == Family.IPV4 ? "iptables" : "ip6tables";
        out.add(
            "@def "
                + tool(family)
                + " = \"$(PATH=/usr/sbin:/sbin:${PATH}; command -v "
                + name
                + "-legacy || command -v "
                + name
                + ")\";");
      }
    }
    return out.build();
  }

  /** The insert hooks with their comment, IPv4 first; empty when there are none. */
  ImmutableList<String> insertLines() {
    ImmutableList.Builder<String> out = ImmutableList.builder();
    if (!inserts.isEmpty()) {
      out.add("# Our rules in built-in chains: ferm keeps these chains as they are (@preserve),");
      out.add("# Docker's rules included; after loading every chain above it runs these hooks,");
      out.add("# which insert each rule at its place unless the chain holds it already.");
      inserts.values().forEach(l -> l.forEach(c -> out.add(hook(c))));
    }
    return out.build();
  }

  /** The policy hooks with their comment, IPv4 first; empty when there are none. */
  ImmutableList<String> policyLines() {
    ImmutableList.Builder<String> out = ImmutableList.builder();
    if (!policies.isEmpty()) {
      out.add("# Policies of the built-in chains, set last, each only when our rules of its chain");
      out.add(
          "# are all in place (ferm ignores a failed hook; iptables printed why it failed, and");
      out.add("# apply.sh fails: each hook reports its failure on file descriptor 3).");
      policies.values().forEach(l -> l.forEach(c -> out.add(hook(c))));
    }
    return out.build();
  }

  private static String hook(String command) {
    return hook("post", command);
  }

  /**
   * The {@code @hook} statement ({@code when}: {@code pre}, {@code post}) running {@code command},
   * which reports its failure on file descriptor 3: ferm ignores the exit status of hooks, and
   * {@code apply.sh} reads that descriptor to fail when a hook did. {@code command} is made of
   * plain or single-quoted shell words only.
   */
  static String hook(String when, String command) {
    return "@hook " + when + " \"" + command + " || echo " + FAILED + " >&3\";";
  }

  private static String tool(Family family) {
    return family == Family.IPV4 ? "$RAMPART_IPTABLES" : "$RAMPART_IP6TABLES";
  }

  private static String shell(List<String> args) {
    List<String> words = new ArrayList<>();
    args.forEach(a -> words.add(FermText.shellWord(a)));
    return String.join(" ", words);
  }
}
