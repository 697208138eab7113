package dev.rampart.render.ferm;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.rampart.core.Family;

/** One ferm rule statement: its word groups (target last) and the families it is for. */
record Statement(ImmutableList<String> words, ImmutableSet<Family> families) {
  /** Whether the statement is for both families. */
  boolean both() {
    return families.size() == 2;
  }

  /** The statement with the other family added. */
  Statement forBoth() {
    return new Statement(words, ImmutableSet.of(Family.IPV4, Family.IPV6));
  }

  /** The words joined, without the final semicolon. */
  String text() {
    return String.join(" ", words);
  }
}
