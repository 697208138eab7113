package dev.rampart.core;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a part of the model is invalid. The message has one shape, {@code <place>: <problem>:
 * <value>} ({@code <problem>: <value>} when the place is not known, and without {@code : <value>}
 * when there is no value to show); the parts are available as values.
 *
 * <pre>{@code
 * InvalidModelException.of(RuleRef.of(TableName.FILTER, "INPUT", 3), "unknown jump target", "X")
 *     .getMessage(); // "table filter, chain INPUT, rule 3: unknown jump target: X"
 * }</pre>
 */
public final class InvalidModelException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient @Nullable Place place;
  private final String problem;
  private final String value;

  private InvalidModelException(
      @Nullable Place place, String problem, String value, @Nullable Throwable cause) {
    super(message(place, problem, value));
    if (cause != null) {
      initCause(cause);
    }
    this.place = place;
    this.problem = problem;
    this.value = value;
  }

  /** The exception for {@code problem} with {@code value}, at no known place. */
  public static InvalidModelException of(String problem, Object value) {
    return new InvalidModelException(
        null, checkNotNull(problem, "problem"), Printable.of(value), null);
  }

  /** The exception for {@code problem} with {@code value} at {@code place}. */
  public static InvalidModelException of(Place place, String problem, Object value) {
    return new InvalidModelException(
        checkNotNull(place, "place"), checkNotNull(problem, "problem"), Printable.of(value), null);
  }

  /**
   * A copy of this exception at {@code place}, caused by this one: for a value built without
   * knowing its place that fails inside a placed context.
   */
  public InvalidModelException at(Place place) {
    return new InvalidModelException(checkNotNull(place, "place"), problem, value, this);
  }

  /** Where in the model, when known. */
  public Optional<Place> place() {
    return Optional.ofNullable(place);
  }

  /** What is wrong, e.g. {@code unknown jump target}. */
  public String problem() {
    return problem;
  }

  /** The offending value as printed in the message (escaped to one line); may be empty. */
  public String value() {
    return value;
  }

  private static String message(@Nullable Place place, String problem, String value) {
    return (place == null ? "" : place + ": ") + problem + (value.isEmpty() ? "" : ": " + value);
  }
}
