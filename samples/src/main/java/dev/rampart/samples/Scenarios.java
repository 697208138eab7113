package dev.rampart.samples;

import com.google.common.collect.ImmutableList;
import java.util.Optional;

/** Every scenario the command line knows, in the order {@code list} prints them. */
public final class Scenarios {
  private static final ImmutableList<Scenario> ALL =
      ImmutableList.of(
          new SwarmManager(),
          new SwarmWorker(),
          new MinimalHost(),
          new TrustedNodes(),
          new IngressLockdown(),
          new TrustedAllowlist(),
          new FermPreserve(),
          new ClusterScenario());

  private Scenarios() {}

  /** All scenarios. */
  public static ImmutableList<Scenario> all() {
    return ALL;
  }

  /** The scenario rendered when the command line gets no arguments: {@code swarm-manager}. */
  public static Scenario defaultScenario() {
    return ALL.get(0);
  }

  /** The scenario named {@code name}, if any. */
  public static Optional<Scenario> named(String name) {
    return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
