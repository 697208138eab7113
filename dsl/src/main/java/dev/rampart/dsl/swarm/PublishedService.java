package dev.rampart.dsl.swarm;

import static com.google.common.base.Preconditions.checkArgument;

import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A port Docker publishes for a service, and who may reach it from an external interface. Docker
 * DNATs a published port in nat PREROUTING and forwards it, so it is filtered in {@code
 * DOCKER-USER} (never in INPUT), matched by the connection's original destination port ({@code -m
 * conntrack --ctorigdstport}).
 *
 * <ul>
 *   <li>{@link Mode#INGRESS} (the default, routing mesh): forwarded to the ingress sandbox on the
 *       gateway bridge ({@code -o docker_gwbridge}).
 *   <li>{@link Mode#HOST} ({@code mode=host}, or {@code docker run -p}): forwarded to the task's
 *       container on whichever bridge it sits, so no output interface is matched.
 * </ul>
 *
 * <pre>{@code
 * PublishedService.tcp(443);                                   // the world
 * PublishedService.tcp(9090).from(SourceSet.parse("admins", "198.51.100.0/24"));
 * PublishedService.udp(5353).hostMode();
 * }</pre>
 */
public final class PublishedService {
  /** How Docker delivers the published port. */
  public enum Mode {
    /** Routing mesh: every node DNATs the port to its ingress sandbox on the gateway bridge. */
    INGRESS,
    /** Host mode: only nodes running a task DNAT the port, straight to the task's container. */
    HOST
  }

  private final Protocol protocol;
  private final PortRange ports;
  private final Mode mode;
  private final Optional<SourceSet> sources;

  private PublishedService(
      Protocol protocol, PortRange ports, Mode mode, Optional<SourceSet> sources) {
    checkArgument(
        protocol.equals(Protocol.TCP) || protocol.equals(Protocol.UDP),
        "published port needs tcp or udp: %s",
        protocol);
    checkArgument(ports.first() >= 1, "published port out of range [1, 65535]: %s", ports.first());
    this.protocol = protocol;
    this.ports = ports;
    this.mode = mode;
    this.sources = sources;
  }

  /** TCP {@code port} through the routing mesh, reachable from the world. */
  public static PublishedService tcp(int port) {
    return of(Protocol.TCP, PortRange.of(port));
  }

  /** UDP {@code port} through the routing mesh, reachable from the world. */
  public static PublishedService udp(int port) {
    return of(Protocol.UDP, PortRange.of(port));
  }

  /**
   * {@code ports} of {@code protocol} through the routing mesh, reachable from the world.
   *
   * @throws IllegalArgumentException when the protocol is not tcp or udp, or a port is 0
   */
  public static PublishedService of(Protocol protocol, PortRange ports) {
    return new PublishedService(protocol, ports, Mode.INGRESS, Optional.empty());
  }

  /** The same service, reachable from external interfaces only by {@code sources}. */
  public PublishedService from(SourceSet sources) {
    return new PublishedService(protocol, ports, mode, Optional.of(sources));
  }

  /** The same service, published with {@code mode=host}. */
  public PublishedService hostMode() {
    return new PublishedService(protocol, ports, Mode.HOST, sources);
  }

  /** tcp or udp. */
  public Protocol protocol() {
    return protocol;
  }

  /** The published port or range (the port clients connect to, not the container's). */
  public PortRange ports() {
    return ports;
  }

  /** How Docker delivers it. */
  public Mode mode() {
    return mode;
  }

  /** Who may reach it from an external interface; empty means the world. */
  public Optional<SourceSet> sources() {
    return sources;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof PublishedService s
        && s.protocol.equals(protocol)
        && s.ports.equals(ports)
        && s.mode == mode
        && s.sources.equals(sources);
  }

  @Override
  public int hashCode() {
    return Objects.hash(protocol, ports, mode, sources);
  }

  /** Returns {@code 8080/tcp}. */
  @Override
  public String toString() {
    return ports + "/" + protocol;
  }
}
