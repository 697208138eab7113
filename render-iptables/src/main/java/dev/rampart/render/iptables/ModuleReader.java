package dev.rampart.render.iptables;

import com.google.common.collect.ImmutableSet;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.match.AddressTypeMatch;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.ConntrackOriginalMatch;
import dev.rampart.core.match.ConntrackStateMatch;
import dev.rampart.core.match.Direction;
import dev.rampart.core.match.IcmpTypeMatch;
import dev.rampart.core.match.IpRangeMatch;
import dev.rampart.core.match.LimitMatch;
import dev.rampart.core.match.MacMatch;
import dev.rampart.core.match.MarkMatch;
import dev.rampart.core.match.Match;
import dev.rampart.core.match.OwnerMatch;
import dev.rampart.core.match.PacketTypeMatch;
import dev.rampart.core.match.PolicyMatch;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.RpFilterMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.match.TcpFlag;
import dev.rampart.core.match.TcpFlagsMatch;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads one {@code -m MODULE} and its options into model matches. A module the model knows reads
 * each option it knows; a real option of it the model does not hold (e.g. {@code --tcp-option},
 * {@code set} with two flags) turns the whole module into an opaque match; any other option is an
 * error. Modules the model does not know become opaque matches named after the module.
 */
final class ModuleReader {
  private static final ImmutableSet<String> TCP_OPAQUE =
      ImmutableSet.of("--tcp-option", "--option");
  private static final ImmutableSet<String> SCTP_OPAQUE = ImmutableSet.of("--chunk-types");
  private static final ImmutableSet<String> MULTIPORT_OPAQUE = ImmutableSet.of("--ports");
  private static final ImmutableSet<String> CONNTRACK_OPAQUE =
      ImmutableSet.of(
          "--ctproto",
          "--ctorigsrc",
          "--ctreplsrc",
          "--ctrepldst",
          "--ctorigsrcport",
          "--ctreplsrcport",
          "--ctrepldstport",
          "--ctstatus",
          "--ctexpire",
          "--ctdir");
  private static final ImmutableSet<String> ADDRTYPE_OPAQUE =
      ImmutableSet.of("--limit-iface-in", "--limit-iface-out");
  private static final ImmutableSet<String> POLICY_OPAQUE =
      ImmutableSet.of(
          "--strict",
          "--reqid",
          "--spi",
          "--proto",
          "--mode",
          "--tunnel-src",
          "--tunnel-dst",
          "--next");
  private static final ImmutableSet<String> SET_OPAQUE =
      ImmutableSet.of(
          "--return-nomatch",
          "--update-counters",
          "--update-subcounters",
          "--packets-eq",
          "--packets-lt",
          "--packets-gt",
          "--bytes-eq",
          "--bytes-lt",
          "--bytes-gt");

  private final RuleReader rule;
  private final Tokens tokens;
  private final List<Match> found = new ArrayList<>();
  private boolean negated;

  ModuleReader(RuleReader rule) {
    this.rule = rule;
    this.tokens = rule.tokens;
  }

  /** Reads module {@code module}, whose options start at the reader's position. */
  void read(String module) {
    int start = rule.at;
    found.clear();
    boolean modeled =
        switch (module) {
          case "tcp", "udp", "sctp", "udplite", "dccp" -> ports(module);
          case "multiport" -> multiport();
          case "icmp" -> icmp(Family.IPV4, "--icmp-type");
          case "icmp6" -> icmp(Family.IPV6, "--icmpv6-type");
          case "state" -> state();
          case "conntrack" -> conntrack();
          case "comment" -> comment();
          case "addrtype" -> addrtype();
          case "policy" -> policy();
          case "mark" -> mark();
          case "limit" -> limit();
          case "set" -> set();
          case "iprange" -> iprange();
          case "mac" -> mac();
          case "pkttype" -> pkttype();
          case "owner" -> owner();
          case "rpfilter" -> rpfilter();
          default -> false;
        };
    if (modeled) {
      rule.matches.addAll(found);
      return;
    }
    rule.at = start;
    List<String> words = new ArrayList<>();
    while (!rule.endsOptions(rule.at)) {
      words.add(tokens.word(rule.at++));
    }
    if (module.isEmpty() || module.charAt(0) == '-') {
      throw new ParseProblem("option -m needs a module name");
    }
    rule.matches.add(Opaque.match(module, words));
  }

