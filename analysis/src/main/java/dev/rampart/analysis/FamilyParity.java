package dev.rampart.analysis;

import com.google.common.collect.BoundType;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import com.google.common.net.InetAddresses;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.ChainRef;
import dev.rampart.core.Family;
import dev.rampart.core.Place;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.core.snapshot.SnapshotChain;
import dev.rampart.core.snapshot.SnapshotTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The IPv6-parity invariant: on a host with addresses of both families, a (protocol, destination
 * port) a new connection from the internet reaches for certain on the host itself over one family
 * and not even possibly over the other (lines that depend on a rate limit, a run-time set or an
 * untracked match count as possibly open) is a {@link Finding.Kind#FAMILY_PARITY} finding, one per
 * protocol and port range, at the place that lets the open family's witness through (the closed
 * family's INPUT related). A family the snapshot has no table of is compared as the kernel holds it
 * with nothing loaded: an empty filter table whose built-in chains accept (an IPv4-only ruleset on
 * a dual-stack host leaves IPv6 open). ICMP and ICMPv6 count as one protocol; the protocols without
 * ports are grouped, one finding per range of protocol numbers. Connections DNATed or forwarded to
 * containers are left out: Docker's routing mesh is IPv4-only by design.
 */
final class FamilyParity {
  /** A key for ICMP over either family. */
  private static final int ICMP_ANY = Protocol.ICMP.number();

  private FamilyParity() {}

  /**
   * What one family reaches: the ports per protocol key for certain ({@code ports}, with the lines
   * opening them), and those some line reaches depending on a rate limit, a set filled at run time
   * or a match the header space does not track ({@code maybe}, a superset).
   */
  private record Open(
      Map<Integer, RangeSet<Integer>> ports,
      Map<Integer, RangeSet<Integer>> maybe,
      Map<Integer, List<Reachable>> lines) {}

  static ImmutableList<Finding> of(Snapshot snapshot, Host host) {
    ImmutableList.Builder<Finding> out = ImmutableList.builder();
    if (snapshot.families().isEmpty()) {
      return out.build();
    }
    Snapshot both = snapshot;
    Optional<Family> empty = Optional.empty();
    for (Family f : Family.values()) {
      if (host.addresses().stream().noneMatch(a -> a.family() == f)) {
        return out.build();
      }
      if (!snapshot.families().contains(f)) {
        both = Snapshot.builder().from(snapshot).addTables(emptyFilter(f)).build();
        empty = Optional.of(f);
      }
    }
    Exposure e = Exposure.of(both, host, SourceClass.internet());
    Open v4 = open(e, Family.IPV4);
    Open v6 = open(e, Family.IPV6);
    compare(v4, v6, Family.IPV4, Family.IPV6, empty, out);
    compare(v6, v4, Family.IPV6, Family.IPV4, empty, out);
    return out.build();
  }

  /**
   * What a host holds in {@code family} when nothing was loaded there: the kernel's filter table,
   * its built-in chains empty with policy ACCEPT.
   */
  private static SnapshotTable emptyFilter(Family family) {
    List<SnapshotChain> chains = new ArrayList<>();
    for (String name : List.of("INPUT", "FORWARD", "OUTPUT")) {
      chains.add(SnapshotChain.builder().name(name).policy(ChainPolicy.ACCEPT).build());
    }
    return SnapshotTable.of(family, TableName.FILTER, chains);
  }

  private static Open open(Exposure e, Family family) {
    Map<Integer, RangeSet<Integer>> ports = new TreeMap<>();
    Map<Integer, RangeSet<Integer>> maybe = new TreeMap<>();
    Map<Integer, List<Reachable>> lines = new LinkedHashMap<>();
    for (Reachable r : e.entries()) {
      if (r.family() != family || r.natDestination().isPresent() || r.outInterface().isPresent()) {
        continue;
      }
      boolean sure = r.dependsOn().isEmpty();
      for (Range<Integer> pr : r.protocols().asRanges()) {
        for (int p = pr.lowerEndpoint(); p <= pr.upperEndpoint(); p++) {
          int key = p == Protocol.ICMPV6.number() ? ICMP_ANY : p;
          List<RangeSet<Integer>> into = new ArrayList<>();
          into.add(maybe.computeIfAbsent(key, k -> TreeRangeSet.create()));
          if (sure) {
            into.add(ports.computeIfAbsent(key, k -> TreeRangeSet.create()));
            lines.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
          }
          for (RangeSet<Integer> set : into) {
            if (r.ports().isEmpty()) {
              set.add(Range.closed(0, 65535));
            } else {
              set.addAll(r.ports());
            }
          }
        }
      }
    }
    return new Open(ports, maybe, lines);
  }

  /**
   * A finding per protocol and port range {@code open} reaches and {@code other} does not; the
   * protocols without ports but ICMP grouped in one finding (per the first line opening them).
   */
  private static void compare(
      Open open,
      Open other,
      Family family,
      Family closed,
      Optional<Family> empty,
      ImmutableList.Builder<Finding> out) {
    RangeSet<Integer> portless = TreeRangeSet.create();
    for (Map.Entry<Integer, RangeSet<Integer>> e : open.ports().entrySet()) {
      int protocol = e.getKey();
      RangeSet<Integer> only = TreeRangeSet.create(e.getValue());
      RangeSet<Integer> there = other.maybe().get(protocol);
      if (there != null) {
        only.removeAll(there);
      }
      if (only.isEmpty()) {
        continue;
      }
      if (!Protocol.of(protocol).hasPorts() && protocol != ICMP_ANY) {
        portless.add(Range.closedOpen(protocol, protocol + 1));
        continue;
      }
      for (Range<Integer> range : only.asRanges()) {
        out.add(finding(open, protocol, range, text(protocol, range), family, closed, empty));
      }
    }
    for (Range<Integer> r : portless.asRanges()) {
      int first = first(r);
      int last = last(r);
      String what =
          first == last ? Protocol.of(first).toString() : "protocols " + first + "-" + last;
      out.add(finding(open, first, Range.closed(0, 65535), what, family, closed, empty));
    }
  }

  private static String text(int protocol, Range<Integer> range) {
    return (protocol == ICMP_ANY ? "icmp" : Protocol.of(protocol).toString())
        + (Protocol.of(protocol).hasPorts()
            ? " "
                + (first(range) == last(range)
                    ? Integer.toString(first(range))
                    : first(range) + "-" + last(range))
            : "");
  }

  /** The least integer of non-empty {@code r}. */
  private static int first(Range<Integer> r) {
    return r.lowerBoundType() == BoundType.CLOSED ? r.lowerEndpoint() : r.lowerEndpoint() + 1;
  }

  /** The greatest integer of non-empty {@code r}. */
  private static int last(Range<Integer> r) {
    return r.upperBoundType() == BoundType.CLOSED ? r.upperEndpoint() : r.upperEndpoint() - 1;
  }

  private static Finding finding(
      Open open,
      int protocol,
      Range<Integer> range,
      String what,
      Family family,
      Family closed,
      Optional<Family> empty) {
    List<Reachable> lines = open.lines().getOrDefault(protocol, List.of());
    Reachable line = lines.get(0);
    for (Reachable r : lines) {
      if (r.ports().isEmpty() || r.ports().intersects(range)) {
        line = r;
        break;
      }
    }
    Packet witness = witness(line, protocol, family);
    boolean hasPorts = Protocol.of(protocol).hasPorts();
    if (hasPorts && witness.destination().isPresent()) {
      int port = first(range);
      if (!line.ports().isEmpty() && !line.ports().contains(port)) {
        port = first(line.ports().subRangeSet(range).span());
      }
      witness = witness.to(InetAddresses.toAddrString(witness.destination().get()), port);
    }
    Place at = line.decidedBy().orElse(ChainRef.of(family, TableName.FILTER, "INPUT"));
    String why =
        empty.isPresent()
            ? " (nothing loaded over "
                + empty.get().label()
                + ": the kernel's empty filter table accepts everything)"
            : "";
    return Finding.builder()
        .kind(Finding.Kind.FAMILY_PARITY)
        .place(at)
        .message(
            "reachable from the internet over "
                + family.label()
                + ", not over "
                + closed.label()
                + ": "
                + what
                + ", e.g. "
                + witness
                + why)
        .witness(witness)
        .addRelated(ChainRef.of(closed, TableName.FILTER, "INPUT"))
        .build();
  }

  /** {@code line}'s witness, of {@code protocol} (the family's ICMP for {@link #ICMP_ANY}). */
  private static Packet witness(Reachable line, int protocol, Family family) {
    Packet w = line.witness();
    int number =
        protocol == ICMP_ANY && family == Family.IPV6 ? Protocol.ICMPV6.number() : protocol;
    if (w.protocol().number() == number || w.source().isEmpty() || w.destination().isEmpty()) {
      return w;
    }
    String from = InetAddresses.toAddrString(w.source().get());
    String to = InetAddresses.toAddrString(w.destination().get());
    Packet p =
        number == Protocol.ICMP.number()
            ? Packet.icmp(8, 0)
            : number == Protocol.ICMPV6.number()
                ? Packet.icmpv6(128, 0)
                : Packet.of(Protocol.of(number));
    p =
        Protocol.of(number).hasPorts()
            ? p.from(from, Packet.EPHEMERAL_PORT).to(to, 0)
            : p.from(from).to(to);
    return w.inInterface().map(p::in).orElse(p);
  }
}
