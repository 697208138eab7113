package dev.rampart.core.eval;

import dev.rampart.core.AddressSet;
import dev.rampart.core.Chain;
import dev.rampart.core.Family;
import dev.rampart.core.Place;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * Answers what netfilter does with a packet, and why, by walking its real path through the tables:
 * for a packet from outside raw PREROUTING, conntrack, mangle PREROUTING, nat PREROUTING (first
 * packet of a connection only), routing, then mangle and filter INPUT (and nat INPUT), or mangle
 * and filter FORWARD, mangle and nat POSTROUTING; for a locally generated one raw, mangle, nat and
 * filter OUTPUT, then POSTROUTING (and back in on {@code lo} to a local address). Jumps, gotos,
 * RETURN, policies, LOG and the nat targets behave as in the kernel, and so do MARK and CONNMARK
 * (later rules see the marks), CT --notrack and NOTRACK (the packet is untracked and skips nat),
 * REDIRECT (to the host, port rewritten), NFLOG and TCPMSS (they continue).
 *
 * <p>Where the model cannot know the answer (a rate limit, a set filled at run time, a foreign
 * chain whose rules are unknown, an opaque match, an opaque target not known to end traversal) the
 * evaluator follows every branch; if the outcomes differ the decision is {@code DEPENDS} and the
 * evaluation lists them.
 *
 * <pre>{@code
 * Evaluator eval = Evaluator.of(ruleset, Host.parse("eth0=198.51.100.1/24"));
 * Evaluation e = eval.evaluate(Packet.tcp().from("203.0.113.9").to("198.51.100.1", 22).in("eth0"));
 * e.decision(); // DROPPED
 * System.out.println(e); // the decision with its place, then the trace
 * }</pre>
 */
public final class Evaluator {
  /** The most branches one evaluation follows before it reports the ones found. */
  static final int MAX_BRANCHES = 256;

  private final EvalModel ipv4;
  private final EvalModel ipv6;
  private final Host host;

  private Evaluator(EvalModel ipv4, EvalModel ipv6, Host host) {
    this.ipv4 = ipv4;
    this.ipv6 = ipv6;
    this.host = host;
  }

  /**
   * An evaluator of {@code ruleset} on {@code host}, over what a host holds after loading it
   * ({@link Snapshot#of(Ruleset)}); foreign chains' rules are unknown, and so are the contents of
   * an empty set (filled at run time).
   */
  public static Evaluator of(Ruleset ruleset, Host host) {
    Set<ChainKey> foreign = new HashSet<>();
    for (Table table : ruleset.tables()) {
      for (Chain chain : table.chains()) {
        if (!chain.isManaged()) {
          foreign.add(new ChainKey(table.name(), chain.name()));
        }
      }
    }
    return of(
        Snapshot.of(ruleset),
        host,
        (table, chain) -> foreign.contains(new ChainKey(table, chain)),
        set -> !set.elements().isEmpty());
  }

  /**
   * An evaluator of what {@code snapshot} holds on {@code host}: a host's parsed rules, or {@link
   * dev.rampart.core.snapshot.AfterApply#of} of them and a policy. Every chain's rules are known;
   * the sets {@link Snapshot#sets()} lists are known, every other set's contents are unknown. Rules
   * are numbered by their position in their family's chain, as iptables and ip6tables do.
   */
  public static Evaluator of(Snapshot snapshot, Host host) {
    return of(snapshot, host, (table, chain) -> false, set -> true);
  }

  private static Evaluator of(
      Snapshot snapshot,
      Host host,
      BiPredicate<TableName, String> unknownChain,
      Predicate<AddressSet> knownSet) {
    return new Evaluator(
        EvalModel.of(snapshot, Family.IPV4, unknownChain, knownSet),
        EvalModel.of(snapshot, Family.IPV6, unknownChain, knownSet),
        host);
  }

  /** An evaluator of the rules {@code ipv4} and {@code ipv6} hold, on {@code host}. */
  static Evaluator of(EvalModel ipv4, EvalModel ipv6, Host host) {
    return new Evaluator(ipv4, ipv6, host);
  }

  private record ChainKey(TableName table, String chain) {}

  /** The host the evaluator routes on. */
  public Host host() {
    return host;
  }

  /**
   * Evaluates {@code packet}.
   *
   * @throws IllegalArgumentException when the packet has no source or destination address
   */
  public Evaluation evaluate(Packet packet) {
    EvalModel model = model(packet.family());
    List<Evaluation> runs = new ArrayList<>();
    LinkedHashSet<Place> unknowns = new LinkedHashSet<>();
    List<Integer> script = List.of();
    while (true) {
      Choices choices = new Choices(script);
      List<Place> seen = new ArrayList<>();
      runs.add(new Walk(model, host, packet, choices, seen).run());
      unknowns.addAll(seen);
      Optional<List<Integer>> next = choices.next();
      if (next.isEmpty() || runs.size() >= MAX_BRANCHES) {
        break;
      }
      script = next.get();
    }
    return Evaluation.combine(runs, new ArrayList<>(unknowns));
  }

  /**
   * The fast form of this evaluator: decisions and destinations only, no trace, no allocation per
   * packet for packets whose fate the model knows.
   */
  public CompiledEvaluator compile() {
    return CompiledEvaluator.of(this, ipv4, ipv6, host);
  }

  EvalModel model(Family family) {
    return family == Family.IPV4 ? ipv4 : ipv6;
  }
}
