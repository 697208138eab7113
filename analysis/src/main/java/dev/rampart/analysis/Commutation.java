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
   * A packet the evaluator decides differently before and after the swap; empty when they commute,
   * and when the analysis found packets at the two rules that they decide differently but could not
   * describe one as a packet arriving at the host (a mark set by an earlier rule, say).
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
