package dev.rampart.core;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Thrown by a renderer for a part of the model its backend cannot express. Names the place, the
 * backend, the feature and the value, {@code <place>: <backend> cannot express <feature>: <value>};
 * a renderer never drops or changes a rule instead.
 */
public final class UnsupportedFeatureException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String backend;
  private final String feature;
  private final String value;
  private final transient Place place;

  /**
   * Creates the exception for {@code feature} with {@code value} at {@code place} in {@code
   * backend}; the message omits {@code : <value>} when {@code value} is empty.
   */
  public UnsupportedFeatureException(String backend, String feature, String value, Place place) {
    super(
        checkNotNull(place, "place")
            + ": "
            + checkNotNull(backend, "backend")
            + " cannot express "
            + checkNotNull(feature, "feature")
            + (value.isEmpty() ? "" : ": " + Printable.of(value)));
    this.backend = backend;
    this.feature = feature;
    this.value = Printable.of(value);
    this.place = place;
  }

  /** The backend, e.g. {@code iptables}. */
  public String backend() {
    return backend;
  }

  /** The feature that cannot be expressed, e.g. {@code icmp type 255}. */
  public String feature() {
    return feature;
  }

  /** The offending value as printed in the message (escaped to one line); may be empty. */
  public String value() {
    return value;
  }

  /** Where in the model, e.g. {@code table filter, chain INPUT, rule 3}. */
  public Place place() {
    return place;
  }
}
