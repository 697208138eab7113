package dev.rampart.core.snapshot;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Coexist;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.target.Jump;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One table of {@link AfterApply}: the coexist apply's transaction on one table of one family. */
final class CoexistApply {
  private final SnapshotTable before;
  private final Family family;
  private final Ruleset policy;
  private final Map<String, String> kinds = new LinkedHashMap<>();
  private final Map<String, ChainPolicy> recorded = new LinkedHashMap<>();
  private final Map<String, SnapshotChain> chains = new LinkedHashMap<>();

  private CoexistApply(SnapshotTable before, Ruleset policy) {
    this.before = before;
    this.family = before.ref().family().orElseThrow();
    this.policy = policy;
    before.chains().forEach(c -> chains.put(c.name(), c));
    before.chain(Coexist.REGISTRY).ifPresent(this::read);
  }

  /** {@code before} after the apply; {@code mine} is the policy's table when it has content. */
  static SnapshotTable apply(SnapshotTable before, Ruleset policy, Optional<Table> mine) {
    return new CoexistApply(before, policy).apply(mine);
  }

  private void read(SnapshotChain registry) {
    for (SnapshotRule r : registry.rules()) {
      List<String> f = Splitter.on(':').splitToList(r.rule().comment().orElse(""));
      if (f.size() == 2 && (f.get(0).equals(Coexist.CREATED) || f.get(0).equals(Coexist.ADOPTED))) {
        kinds.put(f.get(1), f.get(0));
      } else if (f.size() == 3 && f.get(0).equals(Coexist.POLICY)) {
        recorded.put(f.get(1), ChainPolicy.valueOf(f.get(2)));
      }
    }
  }

  private SnapshotTable apply(Optional<Table> mine) {
    TableName name = before.name();
    for (String builtin : name.builtinChains()) {
      SnapshotChain c = chains.get(builtin);
      if (c != null) {
        List<SnapshotRule> kept = c.rules().stream().filter(r -> !isMarkedJump(r.rule())).toList();
        chains.put(builtin, SnapshotChain.builder().from(c).rules(kept).build());
      }
    }
    Map<String, SnapshotChain> declared = mine.map(this::declared).orElse(Map.of());
    for (Map.Entry<String, String> owned : kinds.entrySet()) {
      SnapshotChain c = chains.get(owned.getKey());
      if (!declared.containsKey(owned.getKey()) && c != null) {
        if (owned.getValue().equals(Coexist.CREATED)) {
          chains.remove(owned.getKey());
        } else {
          chains.put(c.name(), SnapshotChain.builder().name(c.name()).build());
        }
      }
    }
    if (mine.isPresent()) {
      chains.put(Coexist.REGISTRY, registry(mine.get(), declared));
      declared.forEach(chains::put);
      builtins(mine.get());
    } else {
      chains.remove(Coexist.REGISTRY);
    }
    recorded.forEach(
        (builtin, was) -> {
          boolean set = mine.flatMap(t -> t.chain(builtin)).flatMap(Chain::policy).isPresent();
          SnapshotChain c = chains.get(builtin);
          if (!set && c != null) {
            chains.put(builtin, SnapshotChain.builder().from(c).policy(was).build());
          }
        });
    return SnapshotTable.of(family, name, chains.values());
  }

  /** The chains the apply declares, in the order it declares them, filled. */
  private Map<String, SnapshotChain> declared(Table table) {
    Map<String, SnapshotChain> out = new LinkedHashMap<>();
    for (String builtin : table.name().builtinChains()) {
      table
          .chain(builtin)
          .filter(Chain::isManaged)
          .ifPresent(
              c -> {
                List<Rule> rules = rules(c);
                if (!rules.isEmpty()) {
                  String managed = Coexist.chainFor(builtin);
                  SnapshotChain.Builder b = SnapshotChain.builder().name(managed);
                  rules.forEach(b::addRule);
                  out.put(managed, b.build());
                }
              });
    }
    table.chains().stream()
        .filter(c -> c.isManaged() && !table.name().hasBuiltin(c.name()))
        .sorted(Comparator.comparing(Chain::name))
        .forEach(c -> out.put(c.name(), FromRuleset.chain(policy, family, c)));
    return out;
  }

  private List<Rule> rules(Chain chain) {
    return ImmutableList.copyOf(FromRuleset.rulesOf(policy, family, chain));
  }

  /** The registry's records: each declared chain, then each policy set with its old value. */
  private SnapshotChain registry(Table table, Map<String, SnapshotChain> declared) {
    SnapshotChain.Builder out = SnapshotChain.builder().name(Coexist.REGISTRY);
    for (String name : declared.keySet()) {
      String kind = kinds.get(name);
      boolean created = kind == null ? before.chain(name).isEmpty() : kind.equals(Coexist.CREATED);
      out.addRule(Coexist.ownedChain(name, created));
    }
    for (String builtin : table.name().builtinChains()) {
      Optional<ChainPolicy> set = table.chain(builtin).flatMap(Chain::policy);
      if (set.isPresent()) {
        ChainPolicy was =
            Optional.ofNullable(recorded.get(builtin))
                .or(() -> before.chain(builtin).flatMap(SnapshotChain::policy))
                .orElse(ChainPolicy.ACCEPT);
        out.addRule(Coexist.originalPolicy(builtin, was));
      }
    }
    return out.build();
  }

  /** Inserts the marked jumps and sets the policies of the built-in chains. */
  private void builtins(Table table) {
    for (String builtin : table.name().builtinChains()) {
      Optional<Chain> chain = table.chain(builtin).filter(Chain::isManaged);
      SnapshotChain c = chains.get(builtin);
      if (chain.isEmpty() || c == null) {
        continue;
      }
      SnapshotChain.Builder out = SnapshotChain.builder().from(c);
      if (!rules(chain.get()).isEmpty()) {
        out.rules(
            ImmutableList.<SnapshotRule>builder()
                .add(SnapshotRule.of(Coexist.jump(builtin)))
                .addAll(c.rules())
                .build());
      }
      chain.get().policyFor(family).ifPresent(out::policy);
      chains.put(builtin, out.build());
    }
  }

  /** Whether {@code rule} is a marked jump of ours: no match, the mark, a jump. */
  private static boolean isMarkedJump(Rule rule) {
    return rule.matches().isEmpty()
        && rule.comment().equals(Optional.of(Coexist.MARK))
        && rule.target().chain().map(c -> rule.target().equals(Jump.to(c))).orElse(false);
  }
}
