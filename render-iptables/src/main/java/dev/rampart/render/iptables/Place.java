package dev.rampart.render.iptables;

import dev.rampart.core.Family;
import dev.rampart.core.TableName;
import dev.rampart.core.UnsupportedFeatureException;

/** Where a rule sits in the model, for messages: {@code table filter, chain INPUT, rule 3}. */
record Place(Family family, TableName table, String chain, int rule) {
  /** {@code iptables} or {@code ip6tables}. */
  static String backend(Family family) {
    return family == Family.IPV4 ? "iptables" : "ip6tables";
  }

  /** The exception for {@code feature} at this place. */
  UnsupportedFeatureException unsupported(String feature) {
    return new UnsupportedFeatureException(backend(family), feature, toString());
  }

  @Override
  public String toString() {
    return "table " + table.label() + ", chain " + chain + ", rule " + rule;
  }
}
