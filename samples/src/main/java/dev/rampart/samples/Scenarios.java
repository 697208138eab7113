package dev.rampart.samples;

import com.google.common.collect.ImmutableList;
import java.util.Optional;

/**
 * Every scenario the command line knows, in the order {@code list} prints them. A scenario's class
 * is loaded and initialised only when it is asked for: {@link #named} makes the one it names (the
 * command line without arguments loads {@code minimal-host} alone), {@link #all} every one.
 */
public final class Scenarios {
  /** The scenarios' names, in {@code list} order; {@link #create} makes each. */
  static final ImmutableList<String> NAMES =
      ImmutableList.of(
          "swarm-manager",
          "swarm-worker",
          "minimal-host",
          "trusted-nodes",
          "ingress-lockdown",
          "trusted-allowlist",
          "ferm-preserve",
          "cluster");

  private Scenarios() {}

  /** Made on first use: building it loads every scenario's class. */
  private static final class All {
    static final ImmutableList<Scenario> ALL = all();

    private static ImmutableList<Scenario> all() {
      ImmutableList.Builder<Scenario> out = ImmutableList.builder();
      for (String name : NAMES) {
        out.add(create(name).orElseThrow());
      }
      return out.build();
    }
  }

  /** All scenarios. */
  public static ImmutableList<Scenario> all() {
    return All.ALL;
  }

  /** The scenario rendered when the command line gets no arguments: {@code swarm-manager}. */
  public static Scenario defaultScenario() {
    return all().get(0);
  }

  /** The scenario named {@code name}, if any (made anew: scenarios hold no state). */
  public static Optional<Scenario> named(String name) {
    return create(name);
  }

  /** A new scenario named {@code name} (a plain switch: no registry to initialise). */
  static Optional<Scenario> create(String name) {
    Scenario s =
        switch (name) {
          case "swarm-manager" -> new SwarmManager();
          case "swarm-worker" -> new SwarmWorker();
          case "minimal-host" -> new MinimalHost();
          case "trusted-nodes" -> new TrustedNodes();
          case "ingress-lockdown" -> new IngressLockdown();
          case "trusted-allowlist" -> new TrustedAllowlist();
          case "ferm-preserve" -> new FermPreserve();
          case "cluster" -> new ClusterScenario();
          default -> null;
        };
    return Optional.ofNullable(s);
  }
}
