package dev.rampart.render.iptables;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.rampart.core.AddressSet;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.RuleFacts;
import dev.rampart.core.RuleRef;
import dev.rampart.core.RuleText;
import dev.rampart.core.TableName;
import dev.rampart.core.UnsupportedFeatureException;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.AddressTypeMatch;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.ConntrackOriginalMatch;
import dev.rampart.core.match.ConntrackStateMatch;
import dev.rampart.core.match.Direction;
import dev.rampart.core.match.IcmpTypeMatch;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.IpRangeMatch;
import dev.rampart.core.match.LimitMatch;
import dev.rampart.core.match.MacMatch;
import dev.rampart.core.match.MarkMatch;
import dev.rampart.core.match.Match;
import dev.rampart.core.match.OpaqueMatch;
import dev.rampart.core.match.OwnerMatch;
import dev.rampart.core.match.PacketTypeMatch;
import dev.rampart.core.match.PolicyMatch;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.RpFilterMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.match.TcpFlag;
import dev.rampart.core.match.TcpFlagsMatch;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Writes the arguments of one rule after {@code -A CHAIN}, in the order {@code iptables-save}
 * prints them: {@code -s -d -i -o -p}, then the match modules in the model's order (a rule's
 * single-range port matches share one {@code -m tcp} module, source first), the comment, the
 * target.
 *
 * <p>The words go straight into the restore text ({@link RestoreLine}): the matches are walked once
 * to check what iptables cannot express (in the model's order, so the first refusal is the one a
 * reader meets first), then once per header field and once for the modules, each walk writing only
 * its part. One instance serves every rule of a render; a rule's place is made only for a refusal.
 */
final class RuleArgs implements Match.Visitor<RuleArgs> {
  /** conntrack prints states in its bit order, not ours. */
  private static final ImmutableList<ConnState> STATE_ORDER =
      ImmutableList.of(
          ConnState.INVALID,
          ConnState.NEW,
          ConnState.RELATED,
          ConnState.ESTABLISHED,
          ConnState.UNTRACKED,
          ConnState.SNAT,
          ConnState.DNAT);

  /** Module and option whose value the module always prints in double quotes. */
  private static final ImmutableSet<String> ALWAYS_QUOTED =
      ImmutableSet.of("string --string", "string --hex-string", "u32 --u32");

  /** What one walk over a rule's matches does. */
  private enum Phase {
    /** Refuses what iptables cannot express; notes the matches of the shared port module. */
    CHECK,
    /** Writes {@code -s}. */
    SOURCE,
    /** Writes {@code -d}. */
    DESTINATION,
    /** Writes {@code -i}. */
    IN,
    /** Writes {@code -o}. */
    OUT,
    /** Writes {@code -p}. */
    PROTOCOL,
    /** Writes the match modules. */
    MODULES
  }

  private static final Phase[] WRITES = {
    Phase.SOURCE, Phase.DESTINATION, Phase.IN, Phase.OUT, Phase.PROTOCOL
  };

  private final Family family;
  private final Function<String, Optional<AddressSet>> sets;
  private final RestoreLine out;
  private final TargetArgs target;

  // the rule being written
  private @Nullable RuleRef givenPlace;
  private TableName table = TableName.FILTER;
  private String chain = "";
  private int number;
  private Optional<Protocol> protocol = Optional.empty();
  private Phase phase = Phase.CHECK;
  private int at;
  private int portBlockAt;
  private @Nullable PortMatch sport;
  private @Nullable PortMatch dport;
  private @Nullable TcpFlagsMatch tcpFlags;
  private int sourcePorts;
  private int destinationPorts;

  /**
   * A writer of {@code family}'s rules into {@code out}, sets looked up with {@code sets}, for any
   * number of rules.
   */
  RuleArgs(Family family, Function<String, Optional<AddressSet>> sets, StringBuilder out) {
    this.family = family;
    this.sets = sets;
    this.out = new RestoreLine(out);
    this.target = new TargetArgs(family, this::place, this.out);
  }

  /**
   * The arguments of {@code rule}, found at {@code place}, for {@code family}, as one string.
   *
   * @throws dev.rampart.core.UnsupportedFeatureException for what iptables cannot express exactly
   */
  static String restoreText(
      Family family, RuleRef place, Rule rule, Function<String, Optional<AddressSet>> sets) {
    StringBuilder text = new StringBuilder();
    new RuleArgs(family, sets, text).write(place, rule);
    return text.toString();
  }

  /**
   * Writes the arguments of {@code rule}, rule {@code number} of {@code chain} in {@code table}.
   *
   * @throws dev.rampart.core.UnsupportedFeatureException for what iptables cannot express exactly
   */
  void write(TableName table, String chain, int number, Rule rule) {
    this.givenPlace = null;
    this.table = table;
    this.chain = chain;
    this.number = number;
    write(rule);
  }

