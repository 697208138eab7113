package dev.rampart.dsl.swarm;

import static com.google.common.base.Preconditions.checkArgument;

import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import java.util.Optional;
import org.immutables.value.Value;

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
@Value.Immutable
public abstract class PublishedService {
  /** How Docker delivers the published port. */
  public enum Mode {
    /** Routing mesh: every node DNATs the port to its ingress sandbox on the gateway bridge. */
    INGRESS,
    /** Host mode: only nodes running a task DNAT the port, straight to the task's container. */
    HOST
  }

  PublishedService() {}

  /** tcp or udp. */
  public abstract Protocol protocol();

  /** The published port or range (the port clients connect to, not the container's). */
  public abstract PortRange ports();

  /** How Docker delivers it. */
  @Value.Default
  public Mode mode() {
    return Mode.INGRESS;
  }

  /** Who may reach it from an external interface; empty means the world. */
  public abstract Optional<SourceSet> sources();

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
   * @throws NullPointerException naming the parameter that is null
   */
  public static PublishedService of(Protocol protocol, PortRange ports) {
    return ImmutablePublishedService.builder().protocol(protocol).ports(ports).build();
  }

  /** The same service, reachable from external interfaces only by {@code sources}. */
  public final PublishedService from(SourceSet sources) {
    return ImmutablePublishedService.builder().from(this).sources(sources).build();
  }

  /** The same service, published with {@code mode=host}. */
  public final PublishedService hostMode() {
    return ImmutablePublishedService.builder().from(this).mode(Mode.HOST).build();
  }

  @Value.Check
  final void check() {
    checkArgument(
        protocol().equals(Protocol.TCP) || protocol().equals(Protocol.UDP),
        "published port needs tcp or udp: %s",
        protocol());
    checkArgument(
        ports().first() >= 1, "published port out of range [1, 65535]: %s", ports().first());
  }

  /** Returns {@code 8080/tcp}. */
  @Override
  public final String toString() {
    return ports() + "/" + protocol();
  }
}