  /**
   * Reads options of the protocol's module given without {@code -m} ({@code -p tcp --dport 22});
   * returns false when the protocol has no such module.
   */
  boolean readImplicit(String option) {
    Protocol p = rule.protocol;
    if (p == null) {
      return false;
    }
    String module = ProtocolNames.of(p);
    if (!ImmutableSet.of("tcp", "udp", "sctp", "icmp", "ipv6-icmp").contains(module)) {
      return false;
    }
    read(module.equals("ipv6-icmp") ? "icmp6" : module);
    return true;
  }

  /** The next option of the module, with {@link #negated} set, or null at the module's end. */
  private @Nullable String option() {
    if (rule.endsOptions(rule.at)) {
      return null;
    }
    negated = tokens.isBang(rule.at);
    if (negated) {
      rule.at++;
    }
    if (!tokens.isOption(rule.at)) {
      throw new ParseProblem("unexpected argument: " + tokens.word(rule.at));
    }
    return tokens.word(rule.at++);
  }

  private String value(String option) {
    negated = rule.oldStyleBang(option, negated);
    return rule.value(option);
  }

  private static ParseProblem unknown(String option, String module) {
    return new ParseProblem("unknown option " + option + " of module " + module);
  }

  private boolean ports(String module) {
    for (String o = option(); o != null; o = option()) {
      switch (o) {
        case "--sport", "--source-port" -> port(Direction.SOURCE, value(o));
        case "--dport", "--destination-port" -> port(Direction.DESTINATION, value(o));
        case "--syn" -> {
          if (!module.equals("tcp")) {
            throw unknown(o, module);
          }
          found.add(negated ? TcpFlagsMatch.syn().negate() : TcpFlagsMatch.syn());
        }
        case "--tcp-flags" -> {
          if (!module.equals("tcp")) {
            throw unknown(o, module);
          }
          negated = rule.oldStyleBang(o, negated);
          TcpFlagsMatch m = TcpFlagsMatch.of(flags(rule.value(o)), flags(rule.value(o)));
          found.add(negated ? m.negate() : m);
        }
        default -> {
          if ((module.equals("tcp") && TCP_OPAQUE.contains(o))
              || (module.equals("sctp") && SCTP_OPAQUE.contains(o))) {
            return false;
          }
          throw unknown(o, module);
        }
      }
    }
    return !module.equals("udplite") && !module.equals("dccp");
  }

  private static EnumSet<TcpFlag> flags(String text) {
    EnumSet<TcpFlag> flags = EnumSet.noneOf(TcpFlag.class);
    if (text.equals("ALL")) {
      return EnumSet.allOf(TcpFlag.class);
    }
    if (text.equals("NONE")) {
      return flags;
    }
    for (int from = 0; from <= text.length(); ) {
      int comma = text.indexOf(',', from);
      int end = comma < 0 ? text.length() : comma;
      String name = text.substring(from, end);
      TcpFlag flag = null;
      for (TcpFlag f : TcpFlag.values()) {
        if (f.name().equals(name)) {
          flag = f;
        }
      }
      if (flag == null) {
        throw new ParseProblem("unknown tcp flag: " + name);
      }
      flags.add(flag);
      from = end + 1;
    }
    return flags;
  }

  private boolean iprange() {
    for (String o = option(); o != null; o = option()) {
      boolean src;
      switch (o) {
        case "--src-range" -> src = true;
        case "--dst-range" -> src = false;
        default -> throw unknown(o, "iprange");
      }
      String text = value(o);
      int dash = text.indexOf('-');
      if (dash < 0) {
        throw new ParseProblem("not an address range: " + text);
      }
      Cidr first = rule.cidr(text.substring(0, dash));
      Cidr last = rule.cidr(text.substring(dash + 1));
      IpRangeMatch m =
          src ? IpRangeMatch.source(first, last) : IpRangeMatch.destination(first, last);
      found.add(negated ? m.negate() : m);
    }
    return true;
  }

  private boolean mac() {
    for (String o = option(); o != null; o = option()) {
      if (!o.equals("--mac-source")) {
        throw unknown(o, "mac");
      }
      MacMatch m = MacMatch.source(value(o));
      found.add(negated ? m.negate() : m);
    }
    return true;
  }

