package dev.rampart.bench;

import dev.rampart.core.RenderMode;
import dev.rampart.core.Ruleset;
import dev.rampart.render.iptables.IptablesRenderer;

/**
 * One cold build and render, for {@link ColdStart}: builds {@link Rulesets#realistic} of the given
 * size through the DSL (with validation), renders it with the iptables renderer (with its lockout
 * check), and prints the seconds of each, {@code BUILD RENDER}.
 */
public final class OneShot {
  private OneShot() {}

  /** Argument: the rule count. */
  public static void main(String[] args) {
    long t0 = System.nanoTime();
    Ruleset ruleset = Rulesets.realistic(Integer.parseInt(args[0]));
    long t1 = System.nanoTime();
    String text = IptablesRenderer.of(RenderMode.COEXIST).render(ruleset);
    long t2 = System.nanoTime();
    if (text.isEmpty()) {
      throw new IllegalStateException("empty rendering");
    }
    System.out.println((t1 - t0) / 1e9 + " " + (t2 - t1) / 1e9);
  }
}
