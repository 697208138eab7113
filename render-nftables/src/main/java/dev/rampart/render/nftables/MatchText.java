package dev.rampart.render.nftables;

import static dev.rampart.render.nftables.RuleWriter.protocolName;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.Maps;
import dev.rampart.core.AddressSet;
import dev.rampart.core.Family;
import dev.rampart.core.RuleRef;
import dev.rampart.core.RuleText;
import dev.rampart.core.Ruleset;
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
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.RpFilterMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.match.TcpFlagsMatch;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The nft text of each match. */
final class MatchText implements Match.Visitor<String> {
  private static final ImmutableList<ConnState> STATE_ORDER =
      ImmutableList.of(
          ConnState.INVALID,
          ConnState.ESTABLISHED,
          ConnState.RELATED,
          ConnState.NEW,
          ConnState.UNTRACKED);

  /** Each state's nft name, made once. */
  private static final ImmutableMap<ConnState, String> NAMES =
      Maps.toMap(STATE_ORDER, s -> s.name().toLowerCase(Locale.ROOT));

  private final Optional<Ruleset> ruleset;
  private final RuleRef place;
  private final ListSets lists;
  private final String alternative;

  /**
   * The text of the matches of the rule at {@code place}, whose lists are written as {@code lists}
   * says; {@code alternative} is the element of the rule line being written when a list is expanded
   * into lines.
   */
  MatchText(Ruleset ruleset, RuleRef place, ListSets lists, String alternative) {
    this.ruleset = Optional.of(ruleset);
    this.place = place;
    this.lists = lists;
    this.alternative = alternative;
  }

  private static String op(boolean negated) {
    return negated ? " != " : " ";
  }

  private static String side(Direction d) {
    return d == Direction.SOURCE ? "saddr" : "daddr";
  }

  private static String ip(Family f) {
    return f == Family.IPV4 ? "ip" : "ip6";
  }

  /**
   * Appends the text of a port match of protocol {@code p} to {@code out}. With {@code bothNegated}
   * (the rule also compares the other port with {@code !=}) a single port is written as the range
   * {@code N-N}: nft 1.0.6 merges adjacent {@code tcp sport != A tcp dport != B} into one
   * comparison of both ports, true when either differs, and leaves ranges alone.
   */
  void port(
      StringBuilder out, PortMatch m, ListSets.Listed value, Protocol p, boolean bothNegated) {
    String field = protocolName(p);
    String part = m.direction() == Direction.SOURCE ? "sport" : "dport";
    if (bothNegated && m.negated() && m.isSingleRange() && m.ports().get(0).isSingle()) {
      int port = m.ports().get(0).first();
      out.append(field).append(' ').append(part).append(" != ").append(port).append('-');
      out.append(port);
      return;
    }
    lists.append(out, field, part, m.negated(), value, alternative);
  }

  @Override
  public String visitProtocol(ProtocolMatch m) {
    throw new AssertionError("protocol is rendered with its block");
  }

  /**
   * Appends the text of an address match whose value is {@code value} ({@link ListSets#valuesOf})
   * to {@code out}.
   */
  void address(StringBuilder out, AddressMatch m, ListSets.Listed value) {
    lists.append(out, ip(m.family()), side(m.direction()), m.negated(), value, alternative);
  }

  @Override
  public String visitAddress(AddressMatch m) {
    throw new AssertionError("addresses are rendered with their values");
  }

  @Override
  public String visitSet(SetMatch m) {
    NftNames.problem(m.setName())
        .ifPresent(
            p -> {
              throw TablePlan.unsupported(p, m.setName(), place);
            });
    Family f = ruleset.flatMap(r -> r.set(m.setName())).map(AddressSet::family).orElse(Family.IPV4);
    return ip(f) + " " + side(m.direction()) + op(m.negated()) + "@" + m.setName();
  }

  @Override
  public String visitPort(PortMatch m) {
    throw new AssertionError("ports are rendered with their protocol");
  }

  @Override
  public String visitInterface(InterfaceMatch m) {
    if (m.name().equals("+")) {
      throw TablePlan.unsupported(
          "an interface name that is only a wildcard (nft refuses it)", m.name(), place);
    }
    String name = m.isWildcard() ? m.name().replace("+", "*") : m.name();
    return (m.side() == InterfaceMatch.Side.IN ? "iifname" : "oifname")
        + op(m.negated())
        + "\""
        + name
        + "\"";
  }