  private boolean pkttype() {
    for (String o = option(); o != null; o = option()) {
      if (!o.equals("--pkt-type")) {
        throw unknown(o, "pkttype");
      }
      String text = value(o);
      PacketTypeMatch.Type type = null;
      for (PacketTypeMatch.Type t : PacketTypeMatch.Type.values()) {
        if (t.name().equalsIgnoreCase(text)) {
          type = t;
        }
      }
      if (type == null) {
        throw new ParseProblem("unknown packet type: " + text);
      }
      PacketTypeMatch m = PacketTypeMatch.of(type);
      found.add(negated ? m.negate() : m);
    }
    return true;
  }

  private boolean rpfilter() {
    boolean loose = false;
    boolean validMark = false;
    boolean acceptLocal = false;
    boolean invert = false;
    for (String o = option(); o != null; o = option()) {
      if (negated) {
        throw new ParseProblem("rpfilter negates with --invert, not !: " + o);
      }
      switch (o) {
        case "--loose" -> loose = true;
        case "--validmark" -> validMark = true;
        case "--accept-local" -> acceptLocal = true;
        case "--invert" -> invert = true;
        default -> throw unknown(o, "rpfilter");
      }
    }
    RpFilterMatch m = loose ? RpFilterMatch.loose() : RpFilterMatch.strict();
    m = validMark ? m.withValidMark() : m;
    m = acceptLocal ? m.withAcceptLocal() : m;
    found.add(invert ? m.negate() : m);
    return true;
  }

  private boolean owner() {
    for (String o = option(); o != null; o = option()) {
      OwnerMatch m;
      switch (o) {
        case "--uid-owner", "--gid-owner" -> {
          String text = value(o);
          int dash = text.indexOf('-');
          long low = Numbers.parseLong(dash < 0 ? text : text.substring(0, dash));
          long high = dash < 0 ? low : Numbers.parseLong(text.substring(dash + 1));
          if (low < 0 || high < 0) {
            return false; // a user or group name: kept as written
          }
          boolean uid = o.equals("--uid-owner");
          m = uid ? OwnerMatch.uid(low, high) : OwnerMatch.gid(low, high);
        }
        case "--socket-exists" -> m = OwnerMatch.socketExists();
        case "--suppl-groups" -> {
          return false;
        }
        default -> throw unknown(o, "owner");
      }
      found.add(negated ? m.negate() : m);
    }
    return true;
  }

  private void port(Direction direction, String text) {
    PortMatch m =
        direction == Direction.SOURCE
            ? PortMatch.source(List.of(range(text, ':')))
            : PortMatch.destination(List.of(range(text, ':')));
    found.add(negated ? m.negate() : m);
  }

  /** {@code 22}, {@code 1000:2000}, {@code 1000:} (to 65535), {@code :99} (from 0). */
  static PortRange range(String text, char separator) {
    int sep = text.indexOf(separator);
    if (sep < 0) {
      return PortRange.of(number(text));
    }
    int first = sep == 0 ? 0 : number(text.substring(0, sep));
    int last = sep == text.length() - 1 ? 65535 : number(text.substring(sep + 1));
    if (first > last) {
      throw new ParseProblem("port range backwards: " + text);
    }
    return first == last ? PortRange.of(first) : PortRange.range(first, last);
  }

  private static int number(String text) {
    int n = Numbers.parse(text, 65535);
    if (n < 0) {
      throw new ParseProblem("not a port: " + text);
    }
    return n;
  }

  private boolean multiport() {
    for (String o = option(); o != null; o = option()) {
      Direction d;
      switch (o) {
        case "--sports", "--source-ports" -> d = Direction.SOURCE;
        case "--dports", "--destination-ports" -> d = Direction.DESTINATION;
        default -> {
          if (MULTIPORT_OPAQUE.contains(o)) {
            return false;
          }
          throw unknown(o, "multiport");
        }
      }
      String text = value(o);
      List<PortRange> ports = new ArrayList<>();
      for (int from = 0; from <= text.length(); ) {
        int comma = text.indexOf(',', from);
        int end = comma < 0 ? text.length() : comma;
        ports.add(range(text.substring(from, end), ':'));
        from = end + 1;
      }
      PortMatch m = d == Direction.SOURCE ? PortMatch.source(ports) : PortMatch.destination(ports);
      found.add(negated ? m.negate() : m);
    }
    return true;
  }

