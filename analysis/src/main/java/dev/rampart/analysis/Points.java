package dev.rampart.analysis;

import com.google.common.net.InetAddresses;
import dev.rampart.core.Family;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.match.Protocol;
import java.net.InetAddress;
import java.util.Optional;

/** Single packets in a header space: a packet as a cube, and a witness packet out of a cube. */
final class Points {
  private Points() {}

  /** The cube holding just {@code packet} as it arrives (fields it does not have: every value). */
  static Cube cube(Packet packet, Space space) {
    Cube c = space.universe();
    InetAddress src =
        packet
            .source()
            .orElseThrow(() -> new IllegalArgumentException("packet has no source: " + packet));
    InetAddress dst =
        packet
            .destination()
            .orElseThrow(
                () -> new IllegalArgumentException("packet has no destination: " + packet));
    c = c.with(Field.SOURCE, Addresses.host(src)).with(Field.DESTINATION, Addresses.host(dst));
    c = c.with(Field.PROTOCOL, Intervals.point(packet.protocol().number()));
    if (packet.sourcePort().isPresent()) {
      c = c.with(Field.SOURCE_PORT, Intervals.point(packet.sourcePort().getAsInt()));
    }
    if (packet.destinationPort().isPresent()) {
      c = c.with(Field.DESTINATION_PORT, Intervals.point(packet.destinationPort().getAsInt()));
    }
    if (packet.icmpType().isPresent()) {
      int code = packet.icmpCode().orElse(0);
      c = c.with(Field.ICMP, Intervals.point(packet.icmpType().getAsInt() * 256L + code));
    }
    c = c.with(Field.IN, Intervals.point(index(packet.inInterface().orElse(""), space)));
    c = c.with(Field.OUT, Intervals.point(index(packet.outInterface().orElse(""), space)));
    return c.with(Field.STATE, Intervals.point(ConnStates.value(packet.state())))
        .with(Field.DNATED, Intervals.point(0))
        .with(Field.IPSEC_IN, Intervals.point(packet.isIpsecIn() ? 1 : 0))
        .with(Field.IPSEC_OUT, Intervals.point(packet.isIpsecOut() ? 1 : 0))
        .with(Field.MARK, Intervals.point(packet.mark()));
  }

  /** The alphabet index interface {@code name} behaves as. */
  static int index(String name, Space space) {
    int exact = space.interfaces().indexOf(name);
    if (exact >= 0) {
      return exact;
    }
    int best = space.interfaces().indexOf(Alphabet.OTHER);
    int bestLength = -1;
    for (int i = 0; i < space.interfaces().size(); i++) {
      String rep = space.interfaces().get(i);
      if (rep.length() > 1 && rep.endsWith("*")) {
        String prefix = rep.substring(0, rep.length() - 1);
        if (name.startsWith(prefix) && prefix.length() > bestLength) {
          best = i;
          bestLength = prefix.length();
        }
      }
    }
    return best;
  }

  /** A real interface name for alphabet entry {@code i} (a representative becomes a name). */
  static String name(int i, Space space) {
    String n = space.interfaces().get(i);
    if (n.equals(Alphabet.OTHER)) {
      return "if9";
    }
    return n.endsWith("*") ? n.substring(0, n.length() - 1) + "9" : n;
  }

  /** One packet of {@code c}, as sent (before any DNAT), a new connection. */
  static Packet witness(Cube c, Space space) {
    Family family = space.family();
    int protocol = (int) c.get(Field.PROTOCOL).startLo(0);
    boolean natted = c.get(Field.DNATED).contains(1);
    Intervals dst = natted ? c.get(Field.ORIGINAL_DESTINATION) : c.get(Field.DESTINATION);
    Intervals dport =
        natted ? c.get(Field.ORIGINAL_DESTINATION_PORT) : c.get(Field.DESTINATION_PORT);
    String source = text(firstHost(c.get(Field.SOURCE)), family);
    String destination = text(first(dst), family);
    Packet p = Packet.of(Protocol.of(protocol));
    if (Protocol.of(protocol).hasPorts()) {
      Intervals sports = c.get(Field.SOURCE_PORT);
      int sport =
          sports.contains(Packet.EPHEMERAL_PORT) ? Packet.EPHEMERAL_PORT : (int) sports.startLo(0);
      p = p.from(source, sport).to(destination, (int) dport.startLo(0));
    } else {
      p = p.from(source).to(destination);
    }
    if (protocol == 1 || protocol == 58) {
      long v = c.get(Field.ICMP).startLo(0);
      p = p.icmpType((int) (v >> 8), (int) (v & 0xff));
    }
    p = p.in(name((int) c.get(Field.IN).startLo(0), space));
    long mark = c.get(Field.MARK).startLo(0);
    return mark == 0 ? p : p.mark(mark);
  }

  /** The first address of {@code i}, skipping a network address ending in 0 when it can. */
  private static long[] firstHost(Intervals i) {
    long hi = i.startHi(0);
    long lo = i.startLo(0);
    boolean more = hi != i.endHi(0) || lo != i.endLo(0);
    return more && (lo & 0xff) == 0 ? new long[] {hi, lo + 1} : new long[] {hi, lo};
  }

  private static long[] first(Intervals i) {
    return new long[] {i.startHi(0), i.startLo(0)};
  }

  static String text(long[] v, Family family) {
    return InetAddresses.toAddrString(Exposure.address(v[0], v[1], family));
  }

  /** The one address in {@code i}, if it holds exactly one. */
  static Optional<InetAddress> single(Intervals i, Family family) {
    if (i.size() != 1 || i.startHi(0) != i.endHi(0) || i.startLo(0) != i.endLo(0)) {
      return Optional.empty();
    }
    return Optional.of(Exposure.address(i.startHi(0), i.startLo(0), family));
  }

  /** The one small value in {@code i}, if it holds exactly one. */
  static Optional<Integer> singleInt(Intervals i) {
    if (i.size() != 1 || i.startHi(0) != 0 || i.startLo(0) != i.endLo(0)) {
      return Optional.empty();
    }
    return Optional.of((int) i.startLo(0));
  }
}
