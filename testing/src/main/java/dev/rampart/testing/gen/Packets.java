package dev.rampart.testing.gen;

import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.PacketTypeMatch;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.TcpFlag;
import java.util.List;

/**
 * Packets among the addresses, ports and interfaces generated rulesets name, and the host they
 * arrive at, so that generated packets hit generated rules, DNATs and local addresses.
 */
final class Packets {
  /** The host: interfaces generated rules name, with addresses of both families. */
  static final Host HOST =
      Host.parse(
          "eth0=198.51.100.1/24,eth0=2001:db8::1/64,eth1=203.0.113.1/24,ens11=10.10.10.1/24,"
              + "ens11=fd00:10::1/64,docker0=172.17.0.1/16,docker_gwbridge=172.18.0.1/16,"
              + "docker_gwbridge=2001:db8:2::1/48,default=eth0");

  /** Interfaces a packet comes in on: the host's, loopback, a veth and a Docker bridge. */
  private static final List<String> IN =
      List.of("eth0", "eth1", "ens11", "docker0", "docker_gwbridge", "lo", "veth1a2b", "br-0c1d");

  private static final List<String> LOCAL4 = List.of("198.51.100.1", "10.10.10.1", "172.18.0.1");
  private static final List<String> LOCAL6 = List.of("2001:db8::1", "fd00:10::1");
  private static final List<ConnState> STATES =
      List.of(
          ConnState.NEW,
          ConnState.NEW,
          ConnState.ESTABLISHED,
          ConnState.RELATED,
          ConnState.INVALID,
          ConnState.UNTRACKED);

  private Packets() {}

  /** A packet of {@code family}; see {@link Generators#packet}. */
  static Packet draw(Draw d, Family family) {
    boolean v4 = family == Family.IPV4;
    Protocol icmp = v4 ? Protocol.ICMP : Protocol.ICMPV6;
    int kind = d.between(0, 19);
    Protocol protocol =
        kind < 10
            ? Protocol.TCP
            : kind < 15
                ? Protocol.UDP
                : kind < 18 ? icmp : d.oneOf(List.of(Protocol.SCTP, Protocol.ESP));
    Packet p = Packet.of(protocol);
    if (protocol.equals(icmp)) {
      List<Integer> types = v4 ? List.of(8, 0, 3, 11) : List.of(128, 1, 129, 135, 136);
      p = p.icmpType(d.oneOf(types), d.between(0, 4));
    }
    String source = address(d, family, false);
    String destination = address(d, family, d.chance(40));
    if (protocol.hasPorts()) {
      p = p.from(source, d.between(1024, 65_535)).to(destination, Generators.port(d.random()));
    } else {
      p = p.from(source).to(destination);
    }
    p = d.chance(10) ? p.local() : p.in(d.oneOf(IN));
    ConnState state = d.oneOf(STATES);
    p = p.state(state);
    if (protocol.hasPorts() && state != ConnState.NEW && d.chance(25)) {
      p = p.originalDestination(address(d, family, true), Generators.port(d.random()));
    }
    if (protocol.equals(Protocol.TCP) && d.chance(20)) {
      p =
          p.tcpFlags(
              d.oneOf(
                  List.of(
                      List.of(TcpFlag.SYN),
                      List.of(TcpFlag.SYN, TcpFlag.ACK),
                      List.of(TcpFlag.ACK),
                      List.of(TcpFlag.FIN, TcpFlag.ACK))));
    }
    if (d.chance(20)) {
      p = p.mark(d.chance(50) ? d.between(0, 3) : d.between(0, 255));
    }
    if (d.chance(10)) {
      p = d.chance(50) ? p.ipsecIn() : p.ipsecOut();
    }
    if (d.chance(5)) {
      p = p.packetType(d.oneOf(List.of(PacketTypeMatch.Type.values())));
    }
    return p;
  }

  /** An address generated rules name: one of the host's when {@code local}. */
  private static String address(Draw d, Family family, boolean local) {
    if (local) {
      return d.oneOf(family == Family.IPV4 ? LOCAL4 : LOCAL6);
    }
    Cidr c = Addresses.cidr(d, family, true);
    return c.address().getHostAddress();
  }
}
