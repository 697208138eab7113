package dev.rampart.render.nftables;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.RuleRef;
import dev.rampart.core.RuleText;
import dev.rampart.core.Ruleset;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.AddressTypeMatch;
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
import java.util.List;
import java.util.Optional;

/**
 * Writes one rule as one nft rule line. Order: the family ({@code meta nfproto}) when nothing else
 * implies it, addresses and interfaces (iptables' header fields), the protocol with its ports or
 * ICMP types, then the other matches in model order, the verdict or statement, the comment.
 */
final class RuleWriter {
  /** Longest comment nft accepts ({@code NFTNL_UDATA_COMMENT_MAXLEN}). */
  static final int MAX_COMMENT = 128;

  private final Ruleset ruleset;
  private final Rule rule;
  private final RuleRef place;
  private final ListSets lists;
  private final Sorted sorted = new Sorted();

  private RuleWriter(Ruleset ruleset, Rule rule, RuleRef place, ListSets lists) {
    this.ruleset = ruleset;
    this.rule = rule;
    this.place = place;
    this.lists = lists;
    rule.matches().forEach(m -> m.accept(sorted));
  }

  /**
   * Appends the nft rule lines of {@code rule} at {@code place} to {@code out}, each after {@code
   * indent} and ending in a newline: one, or one per element of the list {@code lists} expands.
   *
   * @throws dev.rampart.core.UnsupportedFeatureException when nft cannot express the rule
   */
  static void write(
      Ruleset ruleset, Rule rule, RuleRef place, ListSets lists, String indent, StringBuilder out) {
    rule.target()
        .accept(TargetText.REFUSED)
        .ifPresent(
            feature -> {
              throw TablePlan.unsupported(feature, RuleText.of(rule.target()), place);
            });
    RuleWriter writer = new RuleWriter(ruleset, rule, place, lists);
    ImmutableList<String> alternatives =
        lists.alternatives(writer.sorted.ports, writer.sorted.addresses);
    if (alternatives.isEmpty()) {
      writer.line("", indent, out);
      return;
    }
    for (String alternative : alternatives) {
      writer.line(alternative, indent, out);
    }
  }

  /** The port and address matches of a rule, and whether it holds a rate limit. */
  record Lists(List<PortMatch> ports, List<AddressMatch> addresses, boolean stateful) {}

  /** The port and address matches of {@code rule}, and whether it holds a rate limit. */
  static Lists lists(Rule rule) {
    Sorted sorted = new Sorted();
    rule.matches().forEach(m -> m.accept(sorted));
    return new Lists(sorted.ports, sorted.addresses, sorted.stateful);
  }

  /**
   * Appends the rule line to {@code out}; {@code alternative} is the element of the expanded list,
   * if any. The parts go straight into {@code out}, a space between those that are not empty.
   */
  private void line(String alternative, String indent, StringBuilder out) {
    int start = out.length();
    out.append(indent);
    Line line = new Line(out);
    String target = rule.target().accept(TargetText.OF);
    Optional<Family> family = family(target);
    if (family.isPresent()) {
      line.add("meta nfproto ").append(family.get().label());
    }
    MatchText text = new MatchText(ruleset, place, lists, alternative);
    try {
      for (Match m : sorted.sources) {
        line.add(m.accept(text));
      }
      for (Match m : sorted.destinations) {
        line.add(m.accept(text));
      }
      for (Match m : sorted.inputs) {
        line.add(m.accept(text));
      }
      for (Match m : sorted.outputs) {
        line.add(m.accept(text));
      }
      protocolBlock(text, line);
      for (Match m : sorted.rest) {
        line.add(m.accept(text));
      }
      line.add(target);
      if (rule.comment().isPresent()) {
        String c = rule.comment().get();
        if (c.length() > MAX_COMMENT) {
          throw TablePlan.unsupported(
              "a comment longer than " + MAX_COMMENT + " characters (shorten it)", c, place);
        }
        line.add("comment \"").append(c).append('"');
      }
    } catch (RuntimeException e) {
      out.setLength(start);
      throw e;
    }
    out.append('\n');
  }

  /** The parts of one rule line, appended in place with a space between those not empty. */
  private static final class Line {
    private final StringBuilder out;
    private boolean first = true;

    Line(StringBuilder out) {
      this.out = out;
    }

    /** Appends {@code part} (nothing when empty); returns the text to go on with the part. */
    StringBuilder add(String part) {
      if (part.isEmpty()) {
        return out;
      }
      if (!first) {
        out.append(' ');
      }
      first = false;
      return out.append(part);
    }
  }

  /** The family to state explicitly: the rule's one family when no rendered part implies it. */
  private Optional<Family> family(String target) {
    ImmutableList<Family> families = ruleset.familiesOf(rule);
    if (families.size() != 1) {
      return Optional.empty();
    }
    boolean implied =
        sorted.impliesFamily
            || target.startsWith("reject with icmp"); // icmp and icmpv6 add their own dependency
    return implied ? Optional.empty() : Optional.of(families.get(0));
  }

