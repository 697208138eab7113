package dev.rampart.analysis;

import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import com.google.common.net.InetAddresses;
import java.util.ArrayList;
import java.util.List;

/** The text forms of an {@link Exposure}: a table for people, TSV for tools. */
final class ExposureText {
  private ExposureText() {}

  static String table(Exposure e) {
    return "reachable from "
        + e.from()
        + ": "
        + e.entries().size()
        + (e.entries().size() == 1 ? " line\n" : " lines\n")
        + rows(e.entries());
  }

  static String diff(ExposureDiff d) {
    return "became reachable: "
        + d.becameReachable().size()
        + "\n"
        + (d.becameReachable().isEmpty() ? "" : rows(d.becameReachable()))
        + "became unreachable: "
        + d.becameUnreachable().size()
        + "\n"
        + (d.becameUnreachable().isEmpty() ? "" : rows(d.becameUnreachable()));
  }

  static String diffTsv(ExposureDiff d) {
    StringBuilder b = new StringBuilder();
    for (Reachable r : d.becameReachable()) {
      b.append("+\t").append(String.join("\t", row(r))).append('\n');
    }
    for (Reachable r : d.becameUnreachable()) {
      b.append("-\t").append(String.join("\t", row(r))).append('\n');
    }
    return b.toString();
  }

  private static String rows(List<Reachable> entries) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"family", "proto", "ports", "destination", "witness source", "via"});
    for (Reachable r : entries) {
      rows.add(row(r));
    }
    int[] width = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    StringBuilder b = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(i == row.length - 1 ? row[i] : pad(row[i], width[i] + 2));
      }
      b.append(line.toString().stripTrailing()).append('\n');
    }
    return b.toString();
  }

  static String tsv(Exposure e) {
    StringBuilder b = new StringBuilder();
    for (Reachable r : e.entries()) {
      b.append(String.join("\t", row(r))).append('\n');
    }
    return b.toString();
  }

  private static String[] row(Reachable r) {
    String via = r.via();
    return new String[] {
      r.family().label(),
      Protocols.text(r.protocols()),
      ports(r.ports()),
      destination(r),
      r.witness().source().map(InetAddresses::toAddrString).orElse(""),
      via
    };
  }

  static String ports(ImmutableRangeSet<Integer> ports) {
    if (ports.isEmpty()) {
      return "-";
    }
    List<String> parts = new ArrayList<>();
    for (Range<Integer> r : ports.asRanges()) {
      int first = r.lowerEndpoint();
      int last = r.upperEndpoint();
      parts.add(first == last ? Integer.toString(first) : first + "-" + last);
    }
    return String.join(",", parts);
  }

  private static String destination(Reachable r) {
    if (r.natDestination().isEmpty()) {
      return r.outInterface().map(o -> "forwarded via " + o).orElse("host");
    }
    String text = InetAddresses.toAddrString(r.natDestination().get());
    String a = text.contains(":") ? "[" + text + "]" : text;
    return r.natPort().map(p -> a + ":" + p).orElse(a);
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
