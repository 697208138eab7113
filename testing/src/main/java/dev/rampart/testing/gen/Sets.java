package dev.rampart.testing.gen;

import dev.rampart.core.AddressSet;
import dev.rampart.core.Family;
import java.util.ArrayList;
import java.util.List;

/**
 * The named sets of a generated ruleset: per family one of networks and one of hosts, always
 * declared (possibly empty) so that set matches always name a known set.
 */
final class Sets {
  static final List<String> V4 = List.of("net4", "hosts4");
  static final List<String> V6 = List.of("net6", "hosts6");

  private Sets() {}

  /** The sets for the options' families. */
  static List<AddressSet> draw(Draw d, RulesetOptions o) {
    List<AddressSet> out = new ArrayList<>();
    for (Family f : o.families()) {
      List<String> names = f == Family.IPV4 ? V4 : V6;
      out.add(AddressSet.of(names.get(0), f, Addresses.cidrs(d, o, f, d.between(0, 3), false)));
      out.add(
          AddressSet.builder()
              .name(names.get(1))
              .family(f)
              .kind(AddressSet.Kind.IP)
              .addAllElements(Addresses.cidrs(d, o, f, d.between(1, 3), true))
              .build());
    }
    return out;
  }
}
