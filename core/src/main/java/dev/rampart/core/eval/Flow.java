package dev.rampart.core.eval;

import dev.rampart.core.Family;
import dev.rampart.core.match.ConnState;
import java.net.InetAddress;
import org.jspecify.annotations.Nullable;

/** The packet as one run of the evaluator changes it: NAT, marks, conntrack state, routing. */
final class Flow {
  final Packet packet;
  final Family family;
  final int protocol;
  final InetAddress source;
  InetAddress destination;
  final int sourcePort;
  int destinationPort;
  final int icmpType;
  final int icmpCode;

  /** The input interface, "" for none (locally generated). */
  String in;

  /** The output interface, "" while not routed. */
  String out = "";

  ConnState state;
  InetAddress originalDestination;
  int originalDestinationPort;

  /** Whether the connection's destination was translated (conntrack's virtual DNAT state). */
  boolean dnat;

  long mark;
  final boolean ipsecIn;
  final boolean ipsecOut;
  Evaluation.@Nullable Path path;

  Flow(Packet p) {
    this.packet = p;
    this.family = p.family();
    this.protocol = p.protocol().number();
    this.source = p.source().orElseThrow(() -> missing("source address", p));
    this.destination = p.destination().orElseThrow(() -> missing("destination address", p));
    this.sourcePort = p.sourcePort().orElse(-1);
    this.destinationPort = p.destinationPort().orElse(-1);
    this.icmpType = p.icmpType().orElse(-1);
    this.icmpCode = p.icmpCode().orElse(-1);
    this.in = p.inInterface().orElse("");
    this.state = p.state();
    this.originalDestination = p.originalDestination().orElse(destination);
    this.originalDestinationPort =
        p.originalDestination().isPresent()
            ? p.originalDestinationPort().orElse(-1)
            : destinationPort;
    this.dnat =
        p.originalDestination().isPresent()
            && (!originalDestination.equals(destination)
                || originalDestinationPort != destinationPort);
    this.mark = p.mark();
    this.ipsecIn = p.isIpsecIn();
    this.ipsecOut = p.isIpsecOut();
  }

  private static IllegalArgumentException missing(String what, Packet p) {
    return new IllegalArgumentException("packet: no " + what + ": " + p);
  }

  /** Whether the packet has ports (tcp, udp, sctp with a destination port). */
  boolean hasPorts() {
    return sourcePort >= 0 && destinationPort >= 0;
  }
}
