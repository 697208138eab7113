package dev.rampart.analysis;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.eval.Host;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The host's routing decision over the header space, as core's evaluator takes it: local addresses
 * (the host's and loopback) go to {@code lo}, the others by the longest matching subnet of a host
 * address, else by the default route; with no default route, a destination nothing routes leaves on
 * the interface the packet names (any).
 */
final class Routes {
  /** The destinations one interface is the route to. */
  record Route(Intervals destinations, int out) {}

  private final Space space;
  private final Intervals local;
  private final ImmutableList<Route> routes;
  private final Intervals unrouted;

  private Routes(Space space, Intervals local, ImmutableList<Route> routes, Intervals unrouted) {
    this.space = space;
    this.local = local;
    this.routes = routes;
    this.unrouted = unrouted;
  }

  static Routes of(Space space, Host host) {
    Family family = space.family();
    Intervals local =
        Conditions.address(Cidr.parse(family == Family.IPV4 ? "127.0.0.0/8" : "::1/128"));
    List<Host.Address> addresses = new ArrayList<>();
    for (Host.Address a : host.addresses()) {
      if (a.family() == family) {
        local = local.union(Addresses.host(a.address()));
        addresses.add(a);
      }
    }
    addresses.sort(Comparator.comparingInt(Host.Address::prefixLength).reversed());
    ImmutableList.Builder<Route> routes = ImmutableList.builder();
    Intervals routed = local;
    for (Host.Address a : addresses) {
      Intervals subnet =
          Addresses.subnet(a.address(), a.prefixLength())
              .minus(routed, space.maxHi(Field.DESTINATION), space.maxLo(Field.DESTINATION));
      if (!subnet.isEmpty()) {
        routes.add(new Route(subnet, space.interfaces().indexOf(a.iface())));
        routed = routed.union(subnet);
      }
    }
    Intervals rest = space.not(Field.DESTINATION, routed);
    if (host.defaultRoute().isPresent() && !rest.isEmpty()) {
      routes.add(new Route(rest, space.interfaces().indexOf(host.defaultRoute().get())));
      rest = Intervals.EMPTY;
    }
    return new Routes(space, local, routes.build(), rest);
  }

  /** The host's local addresses (its interfaces' and loopback). */
  Intervals local() {
    return local;
  }

  /** The routes to destinations that are not local, longest prefix first, the default last. */
  ImmutableList<Route> routes() {
    return routes;
  }

  /**
   * Every packet of {@code cube} with the output interface routing gives its destination: the
   * routes' interfaces, any interface but none for destinations nothing routes, and {@code lo} for
   * local destinations when {@code toLocal} (else local destinations are left out).
   */
  PacketSet routed(Cube cube, boolean toLocal) {
    List<Cube> out = new ArrayList<>();
    Intervals dst = cube.get(Field.DESTINATION);
    if (toLocal) {
      add(out, cube, dst.intersect(local), Intervals.point(space.interfaces().indexOf("lo")));
    }
    for (Route r : routes) {
      add(out, cube, dst.intersect(r.destinations()), Intervals.point(r.out()));
    }
    add(out, cube, dst.intersect(unrouted), someInterface());
    return PacketSet.union(space, out);
  }

  /** Every interface value but none ({@code ""}). */
  Intervals someInterface() {
    return space.not(Field.IN, Intervals.point(space.interfaces().indexOf("")));
  }

  private static void add(List<Cube> out, Cube cube, Intervals dst, Intervals iface) {
    Intervals o = cube.get(Field.OUT).intersect(iface);
    if (!dst.isEmpty() && !o.isEmpty()) {
      out.add(cube.with(Field.DESTINATION, dst).with(Field.OUT, o));
    }
  }
}