  /** Writes the arguments of {@code rule}, found at {@code place}. */
  void write(RuleRef place, Rule rule) {
    this.givenPlace = place;
    this.table = place.chain().table();
    this.chain = place.chain().name();
    this.number = place.index();
    write(rule);
  }

  private void write(Rule rule) {
    protocol = RuleFacts.protocolOf(rule);
    portBlockAt = -1;
    sport = null;
    dport = null;
    tcpFlags = null;
    sourcePorts = 0;
    destinationPorts = 0;
    out.start();
    ImmutableList<Match> matches = rule.matches();
    phase = Phase.CHECK;
    for (int i = 0; i < matches.size(); i++) {
      at = i;
      matches.get(i).accept(this);
    }
    for (Phase p : WRITES) {
      phase = p;
      for (int i = 0; i < matches.size(); i++) {
        matches.get(i).accept(this);
      }
    }
    phase = Phase.MODULES;
    for (int i = 0; i < matches.size(); i++) {
      if (i == portBlockAt) {
        portBlock();
      } else {
        matches.get(i).accept(this);
      }
    }
    if (rule.comment().isPresent()) {
      out.word("-m");
      out.word("comment");
      out.word("--comment");
      out.text(rule.comment().get());
    }
    target.write(rule.target(), chain, protocol);
  }

  /** The rule's place, made for a refusal. */
  private RuleRef place() {
    RuleRef given = givenPlace;
    return given != null ? given : RuleRef.of(table, chain, number);
  }

  /**
   * The refusal of {@code feature} with {@code value} at {@code place} by {@code family}'s tool.
   */
  static UnsupportedFeatureException unsupported(
      Family family, RuleRef place, String feature, Object value) {
    return new UnsupportedFeatureException(
        IptablesRenderer.backend(family), feature, String.valueOf(value), place);
  }

  private UnsupportedFeatureException unsupported(String feature, Object value) {
    return unsupported(family, place(), feature, value);
  }

  private void negation(boolean negated) {
    if (negated) {
      out.word("!");
    }
  }

