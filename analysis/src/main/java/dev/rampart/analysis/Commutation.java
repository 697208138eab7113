package dev.rampart.analysis;

import dev.rampart.core.RuleRef;
import dev.rampart.core.eval.Packet;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Whether two adjacent rules commute: swapping them changes the fate of no packet, with a packet
 * whose fate changes when they do not.
 *
 * <pre>{@code
 * Commutation c = RuleOrder.of(policy, host).commutes(RuleRef.of(TableName.FILTER, "INPUT", 3));
 * c.commutes(); // false
 * c.witness();  // a packet the evaluator decides differently once rules 3 and 4 are swapped
 * }</pre>
 */
@Value.Immutable
public abstract class Commutation {
  Commutation() {}

  /** The first of the two rules; the second is the rule after it in the same chain. */
  public abstract RuleRef first();

  /** Whether swapping the two rules changes the fate of no packet. */
  public abstract boolean commutes();

  /**
   * A packet the evaluator decides differently before and after the swap; empty when they commute.
   *
   * <p>Also empty, with {@link #commutes()} false, in the residue: the analysis found packets that
   * reach both rules (through the host's routing, after the earlier tables of their hook) and that
   * the two rules send different ways, but no candidate packet shows a different fate, and the
   * analysis cannot prove that none exists. This happens in three shapes, and only there:
   *
   * <ul>
   *   <li>the two ways differ at the end of the rules' table but a later table on the packets' path
   *       decides them alike (an ACCEPT or a DNAT in raw, mangle or nat against a verdict the
   *       filter table repeats), since rule order compares fates at the end of the table;
   *   <li>one rule rewrites a field (a mark, an address) that some later rule tests, but not for
   *       the packets concerned;
   *   <li>the difference lies only under some outcomes of matches the evaluator cannot decide (rate
   *       limits, sets filled at run time), and the other outcomes hide it: the possible fates
   *       before and after are the same set.
   * </ul>
   *
   * On generated policies this residue is a few pairs in a hundred (counted by the property test);
   * everywhere else "does not commute" comes with a witness, and "commutes" is exact.
   */
  public abstract Optional<Packet> witness();

  @Value.Check
  void check() {
    if (commutes() && witness().isPresent()) {
      throw new IllegalStateException(first() + ": commuting rules have no witness: " + witness());
    }
  }

  static Commutation of(RuleRef first, boolean commutes, Optional<Packet> witness) {
    return ImmutableCommutation.builder().first(first).commutes(commutes).witness(witness).build();
  }

  /** {@code <place>: commutes with the next rule} or {@code ...: does not commute ...}. */
  @Override
  public final String toString() {
    if (commutes()) {
      return first() + ": commutes with the next rule";
    }
    return first()
        + ": does not commute with the next rule: "
        + witness().map(Packet::toString).orElse("no packet found");
  }
}
