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
import org.jspecify.annotations.Nullable;

/**
 * Writes rules as nft rule lines, one rule after the other. Order in a line: the family ({@code
 * meta nfproto}) when nothing else implies it, addresses and interfaces (iptables' header fields),
 * the protocol with its ports or ICMP types, then the other matches in model order, the verdict or
 * statement, the comment.
 */
final class RuleWriter {
  /** Longest comment nft accepts ({@code NFTNL_UDATA_COMMENT_MAXLEN}). */
  static final int MAX_COMMENT = 128;

  private final Ruleset ruleset;
  private final ListSets lists;

  /** The matches of the rule being written; reused from rule to rule. */
  private final Sorted sorted = new Sorted();

  /** The values of the port and address matches of the rule being written. */
  private ListSets.Listed[] values = {};

  /** A writer of the rules of one table of {@code ruleset}, whose lists are written as said. */
  RuleWriter(Ruleset ruleset, ListSets lists) {
    this.ruleset = ruleset;
    this.lists = lists;
  }

  /**
   * Appends the nft rule lines of {@code rule}, the rule at {@code index} of the table ({@link
   * ListSets#valuesOf}), at {@code place} to {@code out}, each after {@code indent} and ending in a
   * newline: one, or one per element of the list {@code lists} expands.
   *
   * @throws dev.rampart.core.UnsupportedFeatureException when nft cannot express the rule
   */
  void write(Rule rule, int index, RuleRef place, String indent, StringBuilder out) {
    rule.target()
        .accept(TargetText.REFUSED)
        .ifPresent(
            feature -> {
              throw TablePlan.unsupported(feature, RuleText.of(rule.target()), place);
            });
    sorted.sort(rule);
    values = lists.valuesOf(index);
    ImmutableList<String> alternatives = lists.alternatives(values);
    if (alternatives.isEmpty()) {
      line(rule, place, "", indent, out);
      return;
    }
    for (String alternative : alternatives) {
      line(rule, place, alternative, indent, out);
    }
  }

