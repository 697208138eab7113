package dev.rampart.core.eval;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.stream.Collectors.joining;

import com.google.common.collect.ImmutableSet;
import com.google.common.net.InetAddresses;
import dev.rampart.core.Family;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.PacketTypeMatch;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.TcpFlag;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One packet as netfilter sees it: an immutable value built fluently, each method returning a
 * changed copy. The family follows from the addresses; tcp, udp and sctp packets start with the
 * ephemeral source port 40000 and state {@code NEW}.
 *
 * <pre>{@code
 * Packet p = Packet.tcp().from("203.0.113.9").to("198.51.100.1", 22).in("eth0");
 * p.toString(); // "tcp 203.0.113.9:40000 > 198.51.100.1:22 in eth0 state new"
 * Packet.parse(p.toString()).equals(p); // true
 * }</pre>
 *
 * <p>A packet of an existing connection ({@code ESTABLISHED}, {@code RELATED}) carries its
 * addresses as they are after any NAT of that connection, and the destination conntrack recorded
 * for the first packet with {@link #originalDestination(String, int)}; without one, the connection
 * had no destination NAT.
 */
public final class Packet {
  /** The source port tcp, udp and sctp packets start with. */
  public static final int EPHEMERAL_PORT = 40000;

  private static final Pattern MAC = Pattern.compile("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}");

  private final Protocol protocol;
  private final @Nullable InetAddress source;
  private final @Nullable InetAddress destination;
  private final int sourcePort;
  private final int destinationPort;
  private final int icmpType;
  private final int icmpCode;
  private final @Nullable String in;
  private final @Nullable String out;
  private final boolean local;
  private final ConnState state;
  private final @Nullable InetAddress originalDestination;
  private final int originalDestinationPort;
  private final boolean ipsecIn;
  private final boolean ipsecOut;
  private final long mark;
  private final @Nullable String mac;
  private final PacketTypeMatch.@Nullable Type packetType;
  private final long uid;
  private final long gid;
  private final int tcpFlags;

  private Packet(Builder b) {
    this.protocol = b.protocol;
    this.source = b.source;
    this.destination = b.destination;
    this.sourcePort = b.sourcePort;
    this.destinationPort = b.destinationPort;
    this.icmpType = b.icmpType;
    this.icmpCode = b.icmpCode;
    this.in = b.in;
    this.out = b.out;
    this.local = b.local;
    this.state = b.state;
    this.originalDestination = b.originalDestination;
    this.originalDestinationPort = b.originalDestinationPort;
    this.ipsecIn = b.ipsecIn;
    this.ipsecOut = b.ipsecOut;
    this.mark = b.mark;
    this.mac = b.mac;
    this.packetType = b.packetType;
    this.uid = b.uid;
    this.gid = b.gid;
    this.tcpFlags = b.tcpFlags;
    check();
  }

  /** A tcp packet, source port {@value #EPHEMERAL_PORT}, state new, no addresses yet. */
  public static Packet tcp() {
    return of(Protocol.TCP);
  }

  /** A udp packet, source port {@value #EPHEMERAL_PORT}, state new, no addresses yet. */
  public static Packet udp() {
    return of(Protocol.UDP);
  }

  /** An ICMP (IPv4) echo request: type 8, code 0. */
  public static Packet icmp() {
    return icmp(8, 0);
  }

  /** An ICMP (IPv4) packet of {@code type} and {@code code}. */
  public static Packet icmp(int type, int code) {
    Builder b = new Builder(Protocol.ICMP);
    b.icmpType = type;
    b.icmpCode = code;
    return new Packet(b);
  }

  /** An ICMPv6 packet of {@code type} and {@code code} (echo request is 128, 0). */
  public static Packet icmpv6(int type, int code) {
    Builder b = new Builder(Protocol.ICMPV6);
    b.icmpType = type;
    b.icmpCode = code;
    return new Packet(b);
  }

  /** A packet of {@code protocol}; tcp, udp and sctp start with source port 40000. */
  public static Packet of(Protocol protocol) {
    Builder b = new Builder(protocol);
    if (protocol.hasPorts()) {
      b.sourcePort = EPHEMERAL_PORT;
    }
    if (protocol.equals(Protocol.ICMP) || protocol.equals(Protocol.ICMPV6)) {
      b.icmpType = protocol.equals(Protocol.ICMP) ? 8 : 128;
      b.icmpCode = 0;
    }
    return new Packet(b);
  }

  /**
   * Parses the form {@link #toString()} prints, e.g. {@code tcp 203.0.113.9:40000 > 198.51.100.1:22
   * in eth0 state new}: a protocol (name or number), source, {@code >}, destination (IPv6 in
   * brackets when a port follows), then any of {@code in IF}, {@code out IF}, {@code local}, {@code
   * state S}, {@code type T}, {@code code C}, {@code origdst ADDR[:PORT]}, {@code ipsec-in}, {@code
   * ipsec-out}, {@code mark 0xN}, {@code mac M}, {@code pkttype T}, {@code uid N}, {@code gid N},
   * {@code flags syn,ack} (or {@code none}).
   *
   * @throws IllegalArgumentException naming the part that is wrong, {@code packet: unknown
   *     protocol: foo}
   */
  public static Packet parse(String text) {
    return PacketParser.parse(text);
  }

  // ---- fluent changes ----

  /** This packet from {@code address}, source port unchanged. */
  public Packet from(String address) {
    Builder b = builder();
    b.source = address(address);
    return new Packet(b);
  }

  /** This packet from {@code address}:{@code port}. */
  public Packet from(String address, int port) {
    Builder b = builder();
    b.source = address(address);
    b.sourcePort = port;
    return new Packet(b);
  }

  /**
   * This packet from {@code address}:{@code port}, the address taken as it is (the checks that make
   * packets of addresses they hold use it: no text to format and parse back).
   */
  Packet from(InetAddress address, int port) {
    Builder b = builder();
    b.source = address;
    b.sourcePort = port;
    return new Packet(b);
  }

  /** This packet from {@code source} to {@code destination}, ports unchanged, taken as they are. */
  Packet between(InetAddress source, InetAddress destination) {
    Builder b = builder();
    b.source = source;
    b.destination = destination;
    return new Packet(b);
  }

  /** This packet to {@code address}:{@code port}, the address taken as it is. */
  Packet to(InetAddress address, int port) {
    Builder b = builder();
    b.destination = address;
    b.destinationPort = port;
    return new Packet(b);
  }

  /** This packet to {@code address}, destination port unchanged. */
  public Packet to(String address) {
    Builder b = builder();
    b.destination = address(address);
    return new Packet(b);
  }

  /** This packet to {@code address}:{@code port}. */
  public Packet to(String address, int port) {
    Builder b = builder();
    b.destination = address(address);
    b.destinationPort = port;
    return new Packet(b);
  }

  /** This packet arriving on interface {@code name} (from outside the host). */
  public Packet in(String name) {
    Builder b = builder();
    b.in = name;
    b.local = false;
    return new Packet(b);
  }

  /**
   * This packet leaving on interface {@code name}; used where the host has no route for the
   * destination.
   */
  public Packet out(String name) {
    Builder b = builder();
    b.out = name;
    return new Packet(b);
  }

  /**
   * This packet generated by a process on the host (netfilter's OUTPUT path), no input interface.
   */
  public Packet local() {
    Builder b = builder();
    b.local = true;
    b.in = null;
    return new Packet(b);
  }

  /** This packet in conntrack state {@code state}. */
  public Packet state(ConnState state) {
    Builder b = builder();
    b.state = state;
    return new Packet(b);
  }

  /** This packet with ICMP type {@code type} and code {@code code}. */
  public Packet icmpType(int type, int code) {
    Builder b = builder();
    b.icmpType = type;
    b.icmpCode = code;
    return new Packet(b);
  }

  /** This packet of a connection first addressed to {@code address}:{@code port} (before DNAT). */
  public Packet originalDestination(String address, int port) {
    Builder b = builder();
    b.originalDestination = address(address);
    b.originalDestinationPort = port;
    return new Packet(b);
  }

  /** This packet decapsulated by IPsec on the way in ({@code -m policy --dir in --pol ipsec}). */
  public Packet ipsecIn() {
    Builder b = builder();
    b.ipsecIn = true;
    return new Packet(b);
  }

  /** This packet to be encapsulated by IPsec on the way out. */
  public Packet ipsecOut() {
    Builder b = builder();
    b.ipsecOut = true;
    return new Packet(b);
  }

  /** This packet carrying firewall mark {@code mark} (an unsigned 32-bit number). */
  public Packet mark(long mark) {
    Builder b = builder();
    b.mark = mark;
    return new Packet(b);
  }

  /** This packet sent from source MAC address {@code mac} ({@code 52:54:00:ab:cd:ef}). */
  public Packet mac(String mac) {
    checkArgument(
        MAC.matcher(mac).matches(),
        "packet: not a mac address (six hex pairs with colons): %s",
        mac);
    Builder b = builder();
    b.mac = mac.toLowerCase(Locale.ROOT);
    return new Packet(b);
  }

  /** This packet with link-layer type {@code type} instead of the one its destination implies. */
  public Packet packetType(PacketTypeMatch.Type type) {
    Builder b = builder();
    b.packetType = type;
    return new Packet(b);
  }

  /** This locally generated packet sent by a socket of user id {@code uid}. */
  public Packet uid(long uid) {
    checkArgument(uid >= 0 && uid <= 0xffffffffL, "packet: uid out of range: %s", uid);
    Builder b = builder();
    b.uid = uid;
    return new Packet(b);
  }

  /** This locally generated packet sent by a socket of group id {@code gid}. */
  public Packet gid(long gid) {
    checkArgument(gid >= 0 && gid <= 0xffffffffL, "packet: gid out of range: %s", gid);
    Builder b = builder();
    b.gid = gid;
    return new Packet(b);
  }

  /** This tcp packet carrying exactly the TCP flags {@code flags} (none for an empty list). */
  public Packet tcpFlags(Iterable<TcpFlag> flags) {
    checkArgument(protocol.equals(Protocol.TCP), "packet: tcp flags need tcp: %s", protocol);
    Builder b = builder();
    b.tcpFlags = 0;
    for (TcpFlag f : flags) {
      b.tcpFlags |= f.bit();
    }
    return new Packet(b);
  }

  // ---- accessors ----

  /** The address family, from the addresses; IPv4 while none is set (IPv6 for ICMPv6). */
  public Family family() {
    InetAddress any = source != null ? source : destination;
    if (any == null) {
      any = originalDestination;
    }
    if (any == null) {
      return protocol.equals(Protocol.ICMPV6) ? Family.IPV6 : Family.IPV4;
    }
    return familyOf(any);
  }

  /** The IP protocol. */
  public Protocol protocol() {
    return protocol;
  }

  /** The source address, if set. */
  public Optional<InetAddress> source() {
    return Optional.ofNullable(source);
  }

  /** The destination address, if set. */
  public Optional<InetAddress> destination() {
    return Optional.ofNullable(destination);
  }

  /** The source port, for protocols with ports. */
  public OptionalInt sourcePort() {
    return sourcePort < 0 ? OptionalInt.empty() : OptionalInt.of(sourcePort);
  }

  /** The destination port, if set. */
  public OptionalInt destinationPort() {
    return destinationPort < 0 ? OptionalInt.empty() : OptionalInt.of(destinationPort);
  }

  /** The ICMP or ICMPv6 type, for those protocols. */
  public OptionalInt icmpType() {
    return icmpType < 0 ? OptionalInt.empty() : OptionalInt.of(icmpType);
  }

  /** The ICMP or ICMPv6 code, for those protocols. */
  public OptionalInt icmpCode() {
    return icmpCode < 0 ? OptionalInt.empty() : OptionalInt.of(icmpCode);
  }

  /** The input interface, for a packet from outside. */
  public Optional<String> inInterface() {
    return Optional.ofNullable(in);
  }

  /** The output interface given explicitly, if any (routing decides otherwise). */
  public Optional<String> outInterface() {
    return Optional.ofNullable(out);
  }

  /** Whether a process on the host generated the packet. */
  public boolean isLocal() {
    return local;
  }

  /** The conntrack state. */
  public ConnState state() {
    return state;
  }

  /** The destination conntrack recorded before DNAT, for a packet of an existing connection. */
  public Optional<InetAddress> originalDestination() {
    return Optional.ofNullable(originalDestination);
  }

  /** The destination port conntrack recorded before DNAT, if an original destination is set. */
  public OptionalInt originalDestinationPort() {
    return originalDestinationPort < 0
        ? OptionalInt.empty()
        : OptionalInt.of(originalDestinationPort);
  }

  /** Whether the packet arrived through IPsec. */
  public boolean isIpsecIn() {
    return ipsecIn;
  }

  /** Whether the packet leaves through IPsec. */
  public boolean isIpsecOut() {
    return ipsecOut;
  }

  /** The firewall mark. */
  public long mark() {
    return mark;
  }

  /** The source MAC address, if given. */
  public Optional<String> sourceMac() {
    return Optional.ofNullable(mac);
  }

  /**
   * The link-layer packet type: as given, else multicast for a multicast destination, broadcast for
   * 255.255.255.255, unicast otherwise.
   */
  public PacketTypeMatch.Type packetType() {
    if (packetType != null) {
      return packetType;
    }
    if (destination != null && destination.isMulticastAddress()) {
      return PacketTypeMatch.Type.MULTICAST;
    }
    if (destination != null && InetAddresses.toAddrString(destination).equals("255.255.255.255")) {
      return PacketTypeMatch.Type.BROADCAST;
    }
    return PacketTypeMatch.Type.UNICAST;
  }

  /** The user id of the sending socket, for a locally generated packet, if given. */
  public OptionalLong uid() {
    return uid < 0 ? OptionalLong.empty() : OptionalLong.of(uid);
  }

  /** The group id of the sending socket, for a locally generated packet, if given. */
  public OptionalLong gid() {
    return gid < 0 ? OptionalLong.empty() : OptionalLong.of(gid);
  }

  /**
   * The TCP flags: as given, else {@code SYN} for a tcp packet in state {@code NEW} and {@code ACK}
   * for any other tcp packet; none for other protocols.
   */
  public ImmutableSet<TcpFlag> tcpFlags() {
    int bits = tcpFlagBits();
    ImmutableSet.Builder<TcpFlag> b = ImmutableSet.builder();
    for (TcpFlag f : TcpFlag.values()) {
      if ((bits & f.bit()) != 0) {
        b.add(f);
      }
    }
    return b.build();
  }

  int tcpFlagBits() {
    if (!protocol.equals(Protocol.TCP)) {
      return 0;
    }
    if (tcpFlags >= 0) {
      return tcpFlags;
    }
    return state == ConnState.NEW ? TcpFlag.SYN.bit() : TcpFlag.ACK.bit();
  }

  // ---- text ----

  /**
   * Returns the one-line form, {@code tcp 203.0.113.9:40000 > 198.51.100.1:22 in eth0 state new}.
   */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(protocol.toString()).append(' ');
    b.append(endpoint(source, sourcePort))
        .append(" > ")
        .append(endpoint(destination, destinationPort));
    if (icmpType >= 0) {
      b.append(" type ").append(icmpType).append(" code ").append(icmpCode);
    }
    if (in != null) {
      b.append(" in ").append(in);
    }
    if (local) {
      b.append(" local");
    }
    if (out != null) {
      b.append(" out ").append(out);
    }
    b.append(" state ").append(state.name().toLowerCase(Locale.ROOT));
    if (originalDestination != null) {
      b.append(" origdst ").append(endpoint(originalDestination, originalDestinationPort));
    }
    if (ipsecIn) {
      b.append(" ipsec-in");
    }
    if (ipsecOut) {
      b.append(" ipsec-out");
    }
    if (mark != 0) {
      b.append(" mark 0x").append(Long.toHexString(mark));
    }
    if (mac != null) {
      b.append(" mac ").append(mac);
    }
    if (packetType != null) {
      b.append(" pkttype ").append(packetType.name().toLowerCase(Locale.ROOT));
    }
    if (uid >= 0) {
      b.append(" uid ").append(uid);
    }
    if (gid >= 0) {
      b.append(" gid ").append(gid);
    }
    if (tcpFlags >= 0) {
      b.append(" flags ");
      ImmutableSet<TcpFlag> flags = tcpFlags();
      b.append(
          flags.isEmpty()
              ? "none"
              : flags.stream().map(f -> f.name().toLowerCase(Locale.ROOT)).collect(joining(",")));
    }
    return b.toString();
  }

  static String endpoint(@Nullable InetAddress a, int port) {
    String host = a == null ? "*" : InetAddresses.toAddrString(a);
    if (port < 0) {
      return host;
    }
    return (a != null && familyOf(a) == Family.IPV6 ? "[" + host + "]" : host) + ":" + port;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Packet p && toString().equals(p.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  // ---- internals ----

  static Family familyOf(InetAddress a) {
    return a instanceof Inet4Address ? Family.IPV4 : Family.IPV6;
  }

  private static InetAddress address(String text) {
    checkArgument(
        !text.contains("/") && InetAddresses.isInetAddress(text) && !text.contains("%"),
        "packet: not an IPv4 or IPv6 address: %s",
        text);
    InetAddress a = InetAddresses.forString(text);
    checkArgument(
        !(text.contains(":") && a instanceof Inet4Address),
        "packet: not an IPv4 or IPv6 address: %s",
        text);
    return a;
  }

  // Each message is made only when its check fails: a packet is made per evaluation in the lockout
  // and swarm-port checks, and formatting both addresses for every one was most of their time.
  private void check() {
    checkPort("source port", sourcePort);
    checkPort("destination port", destinationPort);
    checkPort("original destination port", originalDestinationPort);
    if (!((sourcePort < 0 && destinationPort < 0) || protocol.hasPorts())) {
      throw invalid("packet: ports need tcp, udp or sctp: " + protocol);
    }
    if (!(icmpType <= 255 && icmpCode <= 255)) {
      throw invalid("packet: icmp type or code above 255: " + icmpType + "/" + icmpCode);
    }
    if (!(mark >= 0 && mark <= 0xffffffffL)) {
      throw invalid("packet: mark out of range [0, 0xffffffff]: " + mark);
    }
    Family family = null;
    for (InetAddress a : new InetAddress[] {source, destination, originalDestination}) {
      if (a != null) {
        Family f = familyOf(a);
        if (!(family == null || family == f)) {
          throw invalid("packet: addresses of two families: " + endpoints());
        }
        family = f;
      }
    }
    if (family != null && protocol.equals(Protocol.ICMP) && family != Family.IPV4) {
      throw invalid("packet: icmp is IPv4 only, use icmpv6: " + endpoints());
    }
    if (family != null && protocol.equals(Protocol.ICMPV6) && family != Family.IPV6) {
      throw invalid("packet: icmpv6 is IPv6 only, use icmp: " + endpoints());
    }
  }

  private String endpoints() {
    return endpoint(source, -1) + " > " + endpoint(destination, -1);
  }

  private static IllegalArgumentException invalid(String message) {
    return new IllegalArgumentException(message);
  }

  private static void checkPort(String what, int port) {
    if (!(port >= -1 && port <= 65535)) {
      throw invalid("packet: " + what + " out of range [0, 65535]: " + port);
    }
  }

  private Builder builder() {
    Builder b = new Builder(protocol);
    b.source = source;
    b.destination = destination;
    b.sourcePort = sourcePort;
    b.destinationPort = destinationPort;
    b.icmpType = icmpType;
    b.icmpCode = icmpCode;
    b.in = in;
    b.out = out;
    b.local = local;
    b.state = state;
    b.originalDestination = originalDestination;
    b.originalDestinationPort = originalDestinationPort;
    b.ipsecIn = ipsecIn;
    b.ipsecOut = ipsecOut;
    b.mark = mark;
    b.mac = mac;
    b.packetType = packetType;
    b.uid = uid;
    b.gid = gid;
    b.tcpFlags = tcpFlags;
    return b;
  }

  /** The mutable fields of one change, copied into the new value by the constructor. */
  static final class Builder {
    final Protocol protocol;
    @Nullable InetAddress source;
    @Nullable InetAddress destination;
    int sourcePort = -1;
    int destinationPort = -1;
    int icmpType = -1;
    int icmpCode = -1;
    @Nullable String in;
    @Nullable String out;
    boolean local;
    ConnState state = ConnState.NEW;
    @Nullable InetAddress originalDestination;
    int originalDestinationPort = -1;
    boolean ipsecIn;
    boolean ipsecOut;
    long mark;
    @Nullable String mac;
    PacketTypeMatch.@Nullable Type packetType;
    long uid = -1;
    long gid = -1;
    int tcpFlags = -1;

    Builder(Protocol protocol) {
      this.protocol = Objects.requireNonNull(protocol, "protocol");
    }

    Packet build() {
      return new Packet(this);
    }
  }
}
