package dev.rampart.render.nftables;

import com.google.common.base.CharMatcher;
import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableSet;
import dev.rampart.core.Printable;
import java.util.Optional;

/**
 * What nft 1.0.6 accepts as a bare name. nft cannot quote table, chain or set names, so a name must
 * scan as one identifier ({@code [A-Za-z_.][A-Za-z0-9/_.-]*}) and must not be one of the scanner's
 * keywords. The keyword list is the token table of libnftables 1.0.6 (every quoted lowercase token)
 * plus the word forms of the operators ({@code eq}, {@code and}, ...).
 */
final class NftNames {
  /** Longest table name of Rampart's own (far below the kernel's 256). */
  static final int MAX_TABLE = 64;

  private static final ImmutableSet<String> KEYWORDS =
      ImmutableSet.copyOf(
          Splitter.on(' ')
              .omitEmptyStrings()
              .split(
                  "a-rwnd abort accept ackseq add addr ah all and arp asconf asconf-ack auto-merge avgpkt "
                      + "bridge burst bypass bytes cfi cgroup cgroupv2 chain chains checksum chunk classid code "
                      + "colon comma comment comp constant continue cookie-ack cookie-echo count counter "
                      + "counters cpi cpu create csumcov ct cum-tsn-ack cwr daddr data day dccp define dei "
                      + "delete describe device devices direction dnat doff dport drop dscp dst dup dynamic echo "
                      + "ecn ecne element elements eol eq error esp ether event exists expectation expiration "
                      + "expires export exthdr fanout fastopen fib flags flow flowlabel flowtable flowtables "
                      + "flush forward-tsn frag frag-off fully-random fwd gateway gc-interval ge get goto group "
                      + "gt handle hbh hdrlength heartbeat heartbeat-ack helper helpers hlen hook hooks hoplimit "
                      + "hour htype ibriport ibrname icmp icmpv6 icmpx id igmp iif iifgroup iifname iiftype "
                      + "import in inc include index inet init init-ack init-tag initial-tsn insert interval ip "
                      + "ip6 ipsec jhash json jump junk l3proto label last-entry le left length level limit "
                      + "limits list ll log lowest-tsn lshift lsrr lt map maps mark masquerade max-delay md5sig "
                      + "memory meta meter meters mh minute missing mod monitor more-fragments mptcp mrt mss mtu "
                      + "name ne netdev new-cum-tsn newline nexthdr nexthop nftrace nh nop not notrack num "
                      + "num-dup-tsns num-gap-ack-blocks num-inbound-streams num-outbound-streams number numgen "
                      + "obriport obrname offload offset oif oifgroup oifname oiftype operation option options "
                      + "or original osf out over packets param-problem pcp performance persistent pkttype plen "
                      + "policy port position ppid prefix priority proto-dst proto-src protocol ptr ptype queue "
                      + "queue-threshold quota quotas ra random rate redefine redirect reject rename replace "
                      + "reply reqid reserved reserved2 reset return right rr rshift rt rt0 rt2 rtclassid rule "
                      + "rules ruleset sack sack-permitted sack0 sack1 sack2 sack3 saddr sctp secmark secmarks "
                      + "second seed seg-left semicolon seq seqno set sets shutdown shutdown-ack "
                      + "shutdown-complete sid size skgid skuid snaplen snat socket spi spnum sport srh ssn ssrr "
                      + "state status stream string subtype symhash synproxy synproxys table tables tag tcp th "
                      + "time timeout timestamp to tproxy trace transparent tsecr tsn tsval ttl type typeof udp "
                      + "udplite undefine until update urgptr used value version vlan vm vmap vtag week wildcard "
                      + "window with wscale xml xor xt zone "));

  /** Names that other firewalls on the host use for their tables: never ours. */
  private static final ImmutableSet<String> FOREIGN_TABLES =
      ImmutableSet.of("filter", "nat", "mangle", "raw", "security");

  private static final CharMatcher FIRST =
      CharMatcher.inRange('a', 'z').or(CharMatcher.inRange('A', 'Z')).or(CharMatcher.anyOf("_."));

  private static final CharMatcher TABLE_CHARS =
      CharMatcher.inRange('a', 'z')
          .or(CharMatcher.inRange('A', 'Z'))
          .or(CharMatcher.inRange('0', '9'))
          .or(CharMatcher.anyOf("_-"));

  private NftNames() {}

  /**
   * Why nft cannot read {@code name} (already checked by core) as a chain or set name, or empty
   * when it can.
   */
  static Optional<String> problem(String name) {
    if (!FIRST.matches(name.charAt(0))) {
      return Optional.of("a name nft cannot read (it must start with a letter, '_' or '.')");
    }
    if (KEYWORDS.contains(name) || name.equals(".")) { // "." alone scans as the operator
      return Optional.of("a name nft reads as its keyword");
    }
    return Optional.empty();
  }

  /**
   * Checks the name of one of Rampart's own tables.
   *
   * @throws IllegalArgumentException naming the problem and the value
   */
  static String checkTable(String name) {
    if (name.isEmpty()
        || name.length() > MAX_TABLE
        || !CharMatcher.inRange('a', 'z').or(CharMatcher.inRange('A', 'Z')).matches(name.charAt(0))
        || !TABLE_CHARS.matchesAllOf(name)) {
      throw new IllegalArgumentException(
          "table name must be 1 to "
              + MAX_TABLE
              + " letters, digits, '_' or '-' starting with a letter: "
              + Printable.of(name));
    }
    if (KEYWORDS.contains(name) || name.equals(".")) { // "." alone scans as the operator
      throw new IllegalArgumentException("table name is an nft keyword: " + name);
    }
    if (FOREIGN_TABLES.contains(name) || name.startsWith("docker")) {
      throw new IllegalArgumentException(
          "table name belongs to iptables-nft, Docker or the distribution's nftables.conf: "
              + name);
    }
    return name;
  }
}
