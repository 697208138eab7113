package dev.rampart.analysis;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import com.google.common.collect.TreeRangeSet;
import dev.rampart.core.match.Protocol;

/** Protocol numbers grouped as an exposure map shows them: each protocol with ports, the rest. */
final class Protocols {
  private static final int[] WITH_PORTS = {6, 17, 132};

  private Protocols() {}

  /** The port protocols in {@code values} one by one, then every other protocol as one group. */
  static ImmutableList<ImmutableRangeSet<Integer>> groups(Intervals values) {
    ImmutableList.Builder<ImmutableRangeSet<Integer>> out = ImmutableList.builder();
    TreeRangeSet<Integer> rest = TreeRangeSet.create();
    for (int i = 0; i < values.size(); i++) {
      rest.add(Range.closed((int) values.startLo(i), (int) values.endLo(i)));
    }
    for (int p : WITH_PORTS) {
      if (rest.contains(p)) {
        out.add(ImmutableRangeSet.of(Range.singleton(p)));
        rest.remove(Range.singleton(p));
      }
    }
    if (!rest.isEmpty()) {
      out.add(ImmutableRangeSet.copyOf(rest));
    }
    return out.build();
  }

  /** Whether {@code group} is one protocol with ports. */
  static boolean hasPorts(ImmutableRangeSet<Integer> group) {
    Range<Integer> span = group.span();
    return group.asRanges().size() == 1
        && span.lowerEndpoint().equals(span.upperEndpoint())
        && Protocol.of(span.lowerEndpoint()).hasPorts();
  }

  /** {@code group} as intervals. */
  static Intervals intervals(ImmutableRangeSet<Integer> group) {
    Intervals out = Intervals.EMPTY;
    for (Range<Integer> r : group.asRanges()) {
      out = out.union(Intervals.of(first(r), last(r)));
    }
    return out;
  }

  private static int first(Range<Integer> r) {
    return r.lowerBoundType() == com.google.common.collect.BoundType.CLOSED
        ? r.lowerEndpoint()
        : r.lowerEndpoint() + 1;
  }

  private static int last(Range<Integer> r) {
    return r.upperBoundType() == com.google.common.collect.BoundType.CLOSED
        ? r.upperEndpoint()
        : r.upperEndpoint() - 1;
  }

  /** How a person reads {@code group}: {@code tcp}, {@code esp}, {@code other (0-5,7-16,...)}. */
  static String text(ImmutableRangeSet<Integer> group) {
    StringBuilder b = new StringBuilder();
    int count = 0;
    for (Range<Integer> r : group.asRanges()) {
      count += last(r) - first(r) + 1;
    }
    if (count > 8) {
      b.append("other");
      return b.toString();
    }
    for (Range<Integer> r : group.asRanges()) {
      for (int n = first(r); n <= last(r); n++) {
        if (b.length() > 0) {
          b.append(',');
        }
        b.append(Protocol.of(n).name().orElse(Integer.toString(n)));
      }
    }
    return b.toString();
  }
}
