package dev.rampart.testing;

import com.google.common.net.InetAddresses;
import dev.rampart.analysis.Exposure;
import dev.rampart.analysis.SourceClass;
import dev.rampart.core.eval.Evaluation;
import dev.rampart.core.eval.Evaluation.Decision;
import dev.rampart.core.eval.Evaluation.Path;
import dev.rampart.core.eval.Evaluator;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.snapshot.Snapshot;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalInt;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on the verdicts of one evaluator: each method evaluates a packet and checks its fate;
 * {@link #to} and {@link #forwardsTo} check where the last packet went.
 *
 * <p>Each failure's first line reads {@code expected <verdict> but was <headline>}; the packet, its
 * route and the full trace follow.
 */
public final class VerdictAssert extends AbstractAssert<VerdictAssert, Evaluator> {
  private final Snapshot snapshot;
  private final Host host;
  private @Nullable Evaluation last;

  VerdictAssert(Snapshot snapshot, Host host) {
    super(Evaluator.of(snapshot, host), VerdictAssert.class);
    this.snapshot = snapshot;
    this.host = host;
  }

  /**
   * Starts an assertion on what new connections from {@code from} reach on this host (the {@link
   * Exposure} of the rules on the host), e.g. {@code
   * exposure(from(internet())).containsOnly(tcp(22))}.
   */
  public ExposureAssert exposure(SourceClass from) {
    return new ExposureAssert(Exposure.of(snapshot, host, from));
  }

  /** Asserts that {@code packet} is accepted at every hook on its path. */
  public VerdictAssert accepts(Packet packet) {
    return decides(packet, Decision.ACCEPTED);
  }

  /**
   * Asserts that {@code packet} is dropped silently (by a rule, a policy, or for want of route).
   */
  public VerdictAssert drops(Packet packet) {
    return decides(packet, Decision.DROPPED);
  }

  /** Asserts that {@code packet} is refused with an ICMP error or a TCP reset. */
  public VerdictAssert rejects(Packet packet) {
    return decides(packet, Decision.REJECTED);
  }

  /** Asserts that {@code packet} is accepted and routed through the host (filter FORWARD). */
  public VerdictAssert forwards(Packet packet) {
    Evaluation e = evaluate(packet);
    if (e.decision() != Decision.ACCEPTED || !e.path().equals(Optional.of(Path.FORWARD))) {
      fail("ACCEPTED FORWARD", e);
    }
    return this;
  }

  /**
   * Asserts that the last packet asserted on was forwarded to {@code address} port {@code port}
   * (after any DNAT).
   *
   * @throws IllegalStateException when no packet was asserted on yet
   */
  public VerdictAssert forwardsTo(String address, int port) {
    Evaluation e = last("forwardsTo");
    if (e.decision() != Decision.ACCEPTED || !e.path().equals(Optional.of(Path.FORWARD))) {
      fail("ACCEPTED FORWARD to " + endpoint(address, port), e);
    }
    return to(address, port);
  }

  /**
   * Asserts that the last packet asserted on went to {@code address} port {@code port} (after any
   * DNAT or REDIRECT).
   *
   * @throws IllegalStateException when no packet was asserted on yet
   * @throws IllegalArgumentException when {@code address} is not an IP address
   */
  public VerdictAssert to(String address, int port) {
    Evaluation e = last("to");
    InetAddress expected = InetAddresses.forString(address);
    if (!e.destination().equals(Optional.of(expected))
        || !e.destinationPort().equals(OptionalInt.of(port))) {
      fail("destination " + endpoint(address, port), e);
    }
    return this;
  }

  /** The evaluation of the last packet asserted on, for further checks. */
  public Optional<Evaluation> lastEvaluation() {
    return Optional.ofNullable(last);
  }

  private VerdictAssert decides(Packet packet, Decision expected) {
    Evaluation e = evaluate(packet);
    if (e.decision() != expected) {
      fail(expected.name(), e);
    }
    return this;
  }

  private Evaluation evaluate(Packet packet) {
    isNotNull();
    Evaluation e = actual.evaluate(packet);
    last = e;
    return e;
  }

  private Evaluation last(String method) {
    Evaluation e = last;
    if (e == null) {
      throw new IllegalStateException(
          "verdict assert "
              + method
              + ": no packet asserted on yet: call accepts, drops, rejects or forwards first");
    }
    return e;
  }

  private void fail(String expected, Evaluation actualEvaluation) {
    failWithMessage("%s", "expected " + expected + " but was " + actualEvaluation);
  }

  private static String endpoint(String address, int port) {
    InetAddress a = InetAddresses.forString(address);
    String text = InetAddresses.toAddrString(a);
    return (a instanceof Inet6Address ? "[" + text + "]" : text) + ":" + port;
  }
}
