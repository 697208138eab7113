package dev.rampart.testing;

import dev.rampart.core.Ruleset;
import dev.rampart.core.snapshot.Snapshot;

/**
 * AssertJ entry points for a firewall's verdicts: what the {@link dev.rampart.core.eval.Evaluator}
 * answers for a packet on a host, asserted in one line.
 *
 * <pre>{@code
 * import static dev.rampart.testing.RampartAssertions.assertThat;
 *
 * Host host = Host.parse("eth0=198.51.100.1/24,docker_gwbridge=172.18.0.1/16,default=eth0");
 * assertThat(ruleset)
 *     .on(host)
 *     .drops(Packet.tcp().from("203.0.113.9").to("198.51.100.1", 22).in("eth0"))
 *     .forwards(Packet.tcp().from("203.0.113.9").to("198.51.100.1", 80).in("eth0"))
 *     .to("172.18.0.2", 8080);
 * }</pre>
 *
 * <p>A failure names the expected and the actual verdict on its first line, then shows the packet,
 * its route and the full trace ({@link dev.rampart.core.eval.Evaluation#toString()}).
 */
public final class RampartAssertions {
  private RampartAssertions() {}

  /**
   * Starts an assertion on what {@code ruleset} does with packets; pick the host with {@code on}.
   */
  public static RulesetAssert assertThat(Ruleset ruleset) {
    return new RulesetAssert(ruleset);
  }

  /**
   * Starts an assertion on what {@code snapshot} (a parsed dump, or {@code AfterApply.of(dump,
   * policy)}) does with packets; pick the host with {@code on}.
   */
  public static SnapshotAssert assertThat(Snapshot snapshot) {
    return new SnapshotAssert(snapshot);
  }
}
