package dev.rampart.testing;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.Range;
import com.google.common.net.InetAddresses;
import dev.rampart.analysis.Reachable;
import dev.rampart.core.Family;
import dev.rampart.core.match.Protocol;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * An entry an exposure assertion expects: a protocol and destination ports, optionally narrowed to
 * one family and to where the connection ends up (the host itself, or a container address and port
 * after DNAT).
 *
 * <pre>{@code
 * tcp(22);                              // 22/tcp, either family, to the host or forwarded
 * tcp(30000, 32767).ipv4();             // a range, IPv4 only
 * tcp(443).to("172.18.0.2", 443);       // forwarded to a container after DNAT
 * udp(53).toHost();                     // delivered to the host itself
 * Exposed.of(Protocol.ESP);             // a protocol without ports
 * }</pre>
 */
public final class Exposed {
  private final Protocol protocol;
  private final Optional<Range<Integer>> ports;
  private final Optional<Family> family;
  private final boolean toHost;
  private final Optional<InetAddress> address;
  private final Optional<Integer> port;

  private Exposed(
      Protocol protocol,
      Optional<Range<Integer>> ports,
      Optional<Family> family,
      boolean toHost,
      Optional<InetAddress> address,
      Optional<Integer> port) {
    this.protocol = protocol;
    this.ports = ports;
    this.family = family;
    this.toHost = toHost;
    this.address = address;
    this.port = port;
  }

  /** TCP to {@code port}. */
  public static Exposed tcp(int port) {
    return of(Protocol.TCP, port, port);
  }

  /** TCP to every port from {@code first} to {@code last}. */
  public static Exposed tcp(int first, int last) {
    return of(Protocol.TCP, first, last);
  }

  /** UDP to {@code port}. */
  public static Exposed udp(int port) {
    return of(Protocol.UDP, port, port);
  }

  /** UDP to every port from {@code first} to {@code last}. */
  public static Exposed udp(int first, int last) {
    return of(Protocol.UDP, first, last);
  }

  /**
   * {@code protocol} to every port from {@code first} to {@code last}.
   *
   * @throws IllegalArgumentException when the protocol has no ports or the range is not in [0,
   *     65535]
   */
  public static Exposed of(Protocol protocol, int first, int last) {
    checkNotNull(protocol, "protocol");
    checkArgument(protocol.hasPorts(), "exposed: protocol has no ports: %s", protocol);
    checkArgument(
        0 <= first && first <= last && last <= 65535,
        "exposed: port range not in [0, 65535]: %s-%s",
        first,
        last);
    return new Exposed(
        protocol,
        Optional.of(Range.closed(first, last)),
        Optional.empty(),
        false,
        Optional.empty(),
        Optional.empty());
  }

  /**
   * {@code protocol} as a whole: for a protocol with ports, every port.
   *
   * <p>E.g. {@code Exposed.of(Protocol.ESP)} or {@code Exposed.of(Protocol.ICMP)}.
   */
  public static Exposed of(Protocol protocol) {
    checkNotNull(protocol, "protocol");
    return protocol.hasPorts()
        ? of(protocol, 0, 65535)
        : new Exposed(
            protocol,
            Optional.empty(),
            Optional.empty(),
            false,
            Optional.empty(),
            Optional.empty());
  }

  /** This entry, over IPv4 only. */
  public Exposed ipv4() {
    return new Exposed(protocol, ports, Optional.of(Family.IPV4), toHost, address, port);
  }

  /** This entry, over IPv6 only. */
  public Exposed ipv6() {
    return new Exposed(protocol, ports, Optional.of(Family.IPV6), toHost, address, port);
  }

  /** This entry, delivered to the host itself (not forwarded). */
  public Exposed toHost() {
    return new Exposed(protocol, ports, family, true, Optional.empty(), Optional.empty());
  }

  /**
   * This entry, forwarded to {@code address} port {@code port} after DNAT.
   *
   * @throws IllegalArgumentException when {@code address} is not an IP address or the port is not
   *     in [1, 65535]
   */
  public Exposed to(String address, int port) {
    InetAddress a = InetAddresses.forString(address);
    checkArgument(1 <= port && port <= 65535, "exposed: port not in [1, 65535]: %s", port);
    return new Exposed(protocol, ports, family, false, Optional.of(a), Optional.of(port));
  }

  /** The protocol. */
  public Protocol protocol() {
    return protocol;
  }

  /** The destination ports as sent (before DNAT); empty for a protocol without ports. */
  public Optional<Range<Integer>> ports() {
    return ports;
  }

  /** Whether {@code r} is a line of this entry's protocol, family and destination (any ports). */
  boolean sameKind(Reachable r, int protocolNumber) {
    if (protocolNumber != protocol.number() || family.filter(f -> f != r.family()).isPresent()) {
      return false;
    }
    if (toHost) {
      return r.natDestination().isEmpty() && r.outInterface().isEmpty();
    }
    if (address.isPresent()) {
      return r.natDestination().equals(address) && r.natPort().equals(port);
    }
    return true;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(protocolName(protocol));
    ports.ifPresent(
        r ->
            b.append(' ')
                .append(
                    r.lowerEndpoint().equals(r.upperEndpoint())
                        ? r.lowerEndpoint().toString()
                        : r.lowerEndpoint() + "-" + r.upperEndpoint()));
    family.ifPresent(f -> b.append(' ').append(f.label()));
    if (toHost) {
      b.append(" to host");
    }
    address.ifPresent(
        a -> {
          String text = InetAddresses.toAddrString(a);
          b.append(" to ")
              .append(a instanceof Inet6Address ? "[" + text + "]" : text)
              .append(':')
              .append(port.orElseThrow());
        });
    return b.toString();
  }

  static String protocolName(Protocol protocol) {
    return protocol.toString();
  }
}
