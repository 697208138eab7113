package dev.rampart.analysis;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import com.google.common.collect.TreeRangeSet;
import dev.rampart.core.AddressSet;
import dev.rampart.core.Family;
import dev.rampart.core.Place;
import dev.rampart.core.Ruleset;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.snapshot.Snapshot;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a class of sources can reach on a host: every protocol and destination port to which a new
 * connection from that class gets through the whole path (raw, nat PREROUTING DNAT, routing, INPUT,
 * or FORWARD with Docker's chains), exactly, for every port at once, each line with a witness
 * packet and the place that lets it through.
 *
 * <pre>{@code
 * Exposure e = Exposure.of(snapshot, Host.parse("eth0=198.51.100.1/24,default=eth0"),
 *     SourceClass.internet());
 * System.out.println(e); // the table
 * }</pre>
 */
public final class Exposure {
  private final SourceClass from;
  private final ImmutableList<Reachable> entries;
  private final ImmutableMap<Family, Reach> reach;

  /** The accepted packets of one family, for membership tests. */
  private record Reach(Analysis analysis, Cube input) {}

  private Exposure(
      SourceClass from, ImmutableList<Reachable> entries, ImmutableMap<Family, Reach> reach) {
    this.from = from;
    this.entries = entries;
    this.reach = reach;
  }

  /** The exposure of a host holding {@code snapshot}, to connections from {@code from}. */
  public static Exposure of(Snapshot snapshot, Host host, SourceClass from) {
    checkNotNull(snapshot, "snapshot");
    checkNotNull(host, "host");
    checkNotNull(from, "from");
    ImmutableList.Builder<Reachable> entries = ImmutableList.builder();
    ImmutableMap.Builder<Family, Reach> reach = ImmutableMap.builder();
    for (Family family : Family.values()) {
      if (!from.covers(family) || !snapshot.families().contains(family)) {
        continue;
      }
      Space space = new Space(family, Alphabet.of(snapshot, family, host));
      Analysis a = Analysis.of(snapshot, family, host, space);
      Optional<Cube> input = input(a, snapshot, host, from);
      if (input.isEmpty()) {
        continue;
      }
      IncomingPath.Result r =
          a.path()
              .run(
                  new Piece(
                      PacketSet.of(space, input.get()), ImmutableList.of(), Optional.empty()));
      List<Piece> accepted = new ArrayList<>(r.delivered());
      accepted.addAll(r.forwarded());
      entries.addAll(lines(space, accepted));
      reach.put(family, new Reach(a, input.get()));
    }
    return new Exposure(from, entries.build(), reach.buildOrThrow());
  }

  /** The exposure of a host that loaded {@code policy} alone. */
  public static Exposure of(Ruleset policy, Host host, SourceClass from) {
    checkNotNull(policy, "policy");
    return of(Snapshot.of(policy), host, from);
  }

  /** The source class analysed. */
  public SourceClass from() {
    return from;
  }

  /** Every reachable line, IPv4 first, by protocol and port. */
  public ImmutableList<Reachable> entries() {
    return entries;
  }

  /**
   * Whether {@code packet}, a new connection from the analysed class to the host, gets through
   * (certainly or depending on an unknown); false for packets outside the analysed input.
   */
  public boolean reaches(Packet packet) {
    Reach r = reach.get(packet.family());
    if (r == null) {
      return false;
    }
    Space space = r.analysis().space();
    Cube point = Points.cube(packet, space).intersect(r.input());
    if (point.isEmpty()) {
      return false;
    }
    IncomingPath.Result result =
        r.analysis()
            .path()
            .run(new Piece(PacketSet.of(space, point), ImmutableList.of(), Optional.empty()));
    return !result.delivered().isEmpty() || !result.forwarded().isEmpty();
  }

  /** This exposure restricted to {@code family}. */
  public Exposure only(Family family) {
    checkNotNull(family, "family");
    ImmutableMap<Family, Reach> kept =
        reach.containsKey(family) ? ImmutableMap.of(family, reach.get(family)) : ImmutableMap.of();
    return new Exposure(
        from,
        entries.stream().filter(r -> r.family() == family).collect(ImmutableList.toImmutableList()),
        kept);
  }

  /** The lines as a table a person reads. */
  @Override
  public String toString() {
    return ExposureText.table(this);
  }

  /**
   * One line per entry, tab separated: family, protocol, ports, destination, witness source, place.
   */
  public String tsv() {
    return ExposureText.tsv(this);
  }

  /**
   * New connections of {@code from} arriving from outside at the host's addresses (no DNAT yet, no
   * IPsec, no mark), or empty when the class, the host or the interfaces leave none.
   */
  static Optional<Cube> input(Analysis a, Snapshot snapshot, Host host, SourceClass from) {
    Space space = a.space();
    Intervals sources =
        switch (from.kind()) {
          case ANY -> space.all(Field.SOURCE);
          case CIDR -> Conditions.address(from.cidr().orElseThrow());
          case SET -> {
            String name = from.setName().orElseThrow();
            AddressSet set =
                snapshot
                    .set(name)
                    .orElseThrow(
                        () -> new IllegalArgumentException("source set not in the input: " + name));
            yield set.family() == space.family()
                ? Conditions.addresses(set.elements())
                : Intervals.EMPTY;
          }
          case INTERNET -> {
            Intervals not =
                Conditions.addresses(
                    SourceClass.NOT_INTERNET.stream()
                        .filter(c -> c.family() == space.family())
                        .toList());
            for (Host.Address ad : host.addresses()) {
              if (ad.family() == space.family()) {
                not = not.union(Addresses.subnet(ad.address(), ad.prefixLength()));
              }
            }
            yield space.not(Field.SOURCE, not);
          }
        };
    Intervals destinations = Intervals.EMPTY;
    for (Host.Address ad : host.addresses()) {
      if (ad.family() == space.family()) {
        destinations = destinations.union(Addresses.host(ad.address()));
      }
    }
    Intervals in = Intervals.EMPTY;
    java.util.Set<String> named =
        from.interfaces().isEmpty()
            ? defaultInterfaces(from, host).orElse(java.util.Set.of())
            : from.interfaces();
    if (named.isEmpty()) {
      for (int i = 0; i < space.interfaces().size(); i++) {
        String name = space.interfaces().get(i);
        if (!name.isEmpty() && !name.equals("lo")) {
          in = in.union(Intervals.point(i));
        }
      }
    } else {
      for (String name : named) {
        in = in.union(Intervals.point(Points.index(name, space)));
      }
    }
    if (sources.isEmpty() || destinations.isEmpty() || in.isEmpty()) {
      return Optional.empty();
    }
    Cube c =
        space
            .universe()
            .with(Field.SOURCE, sources)
            .with(Field.PROTOCOL, protocols(space.family()))
            .with(Field.DESTINATION, destinations)
            .with(Field.IN, in)
            .with(Field.OUT, Intervals.point(space.interfaces().indexOf("")))
            .with(Field.STATE, Intervals.point(ConnStates.value(ConnState.NEW)))
            .with(Field.DNATED, Intervals.point(0))
            .with(Field.IPSEC_IN, Intervals.point(0))
            .with(Field.IPSEC_OUT, Intervals.point(0))
            .with(Field.MARK, Intervals.point(0));
    return Optional.of(c);
  }

  /**
   * The protocols a packet of {@code family} can carry, as the evaluator's {@code Packet} has them:
   * ICMP over IPv4 only, ICMPv6 over IPv6 only (a witness of the other is not a packet).
   */
  private static Intervals protocols(Family family) {
    int other = family == Family.IPV4 ? Protocol.ICMPV6.number() : Protocol.ICMP.number();
    return Intervals.of(1, 255).minus(Intervals.point(other), 0, 255);
  }

  /**
   * Where connections of {@code from} arrive when it names no interface: the internet on the
   * interface of the default route, when the host has one; other classes on every interface.
   */
  private static Optional<java.util.Set<String>> defaultInterfaces(SourceClass from, Host host) {
    if (from.kind() == SourceClass.Kind.INTERNET && host.defaultRoute().isPresent()) {
      return Optional.of(java.util.Set.of(host.defaultRoute().get()));
    }
    return Optional.empty();
  }

  private record Key(
      Family family,
      String protocols,
      Optional<InetAddress> to,
      Optional<Integer> toPort,
      Optional<String> out,
      Optional<Place> decider,
      ImmutableList<Place> depends) {}

  private record Line(
      ImmutableRangeSet<Integer> protocols, Packet witness, TreeRangeSet<Integer> ports) {
    Line(ImmutableRangeSet<Integer> protocols, Packet witness) {
      this(protocols, witness, TreeRangeSet.create());
    }
  }

  private static List<Reachable> lines(Space space, List<Piece> accepted) {
    Map<Key, Line> lines = new LinkedHashMap<>();
    for (Piece p : accepted) {
      for (Cube c : p.set().cubes()) {
        for (ImmutableRangeSet<Integer> group : Protocols.groups(c.get(Field.PROTOCOL))) {
          Cube part = c.with(Field.PROTOCOL, Protocols.intervals(group));
          boolean natted = part.get(Field.DNATED).contains(1);
          Optional<InetAddress> to =
              natted
                  ? Points.single(part.get(Field.DESTINATION), space.family())
                  : Optional.empty();
          Optional<Integer> toPort =
              natted && Protocols.hasPorts(group)
                  ? Points.singleInt(part.get(Field.DESTINATION_PORT))
                  : Optional.empty();
          Optional<String> out =
              Points.singleInt(part.get(Field.OUT))
                  .map(i -> space.interfaces().get(i))
                  .filter(n -> !n.isEmpty());
          Key key =
              new Key(space.family(), group.toString(), to, toPort, out, p.decider(), p.assumes());
          Line line = lines.computeIfAbsent(key, k -> new Line(group, Points.witness(part, space)));
          Intervals sent =
              natted ? part.get(Field.ORIGINAL_DESTINATION_PORT) : part.get(Field.DESTINATION_PORT);
          TreeRangeSet<Integer> set = line.ports();
          if (Protocols.hasPorts(group)) {
            for (int i = 0; i < sent.size(); i++) {
              set.add(Range.closed((int) sent.startLo(i), (int) sent.endLo(i)));
            }
          }
        }
      }
    }
    List<Reachable> out = new ArrayList<>();
    for (Map.Entry<Key, Line> e : lines.entrySet()) {
      Key k = e.getKey();
      Line line = e.getValue();
      out.add(
          Reachable.builder()
              .family(k.family())
              .protocols(line.protocols())
              .ports(ImmutableRangeSet.copyOf(line.ports()))
              .natDestination(k.to())
              .natPort(k.toPort())
              .outInterface(k.out())
              .witness(line.witness())
              .decidedBy(k.decider())
              .dependsOn(k.depends())
              .build());
    }
    out.sort(
        Comparator.comparing((Reachable r) -> r.family())
            .thenComparing(r -> r.protocols().span().lowerEndpoint())
            .thenComparing(r -> r.ports().isEmpty() ? -1 : r.ports().span().lowerEndpoint()));
    return out;
  }

  static InetAddress address(long hi, long lo, Family family) {
    byte[] b = new byte[family == Family.IPV4 ? 4 : 16];
    for (int i = 0; i < b.length; i++) {
      int shift = 8 * (b.length - 1 - i);
      long v = b.length == 4 || i >= 8 ? lo : hi;
      int s = b.length == 4 ? shift : (i >= 8 ? shift : shift - 64);
      b[i] = (byte) (v >>> s);
    }
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
