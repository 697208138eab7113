package dev.rampart.analysis;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import com.google.common.net.InetAddresses;
import dev.rampart.core.ChainRef;
import dev.rampart.core.Family;
import dev.rampart.core.Place;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The IPv6-parity invariant: on a host with addresses of both families whose snapshot filters both,
 * a (protocol, destination port) a new connection from the internet reaches on the host itself over
 * one family and not over the other is a {@link Finding.Kind#FAMILY_PARITY} finding, one per
 * protocol and port range, at the place that lets the open family's witness through (the closed
 * family's INPUT related). ICMP and ICMPv6 count as one protocol. Connections DNATed or forwarded
 * to containers are left out: Docker's routing mesh is IPv4-only by design.
 */
final class FamilyParity {
  /** A key for ICMP over either family. */
  private static final int ICMP_ANY = Protocol.ICMP.number();

  private FamilyParity() {}

  private record Open(Map<Integer, RangeSet<Integer>> ports, Map<Integer, List<Reachable>> lines) {}

  static ImmutableList<Finding> of(Snapshot snapshot, Host host) {
    ImmutableList.Builder<Finding> out = ImmutableList.builder();
    for (Family f : Family.values()) {
      if (!snapshot.families().contains(f)
          || host.addresses().stream().noneMatch(a -> a.family() == f)) {
        return out.build();
      }
    }
    Exposure e = Exposure.of(snapshot, host, SourceClass.internet());
    Open v4 = open(e, Family.IPV4);
    Open v6 = open(e, Family.IPV6);
    compare(v4, v6, Family.IPV4, Family.IPV6, out);
    compare(v6, v4, Family.IPV6, Family.IPV4, out);
    return out.build();
  }

  private static Open open(Exposure e, Family family) {
    Map<Integer, RangeSet<Integer>> ports = new TreeMap<>();
    Map<Integer, List<Reachable>> lines = new LinkedHashMap<>();
    for (Reachable r : e.entries()) {
      if (r.family() != family || r.natDestination().isPresent() || r.outInterface().isPresent()) {
        continue;
      }
      for (Range<Integer> pr : r.protocols().asRanges()) {
        for (int p = pr.lowerEndpoint(); p <= pr.upperEndpoint(); p++) {
          int key = p == Protocol.ICMPV6.number() ? ICMP_ANY : p;
          RangeSet<Integer> set = ports.computeIfAbsent(key, k -> TreeRangeSet.create());
          if (r.ports().isEmpty()) {
            set.add(Range.closed(0, 65535));
          } else {
            set.addAll(r.ports());
          }
          lines.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
      }
    }
    return new Open(ports, lines);
  }

  private static void compare(
      Open open, Open other, Family family, Family closed, ImmutableList.Builder<Finding> out) {
    for (Map.Entry<Integer, RangeSet<Integer>> e : open.ports().entrySet()) {
      int protocol = e.getKey();
      RangeSet<Integer> only = TreeRangeSet.create(e.getValue());
      RangeSet<Integer> there = other.ports().get(protocol);
      if (there != null) {
        only.removeAll(there);
      }
      for (Range<Integer> range : only.asRanges()) {
        out.add(finding(open, protocol, range, family, closed));
      }
    }
  }

  private static Finding finding(
      Open open, int protocol, Range<Integer> range, Family family, Family closed) {
    List<Reachable> lines = open.lines().getOrDefault(protocol, List.of());
    Reachable line = lines.get(0);
    for (Reachable r : lines) {
      if (r.ports().isEmpty() || r.ports().intersects(range)) {
        line = r;
        break;
      }
    }
    Packet witness = line.witness();
    boolean hasPorts = Protocol.of(protocol).hasPorts();
    if (hasPorts && witness.destination().isPresent()) {
      int port = range.lowerEndpoint();
      if (!line.ports().contains(port)) {
        port = line.ports().subRangeSet(range).span().lowerEndpoint();
      }
      witness = witness.to(InetAddresses.toAddrString(witness.destination().get()), port);
    }
    String what =
        (protocol == ICMP_ANY ? "icmp" : Protocol.of(protocol).toString())
            + (hasPorts
                ? " "
                    + (range.lowerEndpoint().equals(range.upperEndpoint())
                        ? range.lowerEndpoint().toString()
                        : range.lowerEndpoint() + "-" + range.upperEndpoint())
                : "");
    Place at = line.decidedBy().orElse(ChainRef.of(family, TableName.FILTER, "INPUT"));
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
                + witness)
        .witness(witness)
        .addRelated(ChainRef.of(closed, TableName.FILTER, "INPUT"))
        .build();
  }
}
