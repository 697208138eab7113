package dev.rampart.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Cidr;
import dev.rampart.core.match.PortRange;
import java.util.Arrays;

/** Turns {@link RuleBuilder}'s arguments into model values, naming a null one. */
final class RuleArgs {
  private RuleArgs() {}

  /** {@code first} and {@code more} as single-port ranges. */
  static ImmutableList<PortRange> ports(int first, int... more) {
    ImmutableList.Builder<PortRange> out = ImmutableList.builder();
    out.add(PortRange.of(first));
    Arrays.stream(checkNotNull(more, "more")).mapToObj(PortRange::of).forEach(out::add);
    return out.build();
  }

  /** The ranges of {@code ports}, copied. */
  static ImmutableList<PortRange> ranges(Iterable<PortRange> ports) {
    ImmutableList.Builder<PortRange> out = ImmutableList.builder();
    for (PortRange p : checkNotNull(ports, "ports")) {
      out.add(checkNotNull(p, "ports element"));
    }
    return out.build();
  }

  /** Each of {@code cidrs} parsed. */
  static ImmutableList<Cidr> cidrs(Iterable<String> cidrs) {
    ImmutableList.Builder<Cidr> out = ImmutableList.builder();
    for (String c : checkNotNull(cidrs, "cidrs")) {
      out.add(Cidr.parse(checkNotNull(c, "cidrs element")));
    }
    return out.build();
  }
}
