package dev.rampart.analysis;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainRef;
import dev.rampart.core.Family;
import dev.rampart.core.Place;
import dev.rampart.core.Rule;
import dev.rampart.core.RuleRef;
import dev.rampart.core.RuleText;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.docker.DockerChains;
import dev.rampart.core.eval.Host;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.core.snapshot.SnapshotChain;
import dev.rampart.core.snapshot.SnapshotTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The dead and redundant rules of a ruleset or snapshot, exactly, in every table and chain of both
 * families, over every entry point (each built-in chain with every packet its hook can see), across
 * jumps, gotos and RETURNs.
 *
 * <ul>
 *   <li>{@link Finding.Kind#DEAD_RULE}: no packet reaches the rule and matches it. {@code
 *       related()} names the earlier rules of its chain that take its packets first, and, when some
 *       of its packets never enter the chain, the rules that jump there. A rule of any target (LOG,
 *       MARK, a jump) can be dead.
 *   <li>{@link Finding.Kind#REDUNDANT_RULE}: a verdict rule (ACCEPT, DROP, REJECT, RETURN) whose
 *       removal changes the fate of no packet: the packets it matches would all meet the same
 *       verdict, untouched, further on. {@code related()} names the rules (and the chain, for its
 *       policy) that would decide them instead. Rules with other targets are never redundant: a LOG
 *       or a MARK is there for its effect, not its verdict. A rule is not called redundant when one
 *       of the rules that would decide instead is itself dead (of two identical rules, the second
 *       is the dead one).
 *   <li>{@link Finding.Kind#UNREACHABLE_CHAIN}: a user chain with rules that no packet enters
 *       (nothing jumps to it, or every jump to it is dead), reported once instead of each rule.
 * </ul>
 *
 * <p>Docker's own layout is left alone by default: the bare {@code -j RETURN} Docker writes as the
 * last rule of a chain it creates ({@code DOCKER-USER}, {@code DOCKER-INGRESS} in filter and nat,
 * and the others {@code dev.rampart.core.docker.DockerChains} names) is redundant on every Docker
 * host (the chain's end returns anyway), but it is Docker's to write and documents where the chain
 * hands back, so it is not reported redundant. {@link #withDockerRules()} reports it too.
 *
 * <p>Nothing is reported on a guess. Matches the header space does not track (rate limits, opaque
 * modules, sets whose contents are unknown, owner tests) and chains whose rules are unknown send
 * packets both ways, so a rule behind them is not dead, and a rule whose packets could meet one on
 * their way is not redundant; such rules are left out. Each finding holds on its own: removing one
 * reported rule keeps every verdict, removing several may not.
 *
 * <pre>{@code
 * DeadRules dead = DeadRules.of(policy, Host.parse("eth0=198.51.100.1/24,default=eth0"));
 * for (Finding f : dead.findings()) {
 *   System.out.println(f); // ipv4 table filter, chain INPUT, rule 4: dead rule, ...: -p tcp ...
 * }
 * }</pre>
 */
public final class DeadRules {
  private final ImmutableList<Finding> all;
  private final ImmutableSet<Place> docker;
  private final ImmutableList<Finding> findings;

  private DeadRules(ImmutableList<Finding> all, ImmutableSet<Place> docker, boolean withDocker) {
    this.all = all;
    this.docker = docker;
    this.findings =
        withDocker
            ? all
            : all.stream()
                .filter(f -> !docker.contains(f.place()))
                .collect(ImmutableList.toImmutableList());
  }

  /**
   * The dead and redundant rules of {@code policy} as a host holds it after loading it alone: the
   * rules of foreign chains are unknown, and so are the contents of empty sets (filled at run
   * time), as for {@code Evaluator.of(Ruleset, Host)}.
   */
  public static DeadRules of(Ruleset policy, Host host) {
    checkNotNull(policy, "policy");
    checkNotNull(host, "host");
    Set<String> foreign = new HashSet<>();
    for (Table t : policy.tables()) {
      for (Chain c : t.chains()) {
        if (!c.isManaged()) {
          foreign.add(c.name());
        }
      }
    }
    return of(Snapshot.of(policy), host, s -> !s.elements().isEmpty(), foreign);
  }

  /**
   * The dead and redundant rules of what {@code snapshot} holds on {@code host}: every chain's
   * rules and every listed set's contents are known.
   */
  public static DeadRules of(Snapshot snapshot, Host host) {
    checkNotNull(snapshot, "snapshot");
    checkNotNull(host, "host");
    return of(snapshot, host, s -> true, Set.of());
  }

  private static DeadRules of(
      Snapshot snapshot,
      Host host,
      java.util.function.Predicate<dev.rampart.core.AddressSet> knownSets,
      Set<String> unknownChains) {
    ImmutableList.Builder<Finding> out = ImmutableList.builder();
    ImmutableSet.Builder<Place> docker = ImmutableSet.builder();
    for (Family family : Family.values()) {
      if (!snapshot.families().contains(family)) {
        continue;
      }
      RuleReach reach = RuleReach.of(snapshot, family, host, knownSets, unknownChains);
      for (SnapshotTable t : snapshot.tables()) {
        if (t.family() == family) {
          Map<String, List<RuleRef>> jumps = jumps(reach, t.name());
          for (SnapshotChain c : t.chains()) {
            if (!unknownChains.contains(c.name())) {
              out.addAll(chain(reach, t.name(), c, jumps));
              dockersReturn(reach, t.name(), c).ifPresent(docker::add);
            }
          }
        }
      }
    }
    return new DeadRules(out.build(), docker.build(), false);
  }

  /**
   * Every finding, IPv4 first, by table, chain and rule; without Docker's trailing {@code RETURN}s
   * unless {@link #withDockerRules()} asked for them.
   */
  public ImmutableList<Finding> findings() {
    return findings;
  }

  /**
   * The same analysis reporting Docker's own rules too: the bare {@code -j RETURN} ending a chain
   * Docker creates, when it is redundant.
   */
  public DeadRules withDockerRules() {
    return new DeadRules(all, docker, true);
  }

  /** Whether nothing was found. */
  public boolean isEmpty() {
    return findings.isEmpty();
  }

  /** One finding per line. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (Finding f : findings) {
      b.append(f).append('\n');
    }
    return b.toString();
  }

  private static List<Finding> chain(
      RuleReach reach, TableName table, SnapshotChain chain, Map<String, List<RuleRef>> jumps) {
    ChainRef ref = ChainRef.of(reach.family(), table, chain.name());
    List<Finding> out = new ArrayList<>();
    if (chain.rules().isEmpty()) {
      return out;
    }
    if (!reach.wasEntered(ref)) {
      if (table.hasBuiltin(chain.name())) {
        return out; // a built-in chain is always entered; here its rules are unknown
      }
      List<RuleRef> into = jumps.getOrDefault(chain.name(), List.of());
      String why = into.isEmpty() ? "no rule jumps to it" : "every jump to it is dead";
      out.add(
          Finding.builder()
              .kind(Finding.Kind.UNREACHABLE_CHAIN)
              .place(ref)
              .message("unreachable chain, " + why + ": " + chain.rules().size() + " rules")
              .addAllRelated(into)
              .build());
      return out;
    }
    Set<RuleRef> dead = new HashSet<>();
    for (int i = 0; i < chain.rules().size(); i++) {
      RuleRef place = ref.rule(i + 1);
      Optional<RuleReach.Seen> seen = reach.seen(place);
      if (seen.isEmpty() || seen.get().matched.isEmpty()) {
        dead.add(place);
      }
    }
    Redundancy redundancy = new Redundancy(reach);
    for (int i = 0; i < chain.rules().size(); i++) {
      RuleRef place = ref.rule(i + 1);
      Rule rule = chain.rules().get(i).rule();
      if (dead.contains(place)) {
        out.add(dead(reach, table, chain, i));
        continue;
      }
      Optional<ImmutableList<Place>> instead = redundancy.deciders(table, chain, i);
      if (instead.isPresent() && instead.get().stream().noneMatch(dead::contains)) {
        out.add(
            Finding.builder()
                .kind(Finding.Kind.REDUNDANT_RULE)
                .place(place)
                .message(
                    "redundant rule, later rules decide its packets the same way: "
                        + RuleText.of(rule))
                .addAllRelated(ImmutableSet.copyOf(instead.get()))
                .build());
      }
    }
    return out;
  }

  private static Finding dead(RuleReach reach, TableName table, SnapshotChain chain, int index) {
    ChainRef ref = ChainRef.of(reach.family(), table, chain.name());
    Rule rule = chain.rules().get(index).rule();
    PacketSet could = PacketSet.of(reach.space(), reach.space().universe());
    could = could.intersect(reach.condition(rule).known());
    LinkedHashSet<Place> related = new LinkedHashSet<>();
    PacketSet outside = could.minus(reach.entered(ref));
    if (!outside.isEmpty()) {
      for (RuleRef caller : reach.callers(ref)) {
        related.addAll(earlier(reach, caller, outside));
        related.add(caller);
      }
    }
    related.addAll(earlier(reach, ref.rule(index + 1), could));
    String problem =
        related.isEmpty()
            ? "dead rule, no packet reaching its chain matches it"
            : "dead rule, earlier rules take every packet it matches";
    return Finding.builder()
        .kind(Finding.Kind.DEAD_RULE)
        .place(ref.rule(index + 1))
        .message(problem + ": " + RuleText.of(rule))
        .addAllRelated(related)
        .build();
  }

  /** The rules before {@code place} in its chain that took packets of {@code set}. */
  private static List<RuleRef> earlier(RuleReach reach, RuleRef place, PacketSet set) {
    List<RuleRef> out = new ArrayList<>();
    for (int j = 1; j < place.index(); j++) {
      RuleRef before = place.chain().rule(j);
      Optional<RuleReach.Seen> s = reach.seen(before);
      if (s.isPresent() && s.get().taken.intersects(set)) {
        out.add(before);
      }
    }
    return out;
  }

  /**
   * The place of the last rule of {@code chain} when Docker creates the chain (or {@code
   * DOCKER-USER}) and the rule is a bare {@code -j RETURN}, as Docker writes it.
   */
  private static Optional<RuleRef> dockersReturn(
      RuleReach reach, TableName table, SnapshotChain chain) {
    if (chain.rules().isEmpty()
        || !(DockerChains.isDockers(table, chain.name())
            || (table == TableName.FILTER && chain.name().equals(DockerChains.DOCKER_USER)))) {
      return Optional.empty();
    }
    int last = chain.rules().size();
    Rule rule = chain.rules().get(last - 1).rule();
    RuleRef place = ChainRef.of(reach.family(), table, chain.name()).rule(last);
    Piece none = new Piece(PacketSet.empty(reach.space()), ImmutableList.of(), Optional.empty());
    boolean bareReturn =
        rule.matches().isEmpty()
            && reach.effects().of(rule.target(), none, place).kind() == TargetEffects.Kind.RETURN;
    return bareReturn ? Optional.of(place) : Optional.empty();
  }

  /** The rules of {@code table} that jump or go to each chain, by the chain's name. */
  private static Map<String, List<RuleRef>> jumps(RuleReach reach, TableName table) {
    Map<String, List<RuleRef>> out = new HashMap<>();
    SnapshotTable t = reach.tables().get(table);
    if (t == null) {
      return out;
    }
    Piece none = new Piece(PacketSet.empty(reach.space()), ImmutableList.of(), Optional.empty());
    for (SnapshotChain c : t.chains()) {
      ChainRef ref = ChainRef.of(reach.family(), table, c.name());
      for (int i = 0; i < c.rules().size(); i++) {
        RuleRef place = ref.rule(i + 1);
        TargetEffects.Effect e = reach.effects().of(c.rules().get(i).rule().target(), none, place);
        if (e.kind() == TargetEffects.Kind.JUMP || e.kind() == TargetEffects.Kind.GOTO) {
          out.computeIfAbsent(e.chain(), k -> new ArrayList<>()).add(place);
        }
      }
    }
    return out;
  }
}
