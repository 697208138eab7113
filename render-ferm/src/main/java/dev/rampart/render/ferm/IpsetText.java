package dev.rampart.render.ferm;

import com.google.common.net.InetAddresses;
import dev.rampart.core.AddressSet;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.IpsetLimits;
import dev.rampart.core.Ruleset;

/**
 * The {@code ipset restore -exist} file for the ruleset's sets: {@code create -exist} with type and
 * family, then the elements. ferm loads it from its {@code @hook pre}.
 */
final class IpsetText {
  private IpsetText() {}

  /**
   * The restore text, one {@code create} and its {@code add} lines per set.
   *
   * @throws dev.rampart.core.UnsupportedFeatureException for a set ipset cannot load whole ({@link
   *     IpsetLimits})
   */
  static String of(Ruleset ruleset) {
    StringBuilder out = new StringBuilder();
    for (AddressSet set : ruleset.sets()) {
      IpsetLimits.check(set);
      String type = set.kind() == AddressSet.Kind.NET ? "hash:net" : "hash:ip";
      String family = set.family() == Family.IPV4 ? "inet" : "inet6";
      out.append("create ")
          .append(set.name())
          .append(' ')
          .append(type)
          .append(" family ")
          .append(family)
          .append(" -exist\n");
      for (Cidr c : set.elements()) {
        out.append("add ").append(set.name()).append(' ').append(element(c)).append(" -exist\n");
      }
    }
    return out.toString();
  }

  private static String element(Cidr c) {
    return c.isHost() ? InetAddresses.toAddrString(c.address()) : c.toString();
  }
}