  /**
   * Appends the rule line to {@code out}; {@code alternative} is the element of the expanded list,
   * if any. The parts go straight into {@code out}, a space between those that are not empty.
   */
  private void line(
      Rule rule, RuleRef place, String alternative, String indent, StringBuilder out) {
    int start = out.length();
    out.append(indent);
    Line line = new Line(out);
    String target = rule.target().accept(TargetText.OF);
    Optional<Family> family = family(rule, target);
    if (family.isPresent()) {
      line.add("meta nfproto ").append(family.get().label());
    }
    MatchText text = new MatchText(ruleset, place, lists, alternative);
    try {
      addresses(sorted.sources, text, line);
      addresses(sorted.destinations, text, line);
      addAll(sorted.inputs, text, line);
      addAll(sorted.outputs, text, line);
      protocolBlock(rule, place, text, line);
      addAll(sorted.rest, text, line);
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

  private void addresses(List<AddressMatch> matches, MatchText text, Line line) {
    for (int i = 0; i < matches.size(); i++) {
      AddressMatch m = matches.get(i);
      text.address(line.next(), m, valueOf(m));
    }
  }

  /** The value of address match {@code m} of the rule being written. */
  private ListSets.Listed valueOf(AddressMatch m) {
    for (int j = 0; j < sorted.addresses.size(); j++) {
      if (sorted.addresses.get(j) == m) {
        return values[sorted.ports.size() + j];
      }
    }
    throw new AssertionError("an address match of the rule: " + m);
  }

  private static void addAll(List<? extends Match> matches, MatchText text, Line line) {
    for (int i = 0; i < matches.size(); i++) {
      line.add(matches.get(i).accept(text));
    }
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
      return next().append(part);
    }

    /** Starts a part that is not empty: returns the text to append it to. */
    StringBuilder next() {
      if (!first) {
        out.append(' ');
      }
      first = false;
      return out;
    }
  }

  /** The family to state explicitly: the rule's one family when no rendered part implies it. */
  private Optional<Family> family(Rule rule, String target) {
    ImmutableList<Family> families = ruleset.familiesOf(rule);
    if (families.size() != 1) {
      return Optional.empty();
    }
    boolean implied =
        sorted.impliesFamily
            || target.startsWith("reject with icmp"); // icmp and icmpv6 add their own dependency
    return implied ? Optional.empty() : Optional.of(families.get(0));
  }

  private void protocolBlock(Rule rule, RuleRef place, MatchText text, Line out) {
    boolean needsContext = sorted.originalPort || rule.target().accept(TargetText.NEEDS_TRANSPORT);
    Optional<ProtocolMatch> proto = Optional.ofNullable(sorted.protocol);
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
    List<PortMatch> ports = sorted.ports;
    for (int i = 0; i < ports.size(); i++) {
      PortMatch m = ports.get(i);
      negatedSource |= m.negated() && m.direction() == Direction.SOURCE;
      negatedDestination |= m.negated() && m.direction() == Direction.DESTINATION;
    }
    boolean bothNegated = negatedSource && negatedDestination;
    for (int i = 0; i < ports.size(); i++) {
      text.port(out.next(), ports.get(i), values[i], p, bothNegated);
    }
    addAll(sorted.icmpTypes, text, out);
  }

  /** The name nft uses for a protocol in {@code meta l4proto}, or its number. */
  static String protocolName(Protocol p) {
    Optional<String> name = p.name();
    return name.isPresent() ? name.get() : Integer.toString(p.number());
  }

  /**
   * The matches of one rule sorted into header fields, protocol parts and the rest. One instance
   * sorts rule after rule ({@link #sort}), so its lists are made once per table, not per rule.
   */
  static final class Sorted implements Match.Visitor<Sorted> {
    private final List<AddressMatch> sources = new ArrayList<>(2);
    private final List<AddressMatch> destinations = new ArrayList<>(2);
    private final List<Match> inputs = new ArrayList<>(2);
    private final List<Match> outputs = new ArrayList<>(2);
    private final List<PortMatch> ports = new ArrayList<>(2);
    private final List<IcmpTypeMatch> icmpTypes = new ArrayList<>(2);
    private final List<Match> rest = new ArrayList<>(4);
    private final List<AddressMatch> addresses = new ArrayList<>(2);
    private @Nullable ProtocolMatch protocol;
    private boolean impliesFamily;
    private boolean stateful;
    private boolean originalPort;

    /** Sorts the matches of {@code rule}, forgetting the rule sorted before. */
    Sorted sort(Rule rule) {
      sources.clear();
      destinations.clear();
      inputs.clear();
      outputs.clear();
      ports.clear();
      icmpTypes.clear();
      rest.clear();
      addresses.clear();
      protocol = null;
      impliesFamily = false;
      stateful = false;
      originalPort = false;
      List<Match> matches = rule.matches();
      for (int i = 0; i < matches.size(); i++) {
        matches.get(i).accept(this);
      }
      return this;
    }

    /** The port matches of the rule sorted last. */
    List<PortMatch> ports() {
      return ports;
    }

    /** The address matches of the rule sorted last. */
    List<AddressMatch> addresses() {
      return addresses;
    }

    /** Whether the rule sorted last holds a rate limit. */
    boolean stateful() {
      return stateful;
    }

    @Override
    public Sorted visitProtocol(ProtocolMatch m) {
      protocol = m;
      return this;
    }

    @Override
    public Sorted visitAddress(AddressMatch m) {
      impliesFamily = true;
      if (m.direction() == Direction.SOURCE) {
        sources.add(m);
      } else {
        destinations.add(m);
      }
      addresses.add(m);
      return this;
    }

    @Override
    public Sorted visitSet(SetMatch m) {
      impliesFamily = true;
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
      if (m.side() == InterfaceMatch.Side.IN) {
        inputs.add(m);
      } else {
        outputs.add(m);
      }
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
      stateful = true;
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

    @Override
    public Sorted visitOpaque(OpaqueMatch m) {
      rest.add(m);
      return this;
    }

    @Override
    public Sorted visitIpRange(IpRangeMatch m) {
      rest.add(m);
      return this;
    }

    @Override
    public Sorted visitMac(MacMatch m) {
      rest.add(m);
      return this;
    }

    @Override
    public Sorted visitPacketType(PacketTypeMatch m) {
      rest.add(m);
      return this;
    }

    @Override
    public Sorted visitOwner(OwnerMatch m) {
      rest.add(m);
      return this;
    }

    @Override
    public Sorted visitRpFilter(RpFilterMatch m) {
      rest.add(m);
      return this;
    }

    @Override
    public Sorted visitTcpFlags(TcpFlagsMatch m) {
      rest.add(m);
      return this;
    }
  }
}
