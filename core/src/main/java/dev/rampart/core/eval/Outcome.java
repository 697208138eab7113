package dev.rampart.core.eval;

import dev.rampart.core.eval.Evaluation.Decision;
import dev.rampart.core.eval.Evaluation.Path;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * The fate of a packet without the why: decision, path, destination after NAT, output interface.
 * What {@link CompiledEvaluator} answers and {@link Evaluation#outcome()} summarises.
 */
public final class Outcome {
  private final Decision decision;
  private final @Nullable Path path;
  private final @Nullable InetAddress destination;
  private final int destinationPort;
  private final @Nullable String outInterface;

  Outcome(
      Decision decision,
      @Nullable Path path,
      @Nullable InetAddress destination,
      int destinationPort,
      @Nullable String outInterface) {
    this.decision = decision;
    this.path = path;
    this.destination = destination;
    this.destinationPort = destinationPort;
    this.outInterface = outInterface;
  }

  /** The decision. */
  public Decision decision() {
    return decision;
  }

  /** Where an accepted packet went. */
  public Optional<Path> path() {
    return Optional.ofNullable(path);
  }

  /** The destination of an accepted packet, after any DNAT. */
  public Optional<InetAddress> destination() {
    return Optional.ofNullable(destination);
  }

  /** The destination port of an accepted packet, after any DNAT. */
  public OptionalInt destinationPort() {
    return destinationPort < 0 ? OptionalInt.empty() : OptionalInt.of(destinationPort);
  }

  /** The interface an accepted forwarded or sent packet leaves on. */
  public Optional<String> outInterface() {
    return Optional.ofNullable(outInterface);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Outcome x
        && x.decision == decision
        && x.path == path
        && Objects.equals(x.destination, destination)
        && x.destinationPort == destinationPort
        && Objects.equals(x.outInterface, outInterface);
  }

  @Override
  public int hashCode() {
    return Objects.hash(decision, path, destination, destinationPort, outInterface);
  }

  /** Returns {@code ACCEPTED FORWARD to 172.18.0.2:8080 out docker_gwbridge} or {@code DROPPED}. */
  @Override
  public String toString() {
    if (path == null) {
      return decision.name();
    }
    return decision
        + " "
        + path
        + " to "
        + Packet.endpoint(destination, destinationPort)
        + (outInterface == null ? "" : " out " + outInterface);
  }
}
