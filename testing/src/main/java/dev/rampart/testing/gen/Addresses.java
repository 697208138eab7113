package dev.rampart.testing.gen;

import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import java.util.ArrayList;
import java.util.List;

/**
 * Prefixes as policies name them: half of the time one of the ranges a Docker or Swarm host's
 * policy names (documentation ranges, the private networks, Docker's bridges), else a random one
 * under {@code 10.0.0.0/8} or {@code 2001:db8::/32}.
 */
final class Addresses {
  private static final List<String> HOSTS4 =
      List.of("203.0.113.9", "198.51.100.7", "192.0.2.5", "10.10.10.2", "172.18.0.2", "172.17.0.3");
  private static final List<String> NETS4 =
      List.of(
          "203.0.113.0/24",
          "192.0.2.0/24",
          "10.0.0.0/8",
          "10.10.10.0/24",
          "172.16.0.0/12",
          "172.18.0.0/16",
          "198.51.100.0/24",
          "192.168.0.0/16");
  private static final List<String> HOSTS6 =
      List.of("2001:db8::7", "2001:db8:1::1", "2001:db8:2::20", "fd00:10::2");
  private static final List<String> NETS6 =
      List.of("2001:db8::/32", "2001:db8:2::/48", "fd00::/8", "fd00:10::/64", "fe80::/10");

  private Addresses() {}

  /**
   * A prefix of {@code f} among the options' {@link RulesetOptions#addresses()} (only single
   * addresses when {@code host}), or of the default ranges if none fits.
   */
  static Cidr cidr(Draw d, RulesetOptions o, Family f, boolean host) {
    List<Cidr> fits =
        o.addresses().stream().filter(c -> c.family() == f && (!host || c.isHost())).toList();
    return fits.isEmpty() ? cidr(d, f, host) : d.oneOf(fits);
  }

  /**
   * Up to {@code count} distinct prefixes of {@code f} among the options' addresses (fewer only if
   * the draws keep repeating).
   */
  static List<Cidr> cidrs(Draw d, RulesetOptions o, Family f, int count, boolean hosts) {
    List<Cidr> out = new ArrayList<>();
    for (int i = 0; out.size() < count && i < 3 * count; i++) {
      Cidr c = cidr(d, o, f, hosts);
      if (!out.contains(c)) {
        out.add(c);
      }
    }
    return out;
  }

  /** A prefix of {@code f}: a host address when {@code host}, else a host or a network. */
  static Cidr cidr(Draw d, Family f, boolean host) {
    boolean v4 = f == Family.IPV4;
    if (d.chance(50)) {
      List<String> pool = host || d.chance(30) ? (v4 ? HOSTS4 : HOSTS6) : (v4 ? NETS4 : NETS6);
      return Cidr.parse(d.oneOf(pool));
    }
    int a = d.between(0, 255);
    int b = d.between(0, 255);
    int shape = host ? 0 : d.between(0, 2);
    if (v4) {
      return switch (shape) {
        case 0 -> Cidr.parse("10." + a + "." + b + "." + d.between(1, 254));
        case 1 -> Cidr.parse("10." + a + "." + b + ".0/24");
        default -> Cidr.parse("10." + a + ".0.0/16");
      };
    }
    return switch (shape) {
      case 0 ->
          Cidr.parse("2001:db8:" + Integer.toHexString(a) + "::" + Integer.toHexString(b + 1));
      case 1 ->
          Cidr.parse("2001:db8:" + Integer.toHexString(a) + ":" + Integer.toHexString(b) + "::/64");
      default -> Cidr.parse("2001:db8:" + Integer.toHexString(a) + "::/48");
    };
  }
}
