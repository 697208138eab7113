package dev.rampart.dsl;

import dev.rampart.core.InvalidModelException;
import dev.rampart.core.Place;
import java.util.function.Supplier;

/** Gives the failures of values built inside a DSL block the block's place. */
final class Places {
  private Places() {}

  /**
   * Runs {@code body}. An {@link InvalidModelException} without a place gets {@code place}; one
   * with a place (a narrower one, found inside the block) passes unchanged; any other {@link
   * IllegalArgumentException} becomes an {@link InvalidModelException} at {@code place} whose
   * problem is its message; a {@link NullPointerException} (whose message names the null parameter)
   * is thrown again with {@code place} before its message.
   */
  static <T> T within(Place place, Supplier<T> body) {
    try {
      return body.get();
    } catch (InvalidModelException e) {
      throw e.place().isPresent() ? e : e.at(place);
    } catch (IllegalArgumentException e) {
      InvalidModelException placed =
          InvalidModelException.of(place, String.valueOf(e.getMessage()), "");
      placed.initCause(e);
      throw placed;
    } catch (NullPointerException e) {
      NullPointerException placed = new NullPointerException(place + ": " + e.getMessage());
      placed.initCause(e);
      throw placed;
    }
  }
}
