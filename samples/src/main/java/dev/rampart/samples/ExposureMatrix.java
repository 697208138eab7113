package dev.rampart.samples;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import dev.rampart.analysis.Exposure;
import dev.rampart.analysis.Reachable;
import dev.rampart.core.Family;
import dev.rampart.core.match.Protocol;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The exposure of several nodes as one matrix: nodes down, protocol and ports across, each cell
 * saying over which families the column is reachable; columns of ports published through the
 * routing mesh are marked {@code *}.
 *
 * <p>Columns split the ports at every boundary any node's exposure or the mesh has, so each cell is
 * uniform: every port of the column is reachable on that node over the families shown, or none.
 * Protocols without ports make one column each.
 */
final class ExposureMatrix {
  /** One column: a protocol and, for a protocol with ports, a port range. */
  private record Column(int protocol, Range<Integer> ports, boolean mesh) {
    String header() {
      String name = Protocol.of(protocol).toString();
      if (!Protocol.of(protocol).hasPorts()) {
        return name;
      }
      int first = ports.lowerEndpoint();
      int last = ports.upperEndpoint();
      return (first == last ? Integer.toString(first) : first + "-" + last)
          + "/"
          + name
          + (mesh ? "*" : "");
    }
  }

  /** One cell: the families that reach it, and whether any of them only maybe. */
  private record Cell(Set<Family> families, boolean uncertain) {
    String text() {
      if (families.isEmpty()) {
        return "-";
      }
      StringBuilder b = new StringBuilder();
      families.forEach(f -> b.append(f == Family.IPV4 ? '4' : '6'));
      return uncertain ? b + "?" : b.toString();
    }

    String tsv() {
      if (families.isEmpty()) {
        return "-";
      }
      List<String> labels = new ArrayList<>();
      families.forEach(f -> labels.add(f.label()));
      return String.join(",", labels) + (uncertain ? "?" : "");
    }
  }

  private final String from;
  private final ImmutableList<String> nodes;
  private final ImmutableList<Column> columns;

  /** One row per node, in {@link #nodes}' order; one cell per column. */
  private final ImmutableList<ImmutableList<Cell>> cells;

  private ExposureMatrix(
      String from,
      ImmutableList<String> nodes,
      ImmutableList<Column> columns,
      ImmutableList<ImmutableList<Cell>> cells) {
    this.from = from;
    this.nodes = nodes;
    this.columns = columns;
    this.cells = cells;
  }

  /**
   * The matrix of {@code exposures} (node name to its exposure, in row order), marking the ports of
   * {@code mesh} (protocol number to the ports published through the routing mesh).
   */
  static ExposureMatrix of(
      String from, Map<String, Exposure> exposures, Map<Integer, RangeSet<Integer>> mesh) {
    Map<Integer, TreeSet<Integer>> cuts = new TreeMap<>();
    Set<Integer> portless = new TreeSet<>();
    for (Exposure e : exposures.values()) {
      for (Reachable r : e.entries()) {
        for (int p : numbers(r)) {
          if (Protocol.of(p).hasPorts()) {
            TreeSet<Integer> c = cuts.computeIfAbsent(p, k -> new TreeSet<>());
            r.ports().asRanges().forEach(range -> cut(c, range));
          } else {
            portless.add(p);
          }
        }
      }
    }
    mesh.forEach(
        (p, ports) ->
            ports.asRanges().forEach(r -> cut(cuts.computeIfAbsent(p, k -> new TreeSet<>()), r)));
    List<Column> columns = new ArrayList<>();
    for (Map.Entry<Integer, TreeSet<Integer>> entry : cuts.entrySet()) {
      int p = entry.getKey();
      Integer[] c = entry.getValue().toArray(new Integer[0]);
      RangeSet<Integer> meshed = mesh.getOrDefault(p, TreeRangeSet.create());
      for (int i = 0; i + 1 < c.length; i++) {
        Range<Integer> atom = Range.closed(c[i], c[i + 1] - 1);
        boolean isMesh = meshed.encloses(atom);
        if (isMesh || reachedAnywhere(exposures, p, c[i])) {
          columns.add(new Column(p, atom, isMesh));
        }
      }
    }
    portless.forEach(p -> columns.add(new Column(p, Range.closed(0, 0), false)));
    columns.sort(
        (a, b) ->
            a.ports().lowerEndpoint().equals(b.ports().lowerEndpoint())
                ? Integer.compare(a.protocol(), b.protocol())
                : Integer.compare(a.ports().lowerEndpoint(), b.ports().lowerEndpoint()));
    ImmutableList.Builder<ImmutableList<Cell>> cells = ImmutableList.builder();
    for (Exposure e : exposures.values()) {
      ImmutableList.Builder<Cell> row = ImmutableList.builder();
      columns.forEach(column -> row.add(cell(e, column)));
      cells.add(row.build());
    }
    return new ExposureMatrix(
        from,
        ImmutableList.copyOf(exposures.keySet()),
        ImmutableList.copyOf(columns),
        cells.build());
  }

