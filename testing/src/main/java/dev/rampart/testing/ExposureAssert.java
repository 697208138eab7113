package dev.rampart.testing;

import com.google.common.collect.DiscreteDomain;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import com.google.common.net.InetAddresses;
import dev.rampart.analysis.Exposure;
import dev.rampart.analysis.Reachable;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.match.Protocol;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on an {@link Exposure}: which protocols and ports a class of sources reaches.
 *
 * <pre>{@code
 * assertThat(policy).on(host).exposure(from(internet()))
 *     .containsOnly(tcp(22), tcp(80), tcp(443));
 * }</pre>
 *
 * <p>A failure says what was expected, lists each unexpected line with a witness packet (aimed at
 * an unexpected port where one gets through) and the place that lets it through, or each expected
 * entry with the ports that are not reachable, then shows the whole exposure table. Lines that
 * depend on an unknown (a rate limit, an opaque match) count as reachable.
 */
public final class ExposureAssert extends AbstractAssert<ExposureAssert, Exposure> {
  /** A part of a failure message: a heading, then one indented line per item. */
  private record Section(String heading, List<String> lines) {}

  ExposureAssert(Exposure actual) {
    super(actual, ExposureAssert.class);
  }

  /** Asserts that every entry is reachable (all of its ports). */
  public ExposureAssert contains(Exposed... entries) {
    return contains(ImmutableList.copyOf(entries));
  }

  /** Asserts that every entry is reachable (all of its ports). */
  public ExposureAssert contains(Iterable<Exposed> entries) {
    isNotNull();
    ImmutableList<Exposed> expected = ImmutableList.copyOf(entries);
    List<String> missing = missing(expected);
    if (!missing.isEmpty()) {
      fail(
          "contain",
          expected,
          List.of(new Section("but these are expected and not reachable:", missing)));
    }
    return this;
  }

  /** Asserts that no port of any entry is reachable. */
  public ExposureAssert doesNotContain(Exposed... entries) {
    return doesNotContain(ImmutableList.copyOf(entries));
  }

  /** Asserts that no port of any entry is reachable. */
  public ExposureAssert doesNotContain(Iterable<Exposed> entries) {
    isNotNull();
    ImmutableList<Exposed> refused = ImmutableList.copyOf(entries);
    List<String> found = new ArrayList<>();
    for (Reachable r : actual.entries()) {
      for (Exposed e : refused) {
        if (!inProtocols(r, e.protocol())) {
          continue;
        }
        RangeSet<Integer> hit = TreeRangeSet.create();
        if (e.sameKind(r, e.protocol().number())) {
          if (e.ports().isEmpty()) {
            hit.add(Range.closed(0, 0));
          } else {
            hit.addAll(r.ports().subRangeSet(e.ports().get()));
          }
        }
        if (!hit.isEmpty()) {
          found.add(line(r, e.protocol().toString(), e.ports().isPresent() ? hit : ports(r)));
        }
      }
    }
    if (!found.isEmpty()) {
      fail("not contain", refused, List.of(new Section("but these are reachable:", found)));
    }
    return this;
  }

  /** Asserts that every entry is reachable and nothing else is. */
  public ExposureAssert containsOnly(Exposed... entries) {
    return containsOnly(ImmutableList.copyOf(entries));
  }

  /** Asserts that every entry is reachable and nothing else is. */
  public ExposureAssert containsOnly(Iterable<Exposed> entries) {
    isNotNull();
    ImmutableList<Exposed> expected = ImmutableList.copyOf(entries);
    List<String> unexpected = new ArrayList<>();
    for (Reachable r : actual.entries()) {
      unexpected.addAll(unexpected(r, expected));
    }
    List<String> missing = missing(expected);
    if (!unexpected.isEmpty() || !missing.isEmpty()) {
      List<Section> parts = new ArrayList<>();
      if (!unexpected.isEmpty()) {
        parts.add(new Section("but these are reachable and not expected:", unexpected));
      }
      if (!missing.isEmpty()) {
        parts.add(
            new Section(
                unexpected.isEmpty()
                    ? "but these are expected and not reachable:"
                    : "and these are expected and not reachable:",
                missing));
      }
      fail("contain only", expected, parts);
    }
    return this;
  }

  /** The expected entries (with the ports) that no line reaches. */
  private List<String> missing(List<Exposed> expected) {
    List<String> out = new ArrayList<>();
    for (Exposed e : expected) {
      RangeSet<Integer> reached = TreeRangeSet.create();
      boolean any = false;
      for (Reachable r : actual.entries()) {
        if (inProtocols(r, e.protocol()) && e.sameKind(r, e.protocol().number())) {
          any = true;
          reached.addAll(r.ports());
        }
      }
      if (e.ports().isEmpty()) {
        if (!any) {
          out.add(e.toString());
        }
        continue;
      }
      RangeSet<Integer> lacking = TreeRangeSet.create();
      lacking.add(e.ports().get());
      lacking.removeAll(reached);
      if (!lacking.isEmpty()) {
        out.add(
            lacking.encloses(e.ports().get())
                ? e.toString()
                : e + " (not reachable: " + text(lacking) + ")");
      }
    }
    return out;
  }

