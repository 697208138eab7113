package dev.rampart.dsl;

import java.util.function.Supplier;

/** Prefixes the messages of values built inside a DSL block with the block's place. */
final class Places {
  private Places() {}

  /** Runs {@code body}; an {@link IllegalArgumentException} gets {@code place: } in front. */
  static <T> T within(String place, Supplier<T> body) {
    try {
      return body.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(place + ": " + e.getMessage(), e);
    }
  }
}
