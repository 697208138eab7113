package dev.rampart.analysis;

import dev.rampart.core.Place;
import dev.rampart.core.RuleRef;
import dev.rampart.core.eval.Outcome;
import dev.rampart.core.eval.Packet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.immutables.value.Value;

/**
 * Whether two adjacent rules commute: swapping them changes the fate of no packet ({@link
 * Answer#COMMUTES}), changes the fate of a packet the {@link #witness()} shows ({@link
 * Answer#DOES_NOT_COMMUTE}), or may change fates only under some outcomes of matches the evaluator
 * cannot decide ({@link Answer#DEPENDS}: {@link #dependsOn()} names them).
 *
 * <pre>{@code
 * Commutation c = RuleOrder.of(policy, host).commutes(RuleRef.of(TableName.FILTER, "INPUT", 3));
 * c.answer();  // DOES_NOT_COMMUTE
 * c.witness(); // a packet the evaluator decides differently once rules 3 and 4 are swapped
 * }</pre>
 */
@Value.Immutable
public abstract class Commutation {
  /** The three answers. */
  public enum Answer {
    /** Swapping the rules changes the fate of no packet (proved over every atom of the rules). */
    COMMUTES,
    /** Swapping the rules changes the fate of the {@link #witness()}. */
    DOES_NOT_COMMUTE,
    /**
     * Packets the two rules send different ways keep their possible fates, but those fates hang on
     * matches the evaluator cannot decide (rate limits, sets filled at run time, chains whose rules
     * are unknown, named by {@link #dependsOn()}): whether one such packet's fate changes depends
     * on their outcomes.
     */
    DEPENDS
  }

  Commutation() {}

  /** The first of the two rules; the second is the rule after it in the same chain. */
  public abstract RuleRef first();

  /** The answer. */
  public abstract Answer answer();

  /** Whether swapping the two rules changes the fate of no packet: {@link Answer#COMMUTES}. */
  public final boolean commutes() {
    return answer() == Answer.COMMUTES;
  }

  /**
   * A packet the evaluator decides differently before and after the swap: present exactly when the
   * answer is {@link Answer#DOES_NOT_COMMUTE}, but for one case: when the packets the rules send
   * different ways fall into more than 20,000 atoms the search gives up with no witness (never seen
   * on generated or sample policies; the property test counts it).
   */
  public abstract Optional<Packet> witness();

  /** For {@link Answer#DEPENDS}, the places whose undecidable matches the fates hang on. */
  public abstract List<Place> dependsOn();

  /**
   * For {@link Answer#DEPENDS}, the possible fates of a packet the rules send different ways, as
   * the rules stand; empty otherwise.
   */
  public abstract Set<Outcome> before();

  /** For {@link Answer#DEPENDS}, the possible fates of that packet after the swap. */
  public abstract Set<Outcome> after();

  @Value.Check
  void check() {
    if (answer() != Answer.DOES_NOT_COMMUTE && witness().isPresent()) {
      throw new IllegalStateException(first() + ": only non-commuting rules have a witness");
    }
    if ((answer() == Answer.DEPENDS) == dependsOn().isEmpty()) {
      throw new IllegalStateException(first() + ": places named exactly for DEPENDS");
    }
  }

  static Commutation commute(RuleRef first) {
    return ImmutableCommutation.builder().first(first).answer(Answer.COMMUTES).build();
  }

  static Commutation notCommute(RuleRef first, Optional<Packet> witness) {
    return ImmutableCommutation.builder()
        .first(first)
        .answer(Answer.DOES_NOT_COMMUTE)
        .witness(witness)
        .build();
  }

  static Commutation depends(
      RuleRef first, List<Place> dependsOn, Set<Outcome> before, Set<Outcome> after) {
    return ImmutableCommutation.builder()
        .first(first)
        .answer(Answer.DEPENDS)
        .dependsOn(dependsOn)
        .before(before)
        .after(after)
        .build();
  }

  /**
   * {@code <place>: commutes with the next rule}, {@code ...: does not commute with the next rule:
   * <witness>} or {@code ...: commutes with the next rule depending on <places>: <fates> before,
   * <fates> after}.
   */
  @Override
  public final String toString() {
    return switch (answer()) {
      case COMMUTES -> first() + ": commutes with the next rule";
      case DOES_NOT_COMMUTE ->
          first()
              + ": does not commute with the next rule: "
              + witness().map(Packet::toString).orElse("too many atoms to search");
      case DEPENDS ->
          first()
              + ": commutes with the next rule depending on "
              + dependsOn().stream().map(Place::toString).collect(Collectors.joining(", "))
              + ": "
              + text(before())
              + " before, "
              + text(after())
              + " after";
    };
  }

  private static String text(Set<Outcome> outcomes) {
    return outcomes.stream().map(Outcome::toString).collect(Collectors.joining(" or "));
  }
}
