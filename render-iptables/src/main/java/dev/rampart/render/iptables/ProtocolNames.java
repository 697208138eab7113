package dev.rampart.render.iptables;

import com.google.common.collect.ImmutableMap;
import dev.rampart.core.match.Protocol;

/**
 * Protocol names as {@code iptables-save} prints them: the first name {@code getprotobynumber}
 * finds in Debian 12's {@code /etc/protocols} (netbase 6.4), else the number. Number 0 never
 * appears: iptables reads {@code -p 0} as "any protocol".
 */
final class ProtocolNames {
  private static final ImmutableMap<Integer, String> NAMES =
      ImmutableMap.<Integer, String>builder()
          .put(0, "ip")
          .put(1, "icmp")
          .put(2, "igmp")
          .put(3, "ggp")
          .put(4, "ipencap")
          .put(5, "st")
          .put(6, "tcp")
          .put(8, "egp")
          .put(9, "igp")
          .put(12, "pup")
          .put(17, "udp")
          .put(20, "hmp")
          .put(22, "xns-idp")
          .put(27, "rdp")
          .put(29, "iso-tp4")
          .put(33, "dccp")
          .put(36, "xtp")
          .put(37, "ddp")
          .put(38, "idpr-cmtp")
          .put(41, "ipv6")
          .put(43, "ipv6-route")
          .put(44, "ipv6-frag")
          .put(45, "idrp")
          .put(46, "rsvp")
          .put(47, "gre")
          .put(50, "esp")
          .put(51, "ah")
          .put(57, "skip")
          .put(58, "ipv6-icmp")
          .put(59, "ipv6-nonxt")
          .put(60, "ipv6-opts")
          .put(73, "rspf")
          .put(81, "vmtp")
          .put(88, "eigrp")
          .put(89, "ospf")
          .put(93, "ax.25")
          .put(94, "ipip")
          .put(97, "etherip")
          .put(98, "encap")
          .put(103, "pim")
          .put(108, "ipcomp")
          .put(112, "vrrp")
          .put(115, "l2tp")
          .put(124, "isis")
          .put(132, "sctp")
          .put(133, "fc")
          .put(135, "mobility-header")
          .put(136, "udplite")
          .put(137, "mpls-in-ip")
          .put(138, "manet")
          .put(139, "hip")
          .put(140, "shim6")
          .put(141, "wesp")
          .put(142, "rohc")
          .put(143, "ethernet")
          .buildOrThrow();

  /** Names iptables reads besides those it prints. */
  private static final ImmutableMap<String, Integer> NUMBERS =
      ImmutableMap.<String, Integer>builder()
          .putAll(
              NAMES.entrySet().stream()
                  .collect(ImmutableMap.toImmutableMap(e -> e.getValue(), e -> e.getKey())))
          .put("icmpv6", 58)
          .put("ipv6-mh", 135)
          .put("mh", 135)
          .put("all", 0)
          .buildOrThrow();

  private ProtocolNames() {}

  /**
   * The number of a protocol name or number as iptables reads it ({@code tcp}, {@code TCP}, {@code
   * 6}, {@code icmpv6}; {@code all} and {@code 0} are 0, "any protocol"), or -1 if it names none.
   */
  static int number(String name) {
    int n = Numbers.parse(name, 255);
    if (n >= 0) {
      return n;
    }
    Integer known = NUMBERS.get(name);
    if (known == null) {
      known = NUMBERS.get(name.toLowerCase(java.util.Locale.ROOT));
    }
    return known == null ? -1 : known;
  }

  /** The name or number iptables prints for {@code protocol}. */
  static String of(Protocol protocol) {
    String name = NAMES.get(protocol.number());
    return name != null ? name : Integer.toString(protocol.number());
  }
}
