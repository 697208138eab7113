package dev.rampart.testing;

/** Prints the first line of a fixture: {@link FixturesTest} runs it in a foreign directory. */
final class FixturesProbe {
  private FixturesProbe() {}

  public static void main(String[] args) {
    System.out.println(Fixtures.read(args[0]).lines().findFirst().orElse(""));
  }
}