  private boolean icmp(Family family, String name) {
    for (String o = option(); o != null; o = option()) {
      if (!o.equals(name)) {
        throw unknown(o, family == Family.IPV4 ? "icmp" : "icmp6");
      }
      rule.family(family, o);
      String text = value(o);
      if (family == Family.IPV4 && text.equals("any")) {
        if (negated) {
          throw new ParseProblem("negated icmp type any matches nothing");
        }
        continue; // every type: no test
      }
      int[] tc = IcmpNames.parse(family, text);
      if (tc == null) {
        throw new ParseProblem("unknown icmp type: " + text);
      }
      IcmpTypeMatch m =
          tc[1] < 0
              ? (family == Family.IPV4 ? IcmpTypeMatch.icmp(tc[0]) : IcmpTypeMatch.icmpv6(tc[0]))
              : IcmpTypeMatch.of(family, tc[0], tc[1]);
      found.add(negated ? m.negate() : m);
    }
    return true;
  }

  private boolean state() {
    for (String o = option(); o != null; o = option()) {
      if (!o.equals("--state")) {
        throw unknown(o, "state");
      }
      states(value(o));
    }
    return true;
  }

  private void states(String text) {
    EnumSet<ConnState> states = EnumSet.noneOf(ConnState.class);
    for (int from = 0; from <= text.length(); ) {
      int comma = text.indexOf(',', from);
      int end = comma < 0 ? text.length() : comma;
      String name = text.substring(from, end);
      ConnState s = null;
      for (ConnState c : ConnState.values()) {
        if (c.name().equals(name)) {
          s = c;
        }
      }
      if (s == null) {
        throw new ParseProblem("unknown conntrack state: " + name);
      }
      states.add(s);
      from = end + 1;
    }
    found.add(negated ? ConntrackStateMatch.not(states) : ConntrackStateMatch.of(states));
  }

  private boolean conntrack() {
    @Nullable Cidr dst = null;
    @Nullable PortRange port = null;
    boolean dstNegated = false;
    boolean portNegated = false;
    for (String o = option(); o != null; o = option()) {
      switch (o) {
        case "--ctstate" -> states(value(o));
        case "--ctorigdst" -> {
          dst = rule.cidr(value(o));
          dstNegated = negated;
        }
        case "--ctorigdstport" -> {
          port = range(value(o), ':');
          portNegated = negated;
        }
        default -> {
          if (CONNTRACK_OPAQUE.contains(o)) {
            return false;
          }
          throw unknown(o, "conntrack");
        }
      }
    }
    if (dst != null && port != null && !dstNegated && !portNegated) {
      found.add(ConntrackOriginalMatch.builder().destination(dst).destinationPort(port).build());
      return true;
    }
    if (dst != null) {
      found.add(ConntrackOriginalMatch.builder().destination(dst).negated(dstNegated).build());
    }
    if (port != null) {
      found.add(
          ConntrackOriginalMatch.builder().destinationPort(port).negated(portNegated).build());
    }
    return true;
  }

  private boolean comment() {
    for (String o = option(); o != null; o = option()) {
      if (!o.equals("--comment")) {
        throw unknown(o, "comment");
      }
      RuleReader.notNegated(o, negated);
      String text = rule.value(o);
      if (rule.comment != null) {
        throw new ParseProblem("second comment: " + text);
      }
      rule.comment = text;
    }
    return true;
  }

  private boolean addrtype() {
    for (String o = option(); o != null; o = option()) {
      Direction d;
      switch (o) {
        case "--src-type" -> d = Direction.SOURCE;
        case "--dst-type" -> d = Direction.DESTINATION;
        default -> {
          if (ADDRTYPE_OPAQUE.contains(o)) {
            return false;
          }
          throw unknown(o, "addrtype");
        }
      }
      String text = value(o);
      AddressTypeMatch.Type type = null;
      for (AddressTypeMatch.Type t : AddressTypeMatch.Type.values()) {
        if (t.name().equals(text)) {
          type = t;
        }
      }
      if (type == null) {
        return false; // a list, or a type the model does not hold (BLACKHOLE, ...)
      }
      AddressTypeMatch m =
          d == Direction.SOURCE
              ? AddressTypeMatch.source(type)
              : AddressTypeMatch.destination(type);
      found.add(negated ? m.negate() : m);
    }
    return true;
  }