  /** The matrix, aligned, under a line saying what the cells mean. */
  String table() {
    List<List<String>> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("node"));
    columns.forEach(c -> header.add(c.header()));
    rows.add(header);
    for (int n = 0; n < nodes.size(); n++) {
      List<String> row = new ArrayList<>(List.of(nodes.get(n)));
      cells.get(n).forEach(c -> row.add(c.text()));
      rows.add(row);
    }
    int[] width = new int[header.size()];
    rows.forEach(
        r -> {
          for (int i = 0; i < r.size(); i++) {
            width[i] = Math.max(width[i], r.get(i).length());
          }
        });
    StringBuilder b =
        new StringBuilder("reachable from ")
            .append(from)
            .append(" (4: over ipv4, 6: over ipv6, ?: depends on a rate limit or an unknown match,")
            .append(" -: not reachable; *: published through the routing mesh)\n");
    for (List<String> r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.size(); i++) {
        line.append(r.get(i)).append(" ".repeat(width[i] - r.get(i).length() + 2));
      }
      b.append(line.toString().stripTrailing()).append('\n');
    }
    return b.toString();
  }

  /**
   * One line per cell, tab separated: node, protocol, ports ({@code -} without), the families that
   * reach it ({@code ipv4,ipv6}, {@code -} for none, {@code ?} appended when it depends on an
   * unknown), {@code mesh} or {@code -}.
   */
  String tsv() {
    StringBuilder b = new StringBuilder();
    for (int n = 0; n < nodes.size(); n++) {
      String node = nodes.get(n);
      for (int i = 0; i < columns.size(); i++) {
        Column c = columns.get(i);
        String header = c.header().replace("*", "");
        boolean ported = Protocol.of(c.protocol()).hasPorts();
        b.append(node)
            .append('\t')
            .append(Protocol.of(c.protocol()))
            .append('\t')
            .append(ported ? header.substring(0, header.indexOf('/')) : "-")
            .append('\t')
            .append(cells.get(n).get(i).tsv())
            .append('\t')
            .append(c.mesh() ? "mesh" : "-")
            .append('\n');
      }
    }
    return b.toString();
  }

  private static Cell cell(Exposure e, Column column) {
    Set<Family> families = EnumSet.noneOf(Family.class);
    boolean uncertain = false;
    for (Reachable r : e.entries()) {
      boolean ported = Protocol.of(column.protocol()).hasPorts();
      if (r.protocols().contains(column.protocol())
          && (!ported || r.ports().contains(column.ports().lowerEndpoint()))) {
        families.add(r.family());
        uncertain |= !r.isCertain();
      }
    }
    return new Cell(families, uncertain);
  }

  private static boolean reachedAnywhere(Map<String, Exposure> exposures, int protocol, int port) {
    return exposures.values().stream()
        .flatMap(e -> e.entries().stream())
        .anyMatch(r -> r.protocols().contains(protocol) && r.ports().contains(port));
  }

  private static void cut(Set<Integer> cuts, Range<Integer> closed) {
    cuts.add(closed.lowerEndpoint());
    cuts.add(closed.upperEndpoint() + 1);
  }

  /** The protocol numbers of a line; a line over many protocols lists each. */
  private static List<Integer> numbers(Reachable r) {
    List<Integer> out = new ArrayList<>();
    for (Range<Integer> range : r.protocols().asRanges()) {
      for (int p = range.lowerEndpoint(); p <= range.upperEndpoint(); p++) {
        out.add(p);
      }
    }
    return out;
  }
}