  @Override
  public String visitConntrackState(ConntrackStateMatch m) {
    Set<ConnState> nat = EnumSet.noneOf(ConnState.class);
    List<String> states = new ArrayList<>(2);
    for (ConnState s : m.states()) {
      if (s == ConnState.SNAT || s == ConnState.DNAT) {
        nat.add(s);
      }
    }
    for (ConnState s : STATE_ORDER) {
      if (m.states().contains(s)) {
        states.add(java.util.Objects.requireNonNull(NAMES.get(s)));
      }
    }
    if (!nat.isEmpty() && !states.isEmpty()) {
      throw TablePlan.unsupported(
          "conntrack states mixed with SNAT or DNAT in one match (nft tests them as ct state and"
              + " ct status; write one rule for each)",
          m.states().stream().map(Enum::name).collect(Collectors.joining(",")),
          place);
    }
    if (!nat.isEmpty()) {
      String flags =
          nat.stream().map(s -> s.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(","));
      return "ct status " + (m.negated() ? "! " : "") + flags;
    }
    if (m.negated() && states.size() > 1) {
      return "ct state != { " + String.join(", ", states) + " }";
    }
    return "ct state" + op(m.negated()) + String.join(",", states);
  }

  @Override
  public String visitConntrackOriginal(ConntrackOriginalMatch m) {
    List<String> out = new ArrayList<>();
    m.destination()
        .ifPresent(
            d ->
                out.add(
                    "ct original "
                        + ip(d.family())
                        + " daddr"
                        + op(m.negated())
                        + Intervals.cidr(d)));
    m.destinationPort().ifPresent(p -> out.add("ct original proto-dst" + op(m.negated()) + p));
    return String.join(" ", out);
  }

  @Override
  public String visitIcmpType(IcmpTypeMatch m) {
    String proto = m.family() == Family.IPV4 ? "icmp" : "icmpv6";
    if (m.negated() && m.code().isPresent()) {
      throw TablePlan.unsupported(
          "a negated ICMP type with a code (nft cannot negate the pair in one rule; match the"
              + " type and code with RETURN or DROP in a chain of their own)",
          "! " + m.type() + "/" + m.code().get(),
          place);
    }
    String text = proto + " type" + op(m.negated()) + m.type();
    return m.code().map(c -> text + " " + proto + " code " + c).orElse(text);
  }

  @Override
  public String visitLimit(LimitMatch m) {
    String text = "limit rate " + m.rate() + "/" + m.unit().name().toLowerCase(Locale.ROOT);
    return m.burst().filter(b -> b != 5).map(b -> text + " burst " + b + " packets").orElse(text);
  }

  @Override
  public String visitPolicy(PolicyMatch m) {
    return (m.dir() == PolicyMatch.Dir.IN ? "meta" : "rt")
        + " ipsec "
        + (m.processing() == PolicyMatch.Processing.IPSEC ? "exists" : "missing");
  }

  @Override
  public String visitAddressType(AddressTypeMatch m) {
    return "fib "
        + side(m.direction())
        + " type"
        + op(m.negated())
        + m.type().name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String visitMark(MarkMatch m) {
    String value = String.format("0x%08x", m.value());
    if (m.mask() == 0xffffffffL) {
      return "meta mark" + op(m.negated()) + value;
    }
    return String.format("meta mark & 0x%08x", m.mask()) + (m.negated() ? " != " : " == ") + value;
  }

  @Override
  public String visitOpaque(OpaqueMatch m) {
    throw TablePlan.unsupported("an opaque match", m.module(), place);
  }

  @Override
  public String visitIpRange(IpRangeMatch m) {
    throw TablePlan.unsupported("an address range match", RuleText.of(m), place);
  }

  @Override
  public String visitMac(MacMatch m) {
    throw TablePlan.unsupported("a mac address match", RuleText.of(m), place);
  }

  @Override
  public String visitPacketType(PacketTypeMatch m) {
    throw TablePlan.unsupported("a packet type match", RuleText.of(m), place);
  }

  @Override
  public String visitOwner(OwnerMatch m) {
    throw TablePlan.unsupported("a socket owner match", RuleText.of(m), place);
  }

  /**
   * {@code fib saddr . iif oif exists}: the route back to the source leaves by the input interface
   * ({@code missing} when negated); loose drops {@code . iif}, validmark adds {@code . mark}.
   */
  @Override
  public String visitRpFilter(RpFilterMatch m) {
    if (m.acceptLocal()) {
      throw TablePlan.unsupported(
          "an rpfilter match with --accept-local (nft fib has no such option)",
          RuleText.of(m),
          place);
    }
    return "fib saddr"
        + (m.validMark() ? " . mark" : "")
        + (m.mode() == RpFilterMatch.Mode.STRICT ? " . iif" : "")
        + " oif "
        + (m.negated() ? "missing" : "exists");
  }

  @Override
  public String visitTcpFlags(TcpFlagsMatch m) {
    throw TablePlan.unsupported("a tcp flags match", RuleText.of(m), place);
  }
}
