package dev.rampart.render.iptables;

import dev.rampart.core.AddressSet;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.IpsetLimits;
import dev.rampart.core.Ruleset;

/**
 * Writes {@code ipset restore} text: per set {@code create -exist}, {@code flush}, then one {@code
 * add -exist} per element, so that loading it again leaves exactly the model's elements.
 */
final class IpsetWriter {
  private IpsetWriter() {}

  /**
   * The restore text of every set.
   *
   * @throws dev.rampart.core.UnsupportedFeatureException for a set ipset cannot load whole ({@link
   *     IpsetLimits})
   */
  static String write(Ruleset ruleset) {
    StringBuilder out = new StringBuilder();
    for (AddressSet set : ruleset.sets()) {
      IpsetLimits.check(set);
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
