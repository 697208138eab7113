package dev.rampart.core;

/**
 * Thrown by a renderer for a part of the model its backend cannot express. Names the backend, the
 * feature and the place; a renderer never drops or changes a rule instead.
 */
public final class UnsupportedFeatureException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String backend;
  private final String feature;
  private final String place;

  /** Creates the exception for {@code feature} at {@code place} in {@code backend}. */
  public UnsupportedFeatureException(String backend, String feature, String place) {
    super(backend + " cannot express " + feature + " (" + place + ")");
    this.backend = backend;
    this.feature = feature;
    this.place = place;
  }

  /** The backend, e.g. {@code iptables}. */
  public String backend() {
    return backend;
  }

  /** The feature that cannot be expressed. */
  public String feature() {
    return feature;
  }

  /** Where in the model, e.g. {@code table filter, chain INPUT, rule 3}. */
  public String place() {
    return place;
  }
}
