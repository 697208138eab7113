package dev.rampart.dsl.swarm;

import static com.google.common.base.Preconditions.checkArgument;

import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A port served by a process on the host itself (not a published container port), opened in the
 * host chain to the world or to a {@link SourceSet}.
 *
 * <pre>{@code
 * HostPort.tcp(443);                         // https for everyone
 * HostPort.udp(53).from(SourceSet.parse("lan", "192.168.0.0/16"));
 * }</pre>
 */
@Value.Immutable
public abstract class HostPort {
  HostPort() {}

  /** The protocol: tcp, udp or sctp. */
  public abstract Protocol protocol();

  /** The port or range. */
  public abstract PortRange ports();

  /** Who may connect; empty means anywhere. */
  public abstract Optional<SourceSet> sources();

  /** TCP {@code port}, open to the world. */
  public static HostPort tcp(int port) {
    return of(Protocol.TCP, PortRange.of(port));
  }

  /** UDP {@code port}, open to the world. */
  public static HostPort udp(int port) {
    return of(Protocol.UDP, PortRange.of(port));
  }

  /**
   * {@code ports} of {@code protocol}, open to the world.
   *
   * @throws IllegalArgumentException when the protocol has no ports
   * @throws NullPointerException naming the parameter that is null
   */
  public static HostPort of(Protocol protocol, PortRange ports) {
    return ImmutableHostPort.builder().protocol(protocol).ports(ports).build();
  }

  /** The same port, open only to {@code sources}. */
  public final HostPort from(SourceSet sources) {
    return ImmutableHostPort.builder().from(this).sources(sources).build();
  }

  @Value.Check
  final void check() {
    checkArgument(protocol().hasPorts(), "host port needs tcp, udp or sctp: %s", protocol());
  }

  /** Returns {@code 443/tcp}. */
  @Override
  public final String toString() {
    return ports() + "/" + protocol();
  }
}
