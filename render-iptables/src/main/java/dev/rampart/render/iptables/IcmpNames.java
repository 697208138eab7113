package dev.rampart.render.iptables;

import com.google.common.collect.ImmutableMap;
import dev.rampart.core.Family;

/**
 * ICMP and ICMPv6 type names as {@code iptables -p icmp -h} and {@code ip6tables -p icmpv6 -h} list
 * them, with their aliases. {@code iptables-save} prints numbers ({@code 3/4}); names come from
 * hand-written rules.
 */
final class IcmpNames {
  /** Type and code packed as {@code type * 256 + code}; code 0xff... means any code. */
  private static final int ANY = -1;

  private static final ImmutableMap<String, int[]> V4 =
      ImmutableMap.<String, int[]>builder()
          .put("echo-reply", t(0))
          .put("pong", t(0))
          .put("destination-unreachable", t(3))
          .put("network-unreachable", tc(3, 0))
          .put("host-unreachable", tc(3, 1))
          .put("protocol-unreachable", tc(3, 2))
          .put("port-unreachable", tc(3, 3))
          .put("fragmentation-needed", tc(3, 4))
          .put("source-route-failed", tc(3, 5))
          .put("network-unknown", tc(3, 6))
          .put("host-unknown", tc(3, 7))
          .put("network-prohibited", tc(3, 9))
          .put("host-prohibited", tc(3, 10))
          .put("TOS-network-unreachable", tc(3, 11))
          .put("TOS-host-unreachable", tc(3, 12))
          .put("communication-prohibited", tc(3, 13))
          .put("host-precedence-violation", tc(3, 14))
          .put("precedence-cutoff", tc(3, 15))
          .put("source-quench", t(4))
          .put("redirect", t(5))
          .put("network-redirect", tc(5, 0))
          .put("host-redirect", tc(5, 1))
          .put("TOS-network-redirect", tc(5, 2))
          .put("TOS-host-redirect", tc(5, 3))
          .put("echo-request", t(8))
          .put("ping", t(8))
          .put("router-advertisement", t(9))
          .put("router-solicitation", t(10))
          .put("time-exceeded", t(11))
          .put("ttl-exceeded", t(11))
          .put("ttl-zero-during-transit", tc(11, 0))
          .put("ttl-zero-during-reassembly", tc(11, 1))
          .put("parameter-problem", t(12))
          .put("ip-header-bad", tc(12, 0))
          .put("required-option-missing", tc(12, 1))
          .put("timestamp-request", t(13))
          .put("timestamp-reply", t(14))
          .put("address-mask-request", t(17))
          .put("address-mask-reply", t(18))
          .buildOrThrow();

  private static final ImmutableMap<String, int[]> V6 =
      ImmutableMap.<String, int[]>builder()
          .put("destination-unreachable", t(1))
          .put("no-route", tc(1, 0))
          .put("communication-prohibited", tc(1, 1))
          .put("beyond-scope", tc(1, 2))
          .put("address-unreachable", tc(1, 3))
          .put("port-unreachable", tc(1, 4))
          .put("failed-policy", tc(1, 5))
          .put("reject-route", tc(1, 6))
          .put("packet-too-big", t(2))
          .put("time-exceeded", t(3))
          .put("ttl-exceeded", t(3))
          .put("ttl-zero-during-transit", tc(3, 0))
          .put("ttl-zero-during-reassembly", tc(3, 1))
          .put("parameter-problem", t(4))
          .put("bad-header", tc(4, 0))
          .put("unknown-header-type", tc(4, 1))
          .put("unknown-option", tc(4, 2))
          .put("echo-request", t(128))
          .put("ping", t(128))
          .put("echo-reply", t(129))
          .put("pong", t(129))
          .put("mld-listener-query", t(130))
          .put("mld-listener-report", t(131))
          .put("mld-listener-done", t(132))
          .put("mld-listener-reduction", t(132))
          .put("router-solicitation", t(133))
          .put("router-advertisement", t(134))
          .put("neighbour-solicitation", t(135))
          .put("neighbor-solicitation", t(135))
          .put("neighbour-advertisement", t(136))
          .put("neighbor-advertisement", t(136))
          .put("redirect", t(137))
          .buildOrThrow();

  private IcmpNames() {}

  private static int[] t(int type) {
    return new int[] {type, ANY};
  }

  private static int[] tc(int type, int code) {
    return new int[] {type, code};
  }

  /**
   * Reads {@code 8}, {@code 3/4} or a name of {@code family}: {@code {type, code}} with code -1 for
   * any code, or null when the text is none of these.
   */
  static int @org.jspecify.annotations.Nullable [] parse(Family family, String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      int type = Numbers.parse(text, 255);
      if (type >= 0) {
        return t(type);
      }
      int[] named = (family == Family.IPV4 ? V4 : V6).get(text);
      return named == null ? null : named.clone();
    }
    int type = Numbers.parse(text.substring(0, slash), 255);
    int code = Numbers.parse(text.substring(slash + 1), 255);
    return type < 0 || code < 0 ? null : tc(type, code);
  }
}
