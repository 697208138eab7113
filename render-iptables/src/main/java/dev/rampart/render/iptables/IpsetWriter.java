package dev.rampart.render.iptables;

import dev.rampart.core.AddressSet;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Ruleset;
import dev.rampart.core.SetRef;
import dev.rampart.core.UnsupportedFeatureException;

/**
 * Writes {@code ipset restore} text: per set {@code create -exist}, {@code flush}, then one {@code
 * add -exist} per element, so that loading it again leaves exactly the model's elements.
 */
final class IpsetWriter {
  private IpsetWriter() {}

  static String write(Ruleset ruleset) {
    StringBuilder out = new StringBuilder();
    for (AddressSet set : ruleset.sets()) {
      String type = set.kind() == AddressSet.Kind.NET ? "hash:net" : "hash:ip";
      String family = set.family() == Family.IPV4 ? "inet" : "inet6";
      word(out.append("create "), set.name())
          .append(' ')
          .append(type)
          .append(" family ")
          .append(family)
          .append(" -exist\n");
      word(out.append("flush "), set.name()).append('\n');
      for (Cidr element : set.elements()) {
        if (element.prefixLength() == 0) {
          throw new UnsupportedFeatureException(
              "ipset",
              "an element of length 0 (hash sets hold prefixes of length 1 or more)",
              element.toString(),
              SetRef.of(set.name()));
        }
        word(out.append("add "), set.name())
            .append(' ')
            .append(Addresses.hostOrPrefix(element))
            .append(" -exist\n");
      }
    }
    return out.toString();
  }

  /** Appends a set name; core allows only {@code [A-Za-z0-9_.-]}, checked again here. */
  private static StringBuilder word(StringBuilder out, String name) {
    return out.append(Arg.word(name).value());
  }
}
