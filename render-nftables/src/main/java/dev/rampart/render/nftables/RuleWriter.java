package dev.rampart.render.nftables;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.AddressSet;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.AddressTypeMatch;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.ConntrackOriginalMatch;
import dev.rampart.core.match.ConntrackStateMatch;
import dev.rampart.core.match.Direction;
import dev.rampart.core.match.IcmpTypeMatch;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.LimitMatch;
import dev.rampart.core.match.MarkMatch;
import dev.rampart.core.match.Match;
import dev.rampart.core.match.PolicyMatch;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Masquerade;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Snat;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes one rule as one nft rule line. Order: the family ({@code meta nfproto}) when nothing else
 * implies it, addresses and interfaces (iptables' header fields), the protocol with its ports or
 * ICMP types, then the other matches in model order, the verdict or statement, the comment.
 */
final class RuleWriter {
  /** Longest comment nft accepts ({@code NFTNL_UDATA_COMMENT_MAXLEN}). */
  static final int MAX_COMMENT = 128;

  private static final ImmutableList<ConnState> STATE_ORDER =
      ImmutableList.of(
          ConnState.INVALID,
          ConnState.ESTABLISHED,
          ConnState.RELATED,
          ConnState.NEW,
          ConnState.UNTRACKED);

  private final Ruleset ruleset;
  private final Rule rule;
  private final String place;
  private final Sorted sorted = new Sorted();

  private RuleWriter(Ruleset ruleset, Rule rule, String place) {
    this.ruleset = ruleset;
    this.rule = rule;
    this.place = place;
    rule.matches().forEach(m -> m.accept(sorted));
  }

  /**
   * The nft text of {@code rule} at {@code place}.
   *
   * @throws dev.rampart.core.UnsupportedFeatureException when nft cannot express the rule
   */
  static String write(Ruleset ruleset, Rule rule, String place) {
    return new RuleWriter(ruleset, rule, place).text();
  }

  /** The names of the sets {@code rule} matches. */
  static ImmutableList<String> setNames(Rule rule) {
    Sorted sorted = new Sorted();
    rule.matches().forEach(m -> m.accept(sorted));
    return ImmutableList.copyOf(sorted.setNames);
  }

  private String text() {
    List<String> parts = new ArrayList<>();
    family().ifPresent(f -> parts.add("meta nfproto " + f.label()));
    for (List<Match> header :
        List.of(sorted.sources, sorted.destinations, sorted.inputs, sorted.outputs)) {
      header.forEach(m -> parts.add(m.accept(MatchText.OF)));
    }
    parts.addAll(protocolBlock());
    for (Match m : sorted.rest) {
      parts.add(m.accept(new MatchText(ruleset, place)));
    }
    parts.add(rule.target().accept(TargetText.OF));
    rule.comment()
        .ifPresent(
            c -> {
              if (c.length() > MAX_COMMENT) {
                throw TablePlan.unsupported(
                    "a comment longer than " + MAX_COMMENT + " characters; shorten it", place);
              }
              parts.add("comment \"" + c + "\"");
            });
    return parts.stream().filter(s -> !s.isEmpty()).collect(Collectors.joining(" "));
  }

  /** The family to state explicitly: the rule's one family when no rendered part implies it. */
  private Optional<Family> family() {
    ImmutableList<Family> families = ruleset.familiesOf(rule);
    if (families.size() != 1) {
      return Optional.empty();
    }
    boolean implied =
        sorted.impliesFamily
            || rule.target()
                .accept(TargetText.OF)
                .startsWith("reject with icmp"); // icmp and icmpv6 add their own dependency
    return implied ? Optional.empty() : Optional.of(families.get(0));
  }

  private List<String> protocolBlock() {
    List<String> out = new ArrayList<>();
    boolean needsContext = sorted.originalPort || rule.target().accept(TargetText.NEEDS_TRANSPORT);
    Optional<ProtocolMatch> proto = sorted.protocol;
    if (proto.isEmpty() || proto.get().negated()) {
      if (sorted.originalPort) {
        throw TablePlan.unsupported(
            "a conntrack original port without a tcp, udp or sctp protocol match; add one", place);
      }
      if (rule.target().accept(TargetText.NEEDS_TRANSPORT)) {
        throw TablePlan.unsupported(
            "a nat port without a tcp, udp or sctp protocol match; add one", place);
      }
      proto.ifPresent(p -> out.add("meta l4proto != " + protocolName(p.protocol())));
      return out;
    }
    Protocol p = proto.get().protocol();
    boolean implied = !sorted.ports.isEmpty() || !sorted.icmpTypes.isEmpty();
    if (!implied && needsContext && !p.hasPorts()) {
      throw TablePlan.unsupported(
          "a conntrack original port or nat port with protocol " + p + "; use tcp, udp or sctp",
          place);
    }
    if (!implied) {
      out.add("meta l4proto " + protocolName(p));
    }
    MatchText text = new MatchText(ruleset, place);
    sorted.ports.forEach(m -> out.add(text.port(m, p)));
    sorted.icmpTypes.forEach(m -> out.add(m.accept(text)));
    return out;
  }

  /** The name nft uses for a protocol in {@code meta l4proto}, or its number. */
  static String protocolName(Protocol p) {
    return p.name().orElse(Integer.toString(p.number()));
  }

  /** Sorts matches into header fields, protocol parts and the rest. */
  private static final class Sorted implements Match.Visitor<Sorted> {
    final List<Match> sources = new ArrayList<>();
    final List<Match> destinations = new ArrayList<>();
    final List<Match> inputs = new ArrayList<>();
    final List<Match> outputs = new ArrayList<>();
    final List<PortMatch> ports = new ArrayList<>();
    final List<IcmpTypeMatch> icmpTypes = new ArrayList<>();
    final List<Match> rest = new ArrayList<>();
    final List<String> setNames = new ArrayList<>();
    Optional<ProtocolMatch> protocol = Optional.empty();
    boolean impliesFamily;
    boolean originalPort;

    @Override
    public Sorted visitProtocol(ProtocolMatch m) {
      protocol = Optional.of(m);
      return this;
    }

    @Override
    public Sorted visitAddress(AddressMatch m) {
      impliesFamily = true;
      (m.direction() == Direction.SOURCE ? sources : destinations).add(m);
      return this;
    }

    @Override
    public Sorted visitSet(SetMatch m) {
      impliesFamily = true;
      setNames.add(m.setName());
      rest.add(m);
      return this;
    }

    @Override
    public Sorted visitPort(PortMatch m) {
      ports.add(m);
      return this;
    }

    @Override
    public Sorted visitInterface(InterfaceMatch m) {
      (m.side() == InterfaceMatch.Side.IN ? inputs : outputs).add(m);
      return this;
    }

    @Override
    public Sorted visitConntrackState(ConntrackStateMatch m) {
      rest.add(m);
      return this;
    }

    @Override
    public Sorted visitConntrackOriginal(ConntrackOriginalMatch m) {
      originalPort |= m.destinationPort().isPresent();
      rest.add(m);
      return this;
    }

    @Override
    public Sorted visitIcmpType(IcmpTypeMatch m) {
      impliesFamily = true;
      icmpTypes.add(m);
      return this;
    }

    @Override
    public Sorted visitLimit(LimitMatch m) {
      rest.add(m);
      return this;
    }

    @Override
    public Sorted visitPolicy(PolicyMatch m) {
      rest.add(m);
      return this;
    }

    @Override
    public Sorted visitAddressType(AddressTypeMatch m) {
      rest.add(m);
      return this;
    }

    @Override
    public Sorted visitMark(MarkMatch m) {
      rest.add(m);
      return this;
    }
  }

  /** The nft text of each match. */
  static final class MatchText implements Match.Visitor<String> {
    static final MatchText OF = new MatchText(Optional.empty(), "");

    private final Optional<Ruleset> ruleset;
    private final String place;

    MatchText(Ruleset ruleset, String place) {
      this(Optional.of(ruleset), place);
    }

    private MatchText(Optional<Ruleset> ruleset, String place) {
      this.ruleset = ruleset;
      this.place = place;
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

    String port(PortMatch m, Protocol p) {
      String field = m.direction() == Direction.SOURCE ? "sport" : "dport";
      String value =
          m.isSingleRange()
              ? m.ports().get(0).toString()
              : "{ " + Intervals.ports(m.ports()) + " }";
      return protocolName(p) + " " + field + op(m.negated()) + value;
    }

    @Override
    public String visitProtocol(ProtocolMatch m) {
      throw new AssertionError("protocol is rendered with its block");
    }

    @Override
    public String visitAddress(AddressMatch m) {
      String value =
          m.addresses().size() == 1
              ? Intervals.cidr(m.addresses().get(0))
              : "{ " + Intervals.addresses(m.addresses()) + " }";
      return ip(m.family()) + " " + side(m.direction()) + op(m.negated()) + value;
    }

    @Override
    public String visitSet(SetMatch m) {
      NftNames.problem(m.setName())
          .ifPresent(
              p -> {
                throw TablePlan.unsupported("set name " + m.setName() + ": " + p, place);
              });
      Family f =
          ruleset.flatMap(r -> r.set(m.setName())).map(AddressSet::family).orElse(Family.IPV4);
      return ip(f) + " " + side(m.direction()) + op(m.negated()) + "@" + m.setName();
    }

    @Override
    public String visitPort(PortMatch m) {
      throw new AssertionError("ports are rendered with their protocol");
    }

    @Override
    public String visitInterface(InterfaceMatch m) {
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
      List<String> states = new ArrayList<>();
      for (ConnState s : m.states()) {
        if (s == ConnState.SNAT || s == ConnState.DNAT) {
          nat.add(s);
        }
      }
      STATE_ORDER.stream()
          .filter(m.states()::contains)
          .forEach(s -> states.add(s.name().toLowerCase(Locale.ROOT)));
      if (!nat.isEmpty() && !states.isEmpty()) {
        throw TablePlan.unsupported(
            "conntrack states mixed with SNAT or DNAT in one match: nft tests them as ct state and"
                + " ct status; write one rule for each",
            place);
      }
      if (!nat.isEmpty()) {
        String flags =
            nat.stream()
                .map(s -> s.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(","));
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
            "a negated ICMP type with a code: nft cannot negate the pair in one rule; match the"
                + " type and code with RETURN or DROP in a chain of their own",
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
          + (m.policy() == PolicyMatch.Policy.IPSEC ? "exists" : "missing");
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
      return String.format("meta mark & 0x%08x", m.mask())
          + (m.negated() ? " != " : " == ")
          + value;
    }
  }

  /** The nft text of each target. */
  enum TargetText implements dev.rampart.core.target.Target.Visitor<String> {
    OF;

    static final dev.rampart.core.target.Target.Visitor<Boolean> NEEDS_TRANSPORT =
        new dev.rampart.core.target.Target.Visitor<>() {
          @Override
          public Boolean visitVerdict(dev.rampart.core.target.Verdict t) {
            return false;
          }

          @Override
          public Boolean visitReject(Reject t) {
            return t.with().filter(w -> w == Reject.With.TCP_RESET).isPresent();
          }

          @Override
          public Boolean visitJump(dev.rampart.core.target.Jump t) {
            return false;
          }

          @Override
          public Boolean visitLog(dev.rampart.core.target.Log t) {
            return false;
          }

          @Override
          public Boolean visitDnat(Dnat t) {
            return t.port().isPresent();
          }

          @Override
          public Boolean visitSnat(Snat t) {
            return t.port().isPresent();
          }

          @Override
          public Boolean visitMasquerade(Masquerade t) {
            return t.ports().isPresent();
          }
        };

    private static final ImmutableList<String> LEVELS =
        ImmutableList.of("emerg", "alert", "crit", "err", "warn", "notice", "info", "debug");

    @Override
    public String visitVerdict(dev.rampart.core.target.Verdict t) {
      return t.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String visitReject(Reject t) {
      if (t.with().isEmpty()) {
        return "reject";
      }
      Reject.With w = t.with().get();
      if (w == Reject.With.TCP_RESET) {
        return "reject with tcp reset";
      }
      String name = w.name().toLowerCase(Locale.ROOT).replace('_', '-');
      return switch (w) {
        case ICMP6_ADM_PROHIBITED -> "reject with icmpv6 admin-prohibited";
        case ICMP6_PORT_UNREACHABLE, ICMP6_NO_ROUTE, ICMP6_ADDR_UNREACHABLE ->
            "reject with icmpv6 " + name.substring("icmp6-".length());
        default -> "reject with icmp " + name.substring("icmp-".length());
      };
    }

    @Override
    public String visitJump(dev.rampart.core.target.Jump t) {
      return (t.isGoto() ? "goto " : "jump ") + t.target();
    }

    @Override
    public String visitLog(dev.rampart.core.target.Log t) {
      StringBuilder out = new StringBuilder("log");
      t.prefix().ifPresent(p -> out.append(" prefix \"").append(p).append('"'));
      t.level().filter(l -> l != 4).ifPresent(l -> out.append(" level ").append(LEVELS.get(l)));
      return out.toString();
    }

    @Override
    public String visitDnat(Dnat t) {
      return "dnat " + nat(t.address(), t.port());
    }

    @Override
    public String visitSnat(Snat t) {
      return "snat " + nat(t.address(), t.port());
    }

    @Override
    public String visitMasquerade(Masquerade t) {
      return t.ports().map(p -> "masquerade to :" + p).orElse("masquerade");
    }

    private static String nat(
        dev.rampart.core.Cidr address, Optional<dev.rampart.core.match.PortRange> port) {
      String host = Intervals.cidr(address);
      if (address.family() == Family.IPV4) {
        return "ip to " + host + port.map(p -> ":" + p).orElse("");
      }
      return "ip6 to " + port.map(p -> "[" + host + "]:" + p).orElse(host);
    }
  }
}
