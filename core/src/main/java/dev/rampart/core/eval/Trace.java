package dev.rampart.core.eval;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Place;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the evaluator visited, in order: every rule with its place, its text and whether it matched,
 * the built-in policies applied, and notes on conntrack, NAT and routing.
 */
public final class Trace {
  /** What one line of a trace records. */
  public enum Kind {
    /** A rule whose matches all held; its target applied. */
    MATCHED,
    /** A rule that did not match. */
    NOT_MATCHED,
    /** A built-in chain's policy applied. */
    POLICY,
    /** A step of the path that is not a rule: a hook entered, conntrack, NAT, routing. */
    NOTE
  }

  /** One line of a trace. */
  public static final class Step {
    private final Kind kind;
    private final @Nullable Place place;
    private final String text;
    private final boolean assumed;

    Step(Kind kind, @Nullable Place place, String text, boolean assumed) {
      this.kind = kind;
      this.place = place;
      this.text = text;
      this.assumed = assumed;
    }

    /** What the step records. */
    public Kind kind() {
      return kind;
    }

    /** The rule ({@code RuleRef}) or chain ({@code ChainRef}) of the step, if any. */
    public Optional<Place> place() {
      return Optional.ofNullable(place);
    }

    /** The rule's text, the policy, or the note. */
    public String text() {
      return text;
    }

    /**
     * Whether the outcome of this step is an assumption taken to follow one branch (a rate limit,
     * an unknown set or chain): the evaluation then depends on it.
     */
    public boolean assumed() {
      return assumed;
    }

    /**
     * Returns one line: {@code + <place>: <rule>} for a match, {@code - <place>: <rule>} for none,
     * {@code = <chain>: policy DROP}, {@code # note}; {@code (assumed)} marks a branch taken.
     */
    @Override
    public String toString() {
      String mark =
          switch (kind) {
            case MATCHED -> "+ ";
            case NOT_MATCHED -> "- ";
            case POLICY -> "= ";
            case NOTE -> "# ";
          };
      return mark + (place == null ? "" : place + ": ") + text + (assumed ? "  (assumed)" : "");
    }
  }

  private final ImmutableList<Step> steps;

  Trace(Iterable<Step> steps) {
    this.steps = ImmutableList.copyOf(steps);
  }

  /** The steps, in the order the packet took them. */
  public ImmutableList<Step> steps() {
    return steps;
  }

  /** The places of the rules that matched, in order. */
  public ImmutableList<Place> matched() {
    return steps.stream()
        .filter(s -> s.kind() == Kind.MATCHED)
        .flatMap(s -> s.place().stream())
        .collect(ImmutableList.toImmutableList());
  }

  /** The places of every rule visited, matched or not, in order. */
  public ImmutableList<Place> visited() {
    return steps.stream()
        .filter(s -> s.kind() == Kind.MATCHED || s.kind() == Kind.NOT_MATCHED)
        .flatMap(s -> s.place().stream())
        .collect(ImmutableList.toImmutableList());
  }

  /** Returns one indented line per step. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (Step s : steps) {
      b.append("  ").append(s).append('\n');
    }
    return b.toString();
  }
}
