package dev.rampart.testing;

import dev.rampart.analysis.Exposure;
import dev.rampart.analysis.SourceClass;
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
 * <p>And what a class of sources reaches ({@link dev.rampart.analysis.Exposure}), and whether the
 * administrator keeps access:
 *
 * <pre>{@code
 * assertThat(policy).on(host).exposure(from(internet())).containsOnly(tcp(22), tcp(80), tcp(443));
 * assertThat(policy).keepsAdminAccess(AdminAccess.builder().addPorts(22).build());
 * }</pre>
 *
 * <p>A verdict failure names the expected and the actual verdict on its first line, then shows the
 * packet, its route and the full trace ({@link dev.rampart.core.eval.Evaluation#toString()}).
 */
public final class RampartAssertions {
  private RampartAssertions() {}

  /**
   * Starts an assertion on what {@code ruleset} does with packets; pick the host with {@code on}.
   */
  public static RulesetAssert assertThat(Ruleset ruleset) {
    return new RulesetAssert(ruleset);
  }

  /** Starts an assertion on an exposure map: which protocols and ports a source class reaches. */
  public static ExposureAssert assertThat(Exposure exposure) {
    return new ExposureAssert(exposure);
  }

  /** Returns {@code sources}: reads {@code exposure(from(internet()))}. */
  public static SourceClass from(SourceClass sources) {
    return sources;
  }

  /** {@link SourceClass#internet()}: every address outside the private ranges and the host's. */
  public static SourceClass internet() {
    return SourceClass.internet();
  }

  /** {@link Exposed#tcp(int)}: TCP to {@code port}. */
  public static Exposed tcp(int port) {
    return Exposed.tcp(port);
  }

  /** {@link Exposed#tcp(int, int)}: TCP to every port from {@code first} to {@code last}. */
  public static Exposed tcp(int first, int last) {
    return Exposed.tcp(first, last);
  }

  /** {@link Exposed#udp(int)}: UDP to {@code port}. */
  public static Exposed udp(int port) {
    return Exposed.udp(port);
  }

  /** {@link Exposed#udp(int, int)}: UDP to every port from {@code first} to {@code last}. */
  public static Exposed udp(int first, int last) {
    return Exposed.udp(first, last);
  }

  /**
   * Starts an assertion on what {@code snapshot} (a parsed dump, or {@code AfterApply.of(dump,
   * policy)}) does with packets; pick the host with {@code on}.
   */
  public static SnapshotAssert assertThat(Snapshot snapshot) {
    return new SnapshotAssert(snapshot);
  }
}
