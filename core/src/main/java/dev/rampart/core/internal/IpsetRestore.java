package dev.rampart.core.internal;

import com.google.common.collect.ImmutableSet;
import com.google.common.net.InetAddresses;
import dev.rampart.core.AddressSet;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.IpsetLimits;
import dev.rampart.core.Ruleset;

/**
 * The {@code ipset restore} text of a ruleset's sets, the one implementation the iptables and ferm
 * renderers both write. Loading it again leaves exactly the model's elements, and a live set is
 * never empty meanwhile: per set, the live set is created if absent, a temporary set of the same
 * type is created and filled, {@code swap}ped with the live one (rules referencing the name see the
 * new elements at once) and destroyed.
 *
 * <pre>
 * create trusted hash:net family inet maxelem 1024 -exist
 * destroy rampart.swap
 * create rampart.swap hash:net family inet maxelem 1024
 * add rampart.swap 10.0.0.0/8
 * swap rampart.swap trusted
 * destroy rampart.swap
 * </pre>
 *
 * The text needs {@code ipset restore -exist}: the first {@code destroy} removes a temporary set a
 * failed load left behind, and is ignored when there is none. A live set created with other options
 * ({@code hashsize}, {@code maxelem}, {@code timeout}) makes its {@code create -exist} fail: ipset
 * cannot change them in place, and the load stops before any rule is touched. The text alone is no
 * transaction: a load that stops half-way leaves the sets before it swapped; an {@code apply.sh}
 * whose rules are one transaction puts every set the text names back when any step fails ({@link
 * ApplyFrame.Builder#setsBackOnFailure}).
 */
public final class IpsetRestore {
  /** The temporary set's name, unless the ruleset has a set of that name. */
  public static final String TEMPORARY = "rampart.swap";

  private IpsetRestore() {}

  /**
   * The restore text of every set of {@code ruleset}.
   *
   * @throws dev.rampart.core.UnsupportedFeatureException for a set ipset cannot load whole ({@link
   *     IpsetLimits})
   */
  public static String of(Ruleset ruleset) {
    String temporary = temporaryName(ruleset);
    StringBuilder out = new StringBuilder();
    for (AddressSet set : ruleset.sets()) {
      IpsetLimits.check(set);
      String type = type(set);
      out.append("create ").append(set.name()).append(type).append(" -exist\n");
      out.append("destroy ").append(temporary).append('\n');
      out.append("create ").append(temporary).append(type).append('\n');
      for (Cidr c : set.elements()) {
        out.append("add ").append(temporary).append(' ').append(element(c)).append('\n');
      }
      out.append("swap ").append(temporary).append(' ').append(set.name()).append('\n');
      out.append("destroy ").append(temporary).append('\n');
    }
    return out.toString();
  }

  /** {@link #TEMPORARY}, or it with the first free suffix {@code .1}, {@code .2}, .... */
  static String temporaryName(Ruleset ruleset) {
    ImmutableSet<String> taken =
        ruleset.sets().stream().map(AddressSet::name).collect(ImmutableSet.toImmutableSet());
    String name = TEMPORARY;
    for (int i = 1; taken.contains(name); i++) {
      name = TEMPORARY + "." + i;
    }
    return name;
  }

  /** {@code " hash:net family inet"} and the set's options, in {@code ipset save}'s order. */
  private static String type(AddressSet set) {
    StringBuilder out =
        new StringBuilder(set.kind() == AddressSet.Kind.NET ? " hash:net" : " hash:ip")
            .append(" family ")
            .append(set.family() == Family.IPV4 ? "inet" : "inet6");
    set.hashSize().ifPresent(h -> out.append(" hashsize ").append(h));
    set.maxElements().ifPresent(m -> out.append(" maxelem ").append(m));
    set.timeout().ifPresent(t -> out.append(" timeout ").append(t));
    return out.toString();
  }

  /** An address alone for a host, else {@code address/length}. */
  private static String element(Cidr c) {
    return c.isHost() ? InetAddresses.toAddrString(c.address()) : c.toString();
  }
}