  private void protocolBlock(MatchText text, Line out) {
    boolean needsContext = sorted.originalPort || rule.target().accept(TargetText.NEEDS_TRANSPORT);
    Optional<ProtocolMatch> proto = sorted.protocol;
    if (proto.isEmpty() || proto.get().negated()) {
      if (sorted.originalPort) {
        throw TablePlan.unsupported(
            "a conntrack original port without a tcp, udp or sctp protocol match (add one)",
            "",
            place);
      }
      if (rule.target().accept(TargetText.NEEDS_TRANSPORT)) {
        throw TablePlan.unsupported(
            "a nat port without a tcp, udp or sctp protocol match (add one)", "", place);
      }
      if (proto.isPresent()) {
        out.add("meta l4proto != ").append(protocolName(proto.get().protocol()));
      }
      return;
    }
    Protocol p = proto.get().protocol();
    boolean implied = !sorted.ports.isEmpty() || !sorted.icmpTypes.isEmpty();
    if (!implied && needsContext && !p.hasPorts()) {
      throw TablePlan.unsupported(
          "a conntrack original port or nat port with a protocol without ports (use tcp, udp or"
              + " sctp)",
          p,
          place);
    }
    if (!implied) {
      out.add("meta l4proto ").append(protocolName(p));
    }
    boolean negatedSource = false;
    boolean negatedDestination = false;
    for (PortMatch m : sorted.ports) {
      negatedSource |= m.negated() && m.direction() == Direction.SOURCE;
      negatedDestination |= m.negated() && m.direction() == Direction.DESTINATION;
    }
    boolean bothNegated = negatedSource && negatedDestination;
    for (PortMatch m : sorted.ports) {
      out.add(text.port(m, p, bothNegated));
    }
    for (IcmpTypeMatch m : sorted.icmpTypes) {
      out.add(m.accept(text));
    }
  }

  /** The name nft uses for a protocol in {@code meta l4proto}, or its number. */
  static String protocolName(Protocol p) {
    return p.name().orElse(Integer.toString(p.number()));
  }

  /** Sorts matches into header fields, protocol parts and the rest. */
  private static final class Sorted implements Match.Visitor<Sorted> {
    // most rules hold one match of a kind or none: a list is made at its kind's first match
    List<Match> sources = List.of();
    List<Match> destinations = List.of();
    List<Match> inputs = List.of();
    List<Match> outputs = List.of();
    List<PortMatch> ports = List.of();
    List<IcmpTypeMatch> icmpTypes = List.of();
    List<Match> rest = List.of();
    List<AddressMatch> addresses = List.of();
    Optional<ProtocolMatch> protocol = Optional.empty();
    boolean impliesFamily;

    /** {@code list} with {@code m} added, made mutable at its first element. */
    private static <T> List<T> add(List<T> list, T m) {
      List<T> to = list.isEmpty() ? new ArrayList<>(2) : list;
      to.add(m);
      return to;
    }

    boolean stateful;
    boolean originalPort;

    @Override
    public Sorted visitProtocol(ProtocolMatch m) {
      protocol = Optional.of(m);
      return this;
    }

    @Override
    public Sorted visitAddress(AddressMatch m) {
      impliesFamily = true;
      if (m.direction() == Direction.SOURCE) {
        sources = add(sources, m);
      } else {
        destinations = add(destinations, m);
      }
      addresses = add(addresses, m);
      return this;
    }

    @Override
    public Sorted visitSet(SetMatch m) {
      impliesFamily = true;
      rest = add(rest, m);
      return this;
    }

    @Override
    public Sorted visitPort(PortMatch m) {
      ports = add(ports, m);
      return this;
    }

    @Override
    public Sorted visitInterface(InterfaceMatch m) {
      if (m.side() == InterfaceMatch.Side.IN) {
        inputs = add(inputs, m);
      } else {
        outputs = add(outputs, m);
      }
      return this;
    }

    @Override
    public Sorted visitConntrackState(ConntrackStateMatch m) {
      rest = add(rest, m);
      return this;
    }

    @Override
    public Sorted visitConntrackOriginal(ConntrackOriginalMatch m) {
      originalPort |= m.destinationPort().isPresent();
      rest = add(rest, m);
      return this;
    }

    @Override
    public Sorted visitIcmpType(IcmpTypeMatch m) {
      impliesFamily = true;
      icmpTypes = add(icmpTypes, m);
      return this;
    }

    @Override
    public Sorted visitLimit(LimitMatch m) {
      stateful = true;
      rest = add(rest, m);
      return this;
    }

    @Override
    public Sorted visitPolicy(PolicyMatch m) {
      rest = add(rest, m);
      return this;
    }

    @Override
    public Sorted visitAddressType(AddressTypeMatch m) {
      rest = add(rest, m);
      return this;
    }

    @Override
    public Sorted visitMark(MarkMatch m) {
      rest = add(rest, m);
      return this;
    }

    @Override
    public Sorted visitOpaque(OpaqueMatch m) {
      rest = add(rest, m);
      return this;
    }

    @Override
    public Sorted visitIpRange(IpRangeMatch m) {
      rest = add(rest, m);
      return this;
    }

    @Override
    public Sorted visitMac(MacMatch m) {
      rest = add(rest, m);
      return this;
    }

    @Override
    public Sorted visitPacketType(PacketTypeMatch m) {
      rest = add(rest, m);
      return this;
    }

    @Override
    public Sorted visitOwner(OwnerMatch m) {
      rest = add(rest, m);
      return this;
    }

    @Override
    public Sorted visitRpFilter(RpFilterMatch m) {
      rest = add(rest, m);
      return this;
    }

    @Override
    public Sorted visitTcpFlags(TcpFlagsMatch m) {
      rest = add(rest, m);
      return this;
    }
  }
}
