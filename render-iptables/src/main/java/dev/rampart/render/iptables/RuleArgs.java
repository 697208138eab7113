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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The arguments of one rule after {@code -A CHAIN}, in the order {@code iptables-save} prints them:
 * {@code -s -d -i -o -p}, then the match modules in the model's order (a rule's single-range port
 * matches share one {@code -m tcp} module, source first), the comment, the target.
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

  private final Family family;
  private final RuleRef place;
  private final Function<String, Optional<AddressSet>> sets;
  private final Optional<Protocol> protocol;
  private final List<Arg> source = new ArrayList<>();
  private final List<Arg> destination = new ArrayList<>();
  private final List<Arg> in = new ArrayList<>();
  private final List<Arg> out = new ArrayList<>();
  private final List<Arg> proto = new ArrayList<>();
  private final List<List<Arg>> modules = new ArrayList<>();
  private int portBlockAt = -1;
  private Optional<PortMatch> sport = Optional.empty();
  private Optional<PortMatch> dport = Optional.empty();
  private Optional<TcpFlagsMatch> tcpFlags = Optional.empty();
  private int sourcePorts;
  private int destinationPorts;

  private RuleArgs(
      Family family,
      RuleRef place,
      Optional<Protocol> protocol,
      Function<String, Optional<AddressSet>> sets) {
    this.family = family;
    this.place = place;
    this.sets = sets;
    this.protocol = protocol;
  }

  /**
   * Renders {@code rule}, found at {@code place}, for {@code family}.
   *
   * @throws dev.rampart.core.UnsupportedFeatureException for what iptables cannot express exactly
   */
  static ImmutableList<Arg> of(
      Family family, RuleRef place, Rule rule, Function<String, Optional<AddressSet>> sets) {
    return of(family, place, rule, RuleFacts.of(rule), sets);
  }

  /**
   * Renders {@code rule}, found at {@code place}, for {@code family}, with the {@code facts} the
   * caller derived already.
   *
   * @throws dev.rampart.core.UnsupportedFeatureException for what iptables cannot express exactly
   */
  static ImmutableList<Arg> of(
      Family family,
      RuleRef place,
      Rule rule,
      RuleFacts facts,
      Function<String, Optional<AddressSet>> sets) {
    RuleArgs args = new RuleArgs(family, place, facts.protocol(), sets);
    for (Match m : rule.matches()) {
      m.accept(args);
    }
    ImmutableList.Builder<Arg> all = ImmutableList.builder();
    all.addAll(args.source).addAll(args.destination).addAll(args.in).addAll(args.out);
    all.addAll(args.proto);
    for (int i = 0; i < args.modules.size(); i++) {
      all.addAll(i == args.portBlockAt ? args.portBlock() : args.modules.get(i));
    }
    if (rule.comment().isPresent()) {
      all.add(
          Arg.word("-m"),
          Arg.word("comment"),
          Arg.word("--comment"),
          Arg.text(rule.comment().get()));
    }
    all.addAll(TargetArgs.of(family, place, rule.target(), args.protocol));
    return all.build();
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
    return unsupported(family, place, feature, value);
  }

  private static void negation(List<Arg> to, boolean negated) {
    if (negated) {
      to.add(Arg.word("!"));
    }
  }

  private static List<Arg> module(String name) {
    List<Arg> m = new ArrayList<>();
    m.add(Arg.word("-m"));
    m.add(Arg.word(name));
    return m;
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public RuleArgs visitProtocol(ProtocolMatch m) {
    negation(proto, m.negated());
    proto.add(Arg.word("-p"));
    proto.add(Arg.word(ProtocolNames.of(m.protocol())));
    return this;
  }

  @Override
  public RuleArgs visitAddress(AddressMatch m) {
    if (m.addresses().size() > 1) {
      throw unsupported(
          "an address list of more than one prefix (use a named set)",
          m.addresses().stream().map(Cidr::toString).collect(Collectors.joining(",")));
    }
    var cidr = m.addresses().get(0);
    if (cidr.prefixLength() == 0) {
      if (m.negated()) {
        throw unsupported(
            "a negated address of length 0 (it matches nothing and iptables rejects it)", cidr);
      }
      return this; // matches every address of the rule's family: iptables stores no test at all
    }
    List<Arg> to = m.direction() == Direction.SOURCE ? source : destination;
    negation(to, m.negated());
    to.add(Arg.word(m.direction() == Direction.SOURCE ? "-s" : "-d"));
    to.add(Arg.word(Addresses.prefix(cidr)));
    return this;
  }

  @Override
  public RuleArgs visitSet(SetMatch m) {
    sets.apply(m.setName())
        .filter(s -> s.family() != family)
        .ifPresent(
            s -> {
              throw unsupported("a set of the other family", s.name());
            });
    List<Arg> mod = module("set");
    negation(mod, m.negated());
    mod.add(Arg.word("--match-set"));
    mod.add(Arg.word(m.setName()));
    mod.add(Arg.word(m.direction() == Direction.SOURCE ? "src" : "dst"));
    modules.add(mod);
    return this;
  }

  @Override
  public RuleArgs visitPort(PortMatch m) {
    boolean src = m.direction() == Direction.SOURCE;
    int count = src ? ++sourcePorts : ++destinationPorts;
    if (count > 1) {
      throw unsupported(
          "more than one " + (src ? "source" : "destination") + " port match in one rule",
          m.ports().stream().map(PortRange::toString).collect(Collectors.joining(",")));
    }
    if (m.isSingleRange()) {
      if (src) {
        sport = Optional.of(m);
      } else {
        dport = Optional.of(m);
      }
      reservePortBlock();
      return this;
    }
    List<Arg> mod = module("multiport");
    negation(mod, m.negated());
    mod.add(Arg.word(src ? "--sports" : "--dports"));
    mod.add(
        Arg.word(m.ports().stream().map(RuleArgs::colonRange).collect(Collectors.joining(","))));
    modules.add(mod);
    return this;
  }

  /**
   * The {@code -m tcp --sport A --dport B --tcp-flags M S} module of the single-range port matches
   * and the tcp flags match.
   */
  private List<Arg> portBlock() {
    Protocol p =
        protocol.orElseThrow(() -> new IllegalStateException("ports without protocol: " + place));
    List<Arg> mod = module(ProtocolNames.of(p));
    sport.ifPresent(m -> portOption(mod, m, "--sport", p));
    dport.ifPresent(m -> portOption(mod, m, "--dport", p));
    tcpFlags.ifPresent(
        f -> {
          negation(mod, f.negated());
          mod.add(Arg.word("--tcp-flags"));
          mod.add(Arg.word(flagNames(f.mask())));
          mod.add(Arg.word(flagNames(f.set())));
        });
    return mod;
  }

  /** Reserves the place of the shared protocol module at the first match that needs it. */
  private void reservePortBlock() {
    if (portBlockAt < 0) {
      portBlockAt = modules.size();
      modules.add(List.of());
    }
  }

  private String flagNames(ImmutableSet<TcpFlag> flags) {
    if (flags.isEmpty()) {
      return "NONE";
    }
    if (flags.contains(TcpFlag.ECE) || flags.contains(TcpFlag.CWR)) {
      throw unsupported("tcp flags ECE or CWR (iptables has no name for them)", flags);
    }
    return flags.stream().map(Enum::name).collect(Collectors.joining(","));
  }

  private void portOption(List<Arg> mod, PortMatch m, String option, Protocol p) {
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
    negation(mod, m.negated());
    mod.add(Arg.word(option));
    mod.add(Arg.word(colonRange(range)));
  }

  private static String colonRange(PortRange r) {
    return r.isSingle() ? Integer.toString(r.first()) : r.first() + ":" + r.last();
  }

  @Override
  public RuleArgs visitInterface(InterfaceMatch m) {
    if (m.name().equals("+") && !m.negated()) {
      return this; // any interface: iptables stores no test at all
    }
    List<Arg> to = m.side() == InterfaceMatch.Side.IN ? in : out;
    negation(to, m.negated());
    to.add(Arg.word(m.side() == InterfaceMatch.Side.IN ? "-i" : "-o"));
    to.add(Arg.word(m.name()));
    return this;
  }

  @Override
  public RuleArgs visitConntrackState(ConntrackStateMatch m) {
    List<Arg> mod = module("conntrack");
    negation(mod, m.negated());
    mod.add(Arg.word("--ctstate"));
    StringBuilder states = new StringBuilder();
    for (ConnState state : STATE_ORDER) {
      if (m.states().contains(state)) {
        states.append(states.length() == 0 ? "" : ",").append(state.name());
      }
    }
    mod.add(Arg.word(states.toString()));
    modules.add(mod);
    return this;
  }

  @Override
  public RuleArgs visitConntrackOriginal(ConntrackOriginalMatch m) {
    List<Arg> mod = module("conntrack");
    m.destination()
        .ifPresent(
            d -> {
              negation(mod, m.negated());
              mod.add(Arg.word("--ctorigdst"));
              mod.add(Arg.word(Addresses.hostOrPrefix(d)));
            });
    m.destinationPort()
        .ifPresent(
            p -> {
              negation(mod, m.negated());
              mod.add(Arg.word("--ctorigdstport"));
              mod.add(Arg.word(colonRange(p)));
            });
    modules.add(mod);
    return this;
  }

  @Override
  public RuleArgs visitIcmpType(IcmpTypeMatch m) {
    boolean v4 = m.family() == Family.IPV4;
    if (v4 && m.type() == 255) {
      throw unsupported("an icmp type iptables reads as any type", m.type());
    }
    List<Arg> mod = module(v4 ? "icmp" : "icmp6");
    negation(mod, m.negated());
    mod.add(Arg.word(v4 ? "--icmp-type" : "--icmpv6-type"));
    mod.add(Arg.word(m.type() + m.code().map(c -> "/" + c).orElse("")));
    modules.add(mod);
    return this;
  }

  @Override
  public RuleArgs visitLimit(LimitMatch m) {
    String rate =
        LimitRates.canonical(m)
            .orElseThrow(
                () ->
                    unsupported(
                        "a limit iptables would apply at a different rate (it stores rates in"
                            + " steps of 1/10000 s)",
                        m.rate() + "/" + lower(m.unit())));
    List<Arg> mod = module("limit");
    mod.add(Arg.word("--limit"));
    mod.add(Arg.word(rate));
    m.burst()
        .filter(b -> b != 5)
        .ifPresent(
            b -> {
              mod.add(Arg.word("--limit-burst"));
              mod.add(Arg.word(Integer.toString(b)));
            });
    modules.add(mod);
    return this;
  }

  @Override
  public RuleArgs visitPolicy(PolicyMatch m) {
    List<Arg> mod = module("policy");
    mod.add(Arg.word("--dir"));
    mod.add(Arg.word(lower(m.dir())));
    mod.add(Arg.word("--pol"));
    mod.add(Arg.word(lower(m.processing())));
    modules.add(mod);
    return this;
  }

  @Override
  public RuleArgs visitAddressType(AddressTypeMatch m) {
    if (family == Family.IPV6 && m.type() == AddressTypeMatch.Type.BROADCAST) {
      throw unsupported("an address type ipv6 does not have", m.type());
    }
    List<Arg> mod = module("addrtype");
    negation(mod, m.negated());
    mod.add(Arg.word(m.direction() == Direction.SOURCE ? "--src-type" : "--dst-type"));
    mod.add(Arg.word(m.type().name()));
    modules.add(mod);
    return this;
  }

  @Override
  public RuleArgs visitMark(MarkMatch m) {
    List<Arg> mod = module("mark");
    negation(mod, m.negated());
    mod.add(Arg.word("--mark"));
    String value = "0x" + Long.toHexString(m.value());
    mod.add(Arg.word(m.mask() == 0xffffffffL ? value : value + "/0x" + Long.toHexString(m.mask())));
    modules.add(mod);
    return this;
  }

  @Override
  public RuleArgs visitOpaque(OpaqueMatch m) {
    List<Arg> mod = module(m.module());
    String previous = "";
    for (String token : m.arguments()) {
      mod.add(Arg.opaque(token, ALWAYS_QUOTED.contains(m.module() + " " + previous)));
      previous = token;
    }
    modules.add(mod);
    return this;
  }

  @Override
  public RuleArgs visitIpRange(IpRangeMatch m) {
    List<Arg> mod = module("iprange");
    negation(mod, m.negated());
    mod.add(Arg.word(m.direction() == Direction.SOURCE ? "--src-range" : "--dst-range"));
    mod.add(Arg.word(Addresses.address(m.first()) + "-" + Addresses.address(m.last())));
    modules.add(mod);
    return this;
  }

  @Override
  public RuleArgs visitMac(MacMatch m) {
    List<Arg> mod = module("mac");
    negation(mod, m.negated());
    mod.add(Arg.word("--mac-source"));
    mod.add(Arg.word(m.address()));
    modules.add(mod);
    return this;
  }

  @Override
  public RuleArgs visitPacketType(PacketTypeMatch m) {
    List<Arg> mod = module("pkttype");
    negation(mod, m.negated());
    mod.add(Arg.word("--pkt-type"));
    mod.add(Arg.word(lower(m.type())));
    modules.add(mod);
    return this;
  }

  @Override
  public RuleArgs visitRpFilter(RpFilterMatch m) {
    List<Arg> mod = module("rpfilter");
    if (m.mode() == RpFilterMatch.Mode.LOOSE) {
      mod.add(Arg.word("--loose"));
    }
    if (m.validMark()) {
      mod.add(Arg.word("--validmark"));
    }
    if (m.acceptLocal()) {
      mod.add(Arg.word("--accept-local"));
    }
    if (m.negated()) {
      mod.add(Arg.word("--invert"));
    }
    modules.add(mod);
    return this;
  }

  @Override
  public RuleArgs visitOwner(OwnerMatch m) {
    List<Arg> mod = module("owner");
    negation(mod, m.negated());
    switch (m.kind()) {
      case UID -> mod.add(Arg.word("--uid-owner"));
      case GID -> mod.add(Arg.word("--gid-owner"));
      case SOCKET_EXISTS -> mod.add(Arg.word("--socket-exists"));
    }
    if (m.kind() != OwnerMatch.Kind.SOCKET_EXISTS) {
      mod.add(Arg.word(m.low() == m.high() ? Long.toString(m.low()) : m.low() + "-" + m.high()));
    }
    modules.add(mod);
    return this;
  }

  @Override
  public RuleArgs visitTcpFlags(TcpFlagsMatch m) {
    if (tcpFlags.isPresent()) {
      throw unsupported("more than one tcp flags match in one rule", RuleText.of(m));
    }
    tcpFlags = Optional.of(m);
    reservePortBlock();
    return this;
  }
}
