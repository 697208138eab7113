package dev.rampart.dsl.swarm;

import static com.google.common.base.Preconditions.checkArgument;

import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A port served by a process on the host itself (not a published container port), opened in the
 * host chain to the world or to a {@link SourceSet}.
 *
 * <pre>{@code
 * HostPort.tcp(443);                         // https for everyone
 * HostPort.udp(53).from(SourceSet.parse("lan", "192.168.0.0/16"));
 * }</pre>
 */
public final class HostPort {
  private final Protocol protocol;
  private final PortRange ports;
  private final Optional<SourceSet> sources;

  private HostPort(Protocol protocol, PortRange ports, Optional<SourceSet> sources) {
    checkArgument(protocol.hasPorts(), "host port needs tcp, udp or sctp: %s", protocol);
    this.protocol = protocol;
    this.ports = ports;
    this.sources = sources;
  }

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
   */
  public static HostPort of(Protocol protocol, PortRange ports) {
    return new HostPort(protocol, ports, Optional.empty());
  }

  /** The same port, open only to {@code sources}. */
  public HostPort from(SourceSet sources) {
    return new HostPort(protocol, ports, Optional.of(sources));
  }

  /** The protocol: tcp, udp or sctp. */
  public Protocol protocol() {
    return protocol;
  }

  /** The port or range. */
  public PortRange ports() {
    return ports;
  }

  /** Who may connect; empty means anywhere. */
  public Optional<SourceSet> sources() {
    return sources;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof HostPort h
        && h.protocol.equals(protocol)
        && h.ports.equals(ports)
        && h.sources.equals(sources);
  }

  @Override
  public int hashCode() {
    return Objects.hash(protocol, ports, sources);
  }

  /** Returns {@code 443/tcp}. */
  @Override
  public String toString() {
    return ports + "/" + protocol;
  }
}
