package dev.rampart.core.match;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Finds the first repeated element of a list, for messages that name it. */
final class Duplicates {
  private Duplicates() {}

  /** The first element of {@code list} that equals an earlier one, if any. */
  static <T> Optional<T> first(List<T> list) {
    if (list.size() < 2) {
      return Optional.empty();
    }
    Set<T> seen = new HashSet<>();
    for (T e : list) {
      if (!seen.add(e)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }
}