  private boolean policy() {
    PolicyMatch.@Nullable Dir dir = null;
    PolicyMatch.@Nullable Processing pol = null;
    for (String o = option(); o != null; o = option()) {
      switch (o) {
        case "--dir" -> {
          String v = value(o);
          dir = v.equals("in") ? PolicyMatch.Dir.IN : v.equals("out") ? PolicyMatch.Dir.OUT : null;
          if (dir == null || negated) {
            throw new ParseProblem("bad --dir: " + v);
          }
        }
        case "--pol" -> {
          String v = value(o);
          pol =
              v.equals("ipsec")
                  ? PolicyMatch.Processing.IPSEC
                  : v.equals("none") ? PolicyMatch.Processing.NONE : null;
          if (pol == null || negated) {
            throw new ParseProblem("bad --pol: " + v);
          }
        }
        default -> {
          if (POLICY_OPAQUE.contains(o)) {
            return false;
          }
          throw unknown(o, "policy");
        }
      }
    }
    if (dir == null || pol == null) {
      throw new ParseProblem("module policy needs --dir and --pol");
    }
    found.add(PolicyMatch.of(dir, pol));
    return true;
  }

  private boolean mark() {
    for (String o = option(); o != null; o = option()) {
      if (!o.equals("--mark")) {
        throw unknown(o, "mark");
      }
      String text = value(o);
      int slash = text.indexOf('/');
      long value = Numbers.parseU32(slash < 0 ? text : text.substring(0, slash));
      long mask = slash < 0 ? 0xffffffffL : Numbers.parseU32(text.substring(slash + 1));
      if (value < 0 || mask < 0) {
        throw new ParseProblem("bad mark: " + text);
      }
      MarkMatch m = MarkMatch.of(value, mask);
      found.add(negated ? m.negate() : m);
    }
    return true;
  }

  private boolean limit() {
    int rate = 3;
    LimitMatch.Unit unit = LimitMatch.Unit.HOUR;
    int burst = 5;
    for (String o = option(); o != null; o = option()) {
      RuleReader.notNegated(o, negated);
      switch (o) {
        case "--limit" -> {
          String text = rule.value(o);
          int slash = text.indexOf('/');
          rate = Numbers.parse(slash < 0 ? text : text.substring(0, slash), 10000);
          unit = slash < 0 ? LimitMatch.Unit.SECOND : unit(text.substring(slash + 1));
          if (rate < 1) {
            throw new ParseProblem("bad rate: " + text);
          }
        }
        case "--limit-burst" -> {
          String text = rule.value(o);
          burst = Numbers.parse(text, 10000);
          if (burst < 1) {
            throw new ParseProblem("bad burst: " + text);
          }
        }
        default -> throw unknown(o, "limit");
      }
    }
    found.add(burst == 5 ? LimitMatch.of(rate, unit) : LimitMatch.of(rate, unit, burst));
    return true;
  }

  /** A unit as iptables reads it: any prefix of second, minute, hour or day. */
  private static LimitMatch.Unit unit(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    if (!t.isEmpty()) {
      if ("second".startsWith(t)) {
        return LimitMatch.Unit.SECOND;
      }
      if ("minute".startsWith(t)) {
        return LimitMatch.Unit.MINUTE;
      }
      if ("hour".startsWith(t)) {
        return LimitMatch.Unit.HOUR;
      }
      if ("day".startsWith(t)) {
        return LimitMatch.Unit.DAY;
      }
    }
    throw new ParseProblem("bad rate unit: " + text);
  }

  private boolean set() {
    boolean modeled = true;
    for (String o = option(); o != null; o = option()) {
      switch (o) {
        case "--match-set", "--set" -> {
          String name = value(o);
          String flags = rule.value(o);
          if (flags.equals("src") || flags.equals("dst")) {
            SetMatch m = flags.equals("src") ? SetMatch.source(name) : SetMatch.destination(name);
            found.add(negated ? m.negate() : m);
          } else {
            modeled = false;
          }
        }
        default -> {
          if (!SET_OPAQUE.contains(o)) {
            throw unknown(o, "set");
          }
          modeled = false;
          if (o.endsWith("-eq") || o.endsWith("-lt") || o.endsWith("-gt")) {
            rule.value(o);
          }
        }
      }
    }
    return modeled;
  }
}
