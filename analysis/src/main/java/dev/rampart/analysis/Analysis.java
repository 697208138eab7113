package dev.rampart.analysis;

import com.google.common.collect.ImmutableMap;
import dev.rampart.core.AddressSet;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.eval.Host;
import dev.rampart.core.match.AddressTypeMatch;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.snapshot.Snapshot;
import java.util.Optional;

/** One family of a snapshot on a host, ready for symbolic traversal. */
final class Analysis {
  private final Space space;
  private final ChainWalker walker;
  private final IncomingPath path;

  private Analysis(Space space, ChainWalker walker, IncomingPath path) {
    this.space = space;
    this.walker = walker;
    this.path = path;
  }

  static Analysis of(Snapshot snapshot, Family family, Host host, Space space) {
    ImmutableMap.Builder<String, Optional<Intervals>> sets = ImmutableMap.builder();
    for (AddressSet s : snapshot.sets()) {
      sets.put(
          s.name(),
          Optional.of(s.family() == family ? Conditions.addresses(s.elements()) : Intervals.EMPTY));
    }
    Intervals ports = portProtocols();
    Conditions conditions =
        new Conditions(space, sets.buildKeepingLast(), addressTypes(space, host));
    ChainWalker walker =
        new ChainWalker(snapshot, family, conditions, new TargetEffects(space, host, ports));
    return new Analysis(space, walker, new IncomingPath(walker, space, host));
  }

  static Intervals portProtocols() {
    Intervals p = Intervals.EMPTY;
    for (int n = 1; n <= 255; n++) {
      if (Protocol.of(n).hasPorts()) {
        p = p.union(Intervals.point(n));
      }
    }
    return p;
  }

  /** The addresses of each type on {@code host}, as {@code Host.addressType} answers. */
  static ImmutableMap<AddressTypeMatch.Type, Intervals> addressTypes(Space space, Host host) {
    Family family = space.family();
    Intervals local = local(family, host);
    Intervals multicast =
        Conditions.address(Cidr.parse(family == Family.IPV4 ? "224.0.0.0/4" : "ff00::/8"))
            .minus(local, space.maxHi(Field.DESTINATION), space.maxLo(Field.DESTINATION));
    Intervals broadcast = Intervals.EMPTY;
    if (family == Family.IPV4) {
      broadcast = Conditions.address(Cidr.parse("255.255.255.255/32"));
      for (Host.Address a : host.addresses()) {
        if (a.family() == family && a.prefixLength() < 31) {
          long mask = (0xffffffffL << (32 - a.prefixLength())) & 0xffffffffL;
          long net = Addresses.low(a.address()) & mask;
          broadcast = broadcast.union(Intervals.point(net | (~mask & 0xffffffffL)));
        }
      }
      broadcast = broadcast.minus(local, 0, 0xffffffffL).minus(multicast, 0, 0xffffffffL);
    }
    Intervals unicast = space.not(Field.DESTINATION, local.union(multicast).union(broadcast));
    return ImmutableMap.of(
        AddressTypeMatch.Type.LOCAL, local,
        AddressTypeMatch.Type.MULTICAST, multicast,
        AddressTypeMatch.Type.BROADCAST, broadcast,
        AddressTypeMatch.Type.UNICAST, unicast);
  }

  /** The host's local addresses: its interfaces' and loopback. */
  static Intervals local(Family family, Host host) {
    Intervals l = Conditions.address(Cidr.parse(family == Family.IPV4 ? "127.0.0.0/8" : "::1/128"));
    for (Host.Address a : host.addresses()) {
      if (a.family() == family) {
        l = l.union(Addresses.host(a.address()));
      }
    }
    return l;
  }

  Space space() {
    return space;
  }

  ChainWalker walker() {
    return walker;
  }

  IncomingPath path() {
    return path;
  }
}