  private void module(String name) {
    out.word("-m");
    out.word(name);
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public RuleArgs visitProtocol(ProtocolMatch m) {
    if (phase == Phase.PROTOCOL) {
      negation(m.negated());
      out.word("-p");
      out.word(ProtocolNames.of(m.protocol()));
    }
    return this;
  }

  @Override
  public RuleArgs visitAddress(AddressMatch m) {
    Cidr cidr = m.addresses().get(0);
    if (phase == Phase.CHECK) {
      if (m.addresses().size() > 1) {
        throw unsupported(
            "an address list of more than one prefix (use a named set)",
            m.addresses().stream().map(Cidr::toString).collect(Collectors.joining(",")));
      }
      if (cidr.prefixLength() == 0 && m.negated()) {
        throw unsupported(
            "a negated address of length 0 (it matches nothing and iptables rejects it)", cidr);
      }
      return this;
    }
    boolean source = m.direction() == Direction.SOURCE;
    if (phase != (source ? Phase.SOURCE : Phase.DESTINATION) || cidr.prefixLength() == 0) {
      return this; // length 0 matches every address of the rule's family: iptables stores no test
    }
    negation(m.negated());
    out.word(source ? "-s" : "-d");
    Addresses.appendPrefix(out.begin(), cidr);
    return this;
  }

  @Override
  public RuleArgs visitSet(SetMatch m) {
    if (phase == Phase.CHECK) {
      Optional<AddressSet> set = sets.apply(m.setName());
      if (set.isPresent() && set.get().family() != family) {
        throw unsupported("a set of the other family", set.get().name());
      }
    } else if (phase == Phase.MODULES) {
      module("set");
      negation(m.negated());
      out.word("--match-set");
      out.word(m.setName());
      out.word(m.direction() == Direction.SOURCE ? "src" : "dst");
    }
    return this;
  }

  @Override
  public RuleArgs visitPort(PortMatch m) {
    boolean src = m.direction() == Direction.SOURCE;
    if (phase == Phase.CHECK) {
      int count = src ? ++sourcePorts : ++destinationPorts;
      if (count > 1) {
        throw unsupported(
            "more than one " + (src ? "source" : "destination") + " port match in one rule",
            m.ports().stream().map(PortRange::toString).collect(Collectors.joining(",")));
      }
      if (m.isSingleRange()) {
        if (src) {
          sport = m;
        } else {
          dport = m;
        }
        reservePortBlock();
      }
    } else if (phase == Phase.MODULES && !m.isSingleRange()) {
      module("multiport");
      negation(m.negated());
      out.word(src ? "--sports" : "--dports");
      StringBuilder list = out.begin();
      for (int i = 0; i < m.ports().size(); i++) {
        if (i > 0) {
          list.append(',');
        }
        appendColonRange(list, m.ports().get(i));
      }
    }
    return this;
  }

  /**
   * Writes the {@code -m tcp --sport A --dport B --tcp-flags M S} module of the single-range port
   * matches and the tcp flags match.
   */
  private void portBlock() {
    Protocol p =
        protocol.orElseThrow(() -> new IllegalStateException("ports without protocol: " + place()));
    module(ProtocolNames.of(p));
    if (sport != null) {
      portOption(sport, "--sport", p);
    }
    if (dport != null) {
      portOption(dport, "--dport", p);
    }
    TcpFlagsMatch f = tcpFlags;
    if (f != null) {
      negation(f.negated());
      out.word("--tcp-flags");
      appendFlagNames(out.begin(), f.mask());
      appendFlagNames(out.begin(), f.set());
    }
  }

  /** Reserves the place of the shared protocol module at the first match that needs it. */
  private void reservePortBlock() {
    if (portBlockAt < 0) {
      portBlockAt = at;
    }
  }

  private void appendFlagNames(StringBuilder to, ImmutableSet<TcpFlag> flags) {
    if (flags.isEmpty()) {
      to.append("NONE");
      return;
    }
    if (flags.contains(TcpFlag.ECE) || flags.contains(TcpFlag.CWR)) {
      throw unsupported("tcp flags ECE or CWR (iptables has no name for them)", flags);
    }
    boolean first = true;
    for (TcpFlag flag : flags) {
      to.append(first ? "" : ",").append(flag.name());
      first = false;
    }
  }

  private void portOption(PortMatch m, String option, Protocol p) {
    PortRange range = m.ports().get(0);
    boolean all = range.first() == 0 && range.last() == 65535;
    boolean nativeNft = p.equals(Protocol.TCP) || p.equals(Protocol.UDP);
    if (all && nativeNft) {
      if (m.negated()) {
        throw unsupported(
            "a negated range of every port (it matches nothing and iptables-nft loses the"
                + " negation)",
            range);
      }
      return; // every port: iptables-nft stores no port test at all
    }
    negation(m.negated());
    out.word(option);
    appendColonRange(out.begin(), range);
  }

  private static void appendColonRange(StringBuilder to, PortRange r) {
    to.append(r.first());
    if (!r.isSingle()) {
      to.append(':').append(r.last());
    }
  }

  @Override
  public RuleArgs visitInterface(InterfaceMatch m) {
    boolean in = m.side() == InterfaceMatch.Side.IN;
    if (phase != (in ? Phase.IN : Phase.OUT) || (m.name().equals("+") && !m.negated())) {
      return this; // "+" is any interface: iptables stores no test at all
    }
    negation(m.negated());
    out.word(in ? "-i" : "-o");
    out.word(m.name());
    return this;
  }

  @Override
  public RuleArgs visitConntrackState(ConntrackStateMatch m) {
    if (phase != Phase.MODULES) {
      return this;
    }
    module("conntrack");
    negation(m.negated());
    out.word("--ctstate");
    StringBuilder states = out.begin();
    boolean first = true;
    for (ConnState state : STATE_ORDER) {
      if (m.states().contains(state)) {
        states.append(first ? "" : ",").append(state.name());
        first = false;
      }
    }
    return this;
  }

  @Override
  public RuleArgs visitConntrackOriginal(ConntrackOriginalMatch m) {
    if (phase != Phase.MODULES) {
      return this;
    }
    module("conntrack");
    if (m.destination().isPresent()) {
      negation(m.negated());
      out.word("--ctorigdst");
      Addresses.appendHostOrPrefix(out.begin(), m.destination().get());
    }
    if (m.destinationPort().isPresent()) {
      negation(m.negated());
      out.word("--ctorigdstport");
      appendColonRange(out.begin(), m.destinationPort().get());
    }
    return this;
  }

  @Override
  public RuleArgs visitIcmpType(IcmpTypeMatch m) {
    boolean v4 = m.family() == Family.IPV4;
    if (phase == Phase.CHECK && v4 && m.type() == 255) {
      throw unsupported("an icmp type iptables reads as any type", m.type());
    }
    if (phase == Phase.MODULES) {
      module(v4 ? "icmp" : "icmp6");
      negation(m.negated());
      out.word(v4 ? "--icmp-type" : "--icmpv6-type");
      StringBuilder type = out.begin().append(m.type());
      if (m.code().isPresent()) {
        type.append('/').append((int) m.code().get());
      }
    }
    return this;
  }

  @Override
  public RuleArgs visitLimit(LimitMatch m) {
    if (phase != Phase.CHECK && phase != Phase.MODULES) {
      return this;
    }
    Optional<String> rate = LimitRates.canonical(m);
    if (rate.isEmpty()) {
      throw unsupported(
          "a limit iptables would apply at a different rate (it stores rates in steps of 1/10000"
              + " s)",
          m.rate() + "/" + lower(m.unit()));
    }
    if (phase == Phase.MODULES) {
      module("limit");
      out.word("--limit");
      out.word(rate.get());
      if (m.burst().isPresent() && m.burst().get() != 5) {
        out.word("--limit-burst");
        out.begin().append((int) m.burst().get());
      }
    }
    return this;
  }

  @Override
  public RuleArgs visitPolicy(PolicyMatch m) {
    if (phase == Phase.MODULES) {
      module("policy");
      out.word("--dir");
      out.word(lower(m.dir()));
      out.word("--pol");
      out.word(lower(m.processing()));
    }
    return this;
  }

  @Override
  public RuleArgs visitAddressType(AddressTypeMatch m) {
    if (phase == Phase.CHECK
        && family == Family.IPV6
        && m.type() == AddressTypeMatch.Type.BROADCAST) {
      throw unsupported("an address type ipv6 does not have", m.type());
    }
    if (phase == Phase.MODULES) {
      module("addrtype");
      negation(m.negated());
      out.word(m.direction() == Direction.SOURCE ? "--src-type" : "--dst-type");
      out.word(m.type().name());
    }
    return this;
  }

  @Override
  public RuleArgs visitMark(MarkMatch m) {
    if (phase == Phase.MODULES) {
      module("mark");
      negation(m.negated());
      out.word("--mark");
      String value = "0x" + Long.toHexString(m.value());
      out.word(m.mask() == 0xffffffffL ? value : value + "/0x" + Long.toHexString(m.mask()));
    }
    return this;
  }

  @Override
  public RuleArgs visitOpaque(OpaqueMatch m) {
    if (phase == Phase.MODULES) {
      module(m.module());
      String previous = "";
      for (String token : m.arguments()) {
        out.opaque(token, ALWAYS_QUOTED.contains(m.module() + " " + previous));
        previous = token;
      }
    }
    return this;
  }

  @Override
  public RuleArgs visitIpRange(IpRangeMatch m) {
    if (phase == Phase.MODULES) {
      module("iprange");
      negation(m.negated());
      out.word(m.direction() == Direction.SOURCE ? "--src-range" : "--dst-range");
      StringBuilder range = out.begin();
      Addresses.appendAddress(range, m.first()).append('-');
      Addresses.appendAddress(range, m.last());
    }
    return this;
  }

  @Override
  public RuleArgs visitMac(MacMatch m) {
    if (phase == Phase.MODULES) {
      module("mac");
      negation(m.negated());
      out.word("--mac-source");
      out.word(m.address());
    }
    return this;
  }

  @Override
  public RuleArgs visitPacketType(PacketTypeMatch m) {
    if (phase == Phase.MODULES) {
      module("pkttype");
      negation(m.negated());
      out.word("--pkt-type");
      out.word(lower(m.type()));
    }
    return this;
  }

  @Override
  public RuleArgs visitRpFilter(RpFilterMatch m) {
    if (phase != Phase.MODULES) {
      return this;
    }
    module("rpfilter");
    if (m.mode() == RpFilterMatch.Mode.LOOSE) {
      out.word("--loose");
    }
    if (m.validMark()) {
      out.word("--validmark");
    }
    if (m.acceptLocal()) {
      out.word("--accept-local");
    }
    if (m.negated()) {
      out.word("--invert");
    }
    return this;
  }

  @Override
  public RuleArgs visitOwner(OwnerMatch m) {
    if (phase != Phase.MODULES) {
      return this;
    }
    module("owner");
    negation(m.negated());
    switch (m.kind()) {
      case UID -> out.word("--uid-owner");
      case GID -> out.word("--gid-owner");
      case SOCKET_EXISTS -> out.word("--socket-exists");
    }
    if (m.kind() != OwnerMatch.Kind.SOCKET_EXISTS) {
      StringBuilder ids = out.begin().append(m.low());
      if (m.low() != m.high()) {
        ids.append('-').append(m.high());
      }
    }
    return this;
  }

  @Override
  public RuleArgs visitTcpFlags(TcpFlagsMatch m) {
    if (phase == Phase.CHECK) {
      if (tcpFlags != null) {
        throw unsupported("more than one tcp flags match in one rule", RuleText.of(m));
      }
      tcpFlags = m;
      reservePortBlock();
    }
    return this;
  }
}
