package dev.rampart.testing.gen;

/** What a packet in a chain reached from a built-in chain (its hook) can be matched on. */
final class Hooks {
  private Hooks() {}

  /** Whether packets there have an in interface (and an inbound IPsec direction). */
  static boolean hasIn(String hook) {
    return hook.equals("PREROUTING") || hook.equals("INPUT") || hook.equals("FORWARD");
  }

  /** Whether packets there have an out interface (and an outbound IPsec direction). */
  static boolean hasOut(String hook) {
    return hook.equals("FORWARD") || hook.equals("OUTPUT") || hook.equals("POSTROUTING");
  }
}