  /** The parts of {@code r} no expected entry covers, one text per protocol. */
  private List<String> unexpected(Reachable r, List<Exposed> expected) {
    List<String> out = new ArrayList<>();
    RangeSet<Integer> protocols = TreeRangeSet.create(r.protocols().asRanges());
    List<Integer> covered = new ArrayList<>();
    for (Exposed e : expected) {
      int number = e.protocol().number();
      if (!protocols.contains(number) || !e.sameKind(r, number) || covered.contains(number)) {
        continue;
      }
      RangeSet<Integer> left = TreeRangeSet.create(r.ports().asRanges());
      for (Exposed other : expected) {
        if (other.protocol().number() == number && other.sameKind(r, number)) {
          other.ports().ifPresentOrElse(left::remove, left::clear);
        }
      }
      covered.add(number);
      if (!left.isEmpty()) {
        out.add(line(r, e.protocol().toString(), left));
      }
    }
    RangeSet<Integer> others = TreeRangeSet.create(protocols);
    covered.forEach(n -> others.remove(Range.closed(n, n)));
    if (!others.isEmpty()) {
      out.add(line(r, protocolText(others), ports(r)));
    }
    return out;
  }

  /**
   * One unexpected line: {@code <family> <protocols> <ports> to <destination>: witness <packet>,
   * via <place>}, the witness aimed at the first listed port when that one gets through.
   */
  private String line(Reachable r, String protocols, RangeSet<Integer> ports) {
    Packet witness = r.witness();
    if (!ports.isEmpty() && witness.destination().isPresent()) {
      int port = first(ports);
      Packet aimed = witness.to(InetAddresses.toAddrString(witness.destination().get()), port);
      if (!r.ports().isEmpty() && actual.reaches(aimed)) {
        witness = aimed;
      }
    }
    String via = r.via();
    return r.family().label()
        + " "
        + protocols
        + (ports.isEmpty() ? "" : " " + text(ports))
        + " to "
        + destination(r)
        + ": witness "
        + witness
        + ", via "
        + via;
  }

  private void fail(String verb, List<Exposed> expected, List<Section> parts) {
    StringBuilder b =
        new StringBuilder("expected the exposure from ")
            .append(actual.from())
            .append(" to ")
            .append(verb)
            .append(' ')
            .append(expected)
            .append('\n');
    for (Section part : parts) {
      b.append(part.heading()).append('\n');
      part.lines().forEach(l -> b.append("  ").append(l).append('\n'));
    }
    b.append("exposure: ").append(actual);
    failWithMessage("%s", b.toString());
  }

  private static boolean inProtocols(Reachable r, Protocol protocol) {
    return r.protocols().contains(protocol.number());
  }

  private static RangeSet<Integer> ports(Reachable r) {
    return TreeRangeSet.create(r.ports().asRanges());
  }

  private static String destination(Reachable r) {
    if (r.natDestination().isEmpty()) {
      return r.outInterface().map(o -> "forwarded via " + o).orElse("host");
    }
    String text = InetAddresses.toAddrString(r.natDestination().get());
    String a = r.natDestination().get() instanceof Inet6Address ? "[" + text + "]" : text;
    return r.natPort().map(p -> a + ":" + p).orElse(a);
  }

  private static String protocolText(RangeSet<Integer> numbers) {
    List<String> parts = new ArrayList<>();
    for (Range<Integer> r : numbers.asRanges()) {
      Range<Integer> c = r.canonical(DiscreteDomain.integers());
      int first = c.lowerEndpoint();
      int last = c.upperEndpoint() - 1;
      parts.add(first == last ? Protocol.of(first).toString() : "protocols " + first + "-" + last);
    }
    return String.join(",", parts);
  }

  /** {@code 22,80,30000-32767}: the ports, whatever the ranges' bound types. */
  static String text(RangeSet<Integer> ports) {
    return ports.asRanges().stream()
        .map(
            r -> {
              Range<Integer> c = r.canonical(DiscreteDomain.integers());
              int first = c.lowerEndpoint();
              int last = c.upperEndpoint() - 1;
              return first == last ? Integer.toString(first) : first + "-" + last;
            })
        .collect(Collectors.joining(","));
  }

  private static int first(RangeSet<Integer> ports) {
    return ports.span().canonical(DiscreteDomain.integers()).lowerEndpoint();
  }
}
