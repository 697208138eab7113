package dev.rampart.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Chain;
import dev.rampart.core.ChainRef;
import dev.rampart.core.Family;
import dev.rampart.core.Place;
import dev.rampart.core.Rule;
import dev.rampart.core.RuleRef;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.eval.Evaluation;
import dev.rampart.core.eval.Evaluator;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.testing.Seeds;
import dev.rampart.testing.gen.Generators;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Dead and redundant rules and rule order against core's evaluator, on generated rulesets and
 * packets (random ones, and packets of every rule's matched set): a dead rule never matches,
 * removing a dead or redundant rule changes no fate, and two adjacent rules commute exactly when
 * the analysis says so.
 */
class DeadRulesPropertiesTest {
  static final Host HOST =
      Host.parse("eth0=198.51.100.1/24,eth1=10.9.0.1/16,docker0=172.17.0.1/16,default=eth0");
  private static final int RULESETS = 30;
  private static final int RANDOM_PACKETS = 60;
  private static final int REMOVALS = 6;
  private static final int PAIRS = 5;

  /** Generated packets of its family checked on each pair said to commute, besides the others. */
  private static final int PAIR_PACKETS = 300;

  @Test
  void deadRulesNeverMatchAndRemovingAReportedRuleChangesNoFate() {
    long seed = Seeds.seed();
    Random random = new Random(seed);
    int findings = 0;
    for (int i = 0; i < RULESETS; i++) {
      Ruleset policy = Generators.ruleset(random);
      String where = "seed " + seed + " (-Drampart.seed), ruleset " + i + ":\n" + policy;
      DeadRules dead = DeadRules.of(policy, HOST);
      Evaluator evaluator = Evaluator.of(policy, HOST);
      List<Packet> packets = packets(policy, random);
      for (Packet p : packets) {
        Evaluation e = evaluator.evaluate(p);
        Set<Place> matched = matched(e);
        for (Finding f : dead.findings()) {
          if (f.kind() == Finding.Kind.DEAD_RULE) {
            assertThat(matched).as(where + "\n" + f + "\n" + e).doesNotContain(f.place());
          }
          if (f.kind() == Finding.Kind.UNREACHABLE_CHAIN) {
            assertThat(matched.stream().filter(m -> inChain(m, f.place())))
                .as(where + "\n" + f + "\n" + e)
                .isEmpty();
          }
        }
      }
      int removed = 0;
      for (Finding f : dead.findings()) {
        if (f.kind() == Finding.Kind.UNREACHABLE_CHAIN || removed++ == REMOVALS) {
          continue;
        }
        findings++;
        RuleRef place = (RuleRef) f.place();
        Evaluator without = Evaluator.of(without(policy, place), HOST);
        for (Packet p : packets) {
          if (p.family() == place.family().orElseThrow()) {
            assertThat(fates(without.evaluate(p)))
                .as(where + "\nwithout " + f + "\npacket " + p + "\n" + evaluator.evaluate(p))
                .isEqualTo(fates(evaluator.evaluate(p)));
          }
        }
      }
    }
    System.out.println("dead/redundant findings checked by removal: " + findings);
  }

  /**
   * Commutes exactly when the analysis says so: a pair said to commute is decided the same way for
   * every generated packet (random ones, packets of every rule's matched cubes, and {@value
   * #PAIR_PACKETS} packets of the pair's family from the generators), a pair said not to commute
   * has a witness the evaluator (tracing, and compiled when the fate does not depend on an unknown
   * match) decides differently once the rules are swapped, and a pair whose answer depends on
   * undecidable matches has no generated packet whose possible fates change either (else that
   * packet would be a witness). No pair is answered "does not commute" without a witness (the
   * search's cap on atoms included); the counts are printed with the seed.
   */
  @Test
  void adjacentRulesCommuteExactlyWhenTheAnalysisSaysSo() {
    long seed = Seeds.seed();
    Random random = new Random(seed + 1);
    Random drawn = new Random(seed + 2);
    int commute = 0;
    int witnessed = 0;
    int depends = 0;
    int packetsChecked = 0;
    List<String> withoutWitness = new ArrayList<>();
    List<String> dependsPairs = new ArrayList<>();
    for (int i = 0; i < RULESETS; i++) {
      Ruleset policy = Generators.ruleset(random);
      String where = "seed " + seed + " (-Drampart.seed), ruleset " + i + ":\n" + policy;
      RuleOrder order = RuleOrder.of(policy, HOST);
      Evaluator before = Evaluator.of(policy, HOST);
      List<Packet> packets = packets(policy, random);
      List<RuleRef> pairs = pairs(policy, random);
      for (RuleRef first : pairs) {
        Commutation c = order.commutes(first);
        Evaluator after = Evaluator.of(swapped(policy, first), HOST);
        if (c.answer() != Commutation.Answer.DOES_NOT_COMMUTE) {
          if (c.commutes()) {
            commute++;
          } else {
            depends++;
            dependsPairs.add("ruleset " + i + ": " + c);
            assertThat(c.dependsOn()).as(where + "\n" + c).isNotEmpty();
          }
          assertThat(c.witness()).as(where + "\n" + c).isEmpty();
          List<Packet> checked = new ArrayList<>(packets);
          for (int k = 0; k < PAIR_PACKETS; k++) {
            checked.add(Generators.packet(drawn, first.family().orElseThrow()));
          }
          for (Packet p : checked) {
            if (p.family() == first.family().orElseThrow()) {
              packetsChecked++;
              assertThat(fates(after.evaluate(p)))
                  .as(where + "\n" + c + "\npacket " + p + "\n" + before.evaluate(p))
                  .isEqualTo(fates(before.evaluate(p)));
            }
          }
        } else if (c.witness().isPresent()) {
          witnessed++;
          Packet w = c.witness().get();
          Evaluation e = before.evaluate(w);
          assertThat(fates(after.evaluate(w)))
              .as(where + "\n" + c + "\n" + e)
              .isNotEqualTo(fates(e));
          if (e.decision() != Evaluation.Decision.DEPENDS
              && after.evaluate(w).decision() != Evaluation.Decision.DEPENDS) {
            assertThat(after.compile().outcome(w))
                .as(where + "\n" + c + " (compiled)")
                .isNotEqualTo(before.compile().outcome(w));
          }
        } else {
          withoutWitness.add("seed " + seed + ", ruleset " + i + ": " + c);
        }
      }
    }
    System.out.println(
        "seed "
            + seed
            + ", pairs: "
            + commute
            + " commute ("
            + packetsChecked
            + " packets checked with the depending ones), "
            + witnessed
            + " do not (witness confirmed), "
            + depends
            + " depend"
            + dependsPairs.stream().map(r -> "\n  " + r).reduce("", String::concat)
            + "\n"
            + withoutWitness.size()
            + " do not without a witness"
            + withoutWitness.stream().map(r -> "\n  " + r).reduce("", String::concat));
    assertThat(witnessed).isPositive();
    assertThat(commute).isPositive();
    assertThat(withoutWitness).as("pairs that do not commute without a witness").isEmpty();
  }

  /** Random packets, and packets of the cubes each rule matched, in both families. */
  static List<Packet> packets(Ruleset policy, Random random) {
    return packets(Snapshot.of(policy), random);
  }

  /** Random packets, and packets of the cubes each rule of {@code snapshot} matched. */
  static List<Packet> packets(Snapshot snapshot, Random random) {
    List<Packet> out = new ArrayList<>();
    for (int k = 0; k < RANDOM_PACKETS; k++) {
      out.add(randomPacket(random));
    }
    for (Family family : snapshot.families()) {
      RuleReach reach =
          RuleReach.of(snapshot, family, HOST, s -> !s.elements().isEmpty(), Set.of());
      snapshot.tables().stream()
          .filter(t -> t.family() == family)
          .forEach(
              t ->
                  t.chains()
                      .forEach(
                          c -> {
                            for (int r = 1; r <= c.rules().size(); r++) {
                              RuleRef ref = ChainRef.of(family, t.name(), c.name()).rule(r);
                              reach
                                  .seen(ref)
                                  .ifPresent(
                                      s -> {
                                        if (!s.matched.isEmpty()) {
                                          Cube cube = s.matched.cubes().get(0);
                                          out.addAll(Candidates.of(cube, reach.space(), HOST));
                                        }
                                      });
                            }
                          }));
    }
    return out;
  }

  private static Packet randomPacket(Random random) {
    String[] ins = {"eth0", "eth0", "eth1", "docker0", "lo"};
    String[] dsts = {"198.51.100.1", "10.9.0.1", "172.17.0.2", "8.8.8.8", "10.9.3.4"};
    int port = Generators.port(random);
    String src = random.nextInt(4) == 0 ? "10.9.0.7" : Generators.internetIpv4(random);
    String dst = dsts[random.nextInt(dsts.length)];
    Packet p =
        switch (random.nextInt(6)) {
          case 0 -> Packet.icmp(8, 0).from(src).to(dst);
          case 1, 2 -> Packet.udp().from(src, 40000).to(dst, port);
          default -> Packet.tcp().from(src, 40000).to(dst, port);
        };
    ConnState[] states = {ConnState.NEW, ConnState.NEW, ConnState.ESTABLISHED, ConnState.RELATED};
    p = p.state(states[random.nextInt(states.length)]);
    if (random.nextInt(8) == 0) {
      p = p.mark(random.nextInt(4));
    }
    return random.nextInt(5) == 0 ? p.local() : p.in(ins[random.nextInt(ins.length)]);
  }

  /** Every rule that matched on any outcome, and every deciding place. */
  private static Set<Place> matched(Evaluation e) {
    Set<Place> out = new LinkedHashSet<>();
    List<Evaluation> all = e.decision() == Evaluation.Decision.DEPENDS ? e.outcomes() : List.of(e);
    for (Evaluation o : all) {
      out.addAll(o.trace().matched());
      o.decidedBy().ifPresent(out::add);
    }
    out.addAll(e.trace().matched());
    return out;
  }

  private static boolean inChain(Place p, Place chain) {
    return p instanceof RuleRef r && r.chain().equals(chain);
  }

  /** Every possible fate: decision, destination after NAT, output interface. */
  static Set<String> fates(Evaluation e) {
    Set<String> out = new LinkedHashSet<>();
    List<Evaluation> all = e.decision() == Evaluation.Decision.DEPENDS ? e.outcomes() : List.of(e);
    for (Evaluation o : all) {
      out.add(
          o.decision()
              + " "
              + o.destination().map(a -> a.getHostAddress()).orElse("")
              + ":"
              + o.destinationPort()
              + " "
              + o.outInterface().orElse(""));
    }
    return out;
  }

  /** Up to {@value #PAIRS} places of a first rule with a rule after it. */
  private static List<RuleRef> pairs(Ruleset policy, Random random) {
    Snapshot snapshot = Snapshot.of(policy);
    List<RuleRef> all = new ArrayList<>();
    snapshot.tables().stream()
        .forEach(
            t ->
                t.chains()
                    .forEach(
                        c -> {
                          for (int r = 1; r < c.rules().size(); r++) {
                            all.add(ChainRef.of(t.family(), t.name(), c.name()).rule(r));
                          }
                        }));
    List<RuleRef> out = new ArrayList<>();
    for (int k = 0; k < PAIRS && !all.isEmpty(); k++) {
      out.add(all.remove(random.nextInt(all.size())));
    }
    return out;
  }

  /** The positions in {@code chain}'s rule list of the rules {@code family} loads. */
  private static List<Integer> positions(Ruleset policy, Family family, Chain chain) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < chain.rules().size(); i++) {
      if (policy.familiesOf(chain.rules().get(i)).contains(family)) {
        out.add(i);
      }
    }
    return out;
  }

  /** {@code policy} without the rule at {@code place} (all its families lose it). */
  static Ruleset without(Ruleset policy, RuleRef place) {
    return edit(
        policy,
        place,
        (chain, positions) -> {
          List<Rule> rules = new ArrayList<>(chain.rules());
          rules.remove((int) positions.get(place.index() - 1));
          return rules;
        });
  }

  /** {@code policy} with the rule at {@code first} and the next one of its family swapped. */
  static Ruleset swapped(Ruleset policy, RuleRef first) {
    return edit(
        policy,
        first,
        (chain, positions) -> {
          List<Rule> rules = new ArrayList<>(chain.rules());
          int a = positions.get(first.index() - 1);
          int b = positions.get(first.index());
          rules.set(a, chain.rules().get(b));
          rules.set(b, chain.rules().get(a));
          return rules;
        });
  }

  private interface Edit {
    List<Rule> apply(Chain chain, List<Integer> positions);
  }

  private static Ruleset edit(Ruleset policy, RuleRef place, Edit edit) {
    Family family = place.family().orElseThrow();
    List<Table> tables = new ArrayList<>();
    for (Table t : policy.tables()) {
      List<Chain> chains = new ArrayList<>();
      for (Chain c : t.chains()) {
        boolean here = t.name() == place.chain().table() && c.name().equals(place.chain().name());
        chains.add(
            here
                ? Chain.builder().from(c).rules(edit.apply(c, positions(policy, family, c))).build()
                : c);
      }
      tables.add(Table.builder().from(t).chains(chains).build());
    }
    return Ruleset.builder().from(policy).tables(tables).build();
  }
}
