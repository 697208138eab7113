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
   * The nft rule lines of {@code rule} at {@code place}: one, or one per element of the list {@code
   * lists} expands.
   *
   * @throws dev.rampart.core.UnsupportedFeatureException when nft cannot express the rule
   */
  static ImmutableList<String> write(Ruleset ruleset, Rule rule, RuleRef place, ListSets lists) {
    rule.target()
        .accept(TargetText.REFUSED)
        .ifPresent(
            feature -> {
              throw TablePlan.unsupported(feature, RuleText.of(rule.target()), place);
            });
    RuleWriter writer = new RuleWriter(ruleset, rule, place, lists);
    ImmutableList<String> alternatives = lists.alternatives(rule);
    if (alternatives.isEmpty()) {
      return ImmutableList.of(writer.text(""));
    }
    return alternatives.stream().map(writer::text).collect(ImmutableList.toImmutableList());
  }

  /** The port and address matches of a rule, and whether it holds a rate limit. */
  record Lists(
      ImmutableList<PortMatch> ports, ImmutableList<AddressMatch> addresses, boolean stateful) {}

  /** The port and address matches of {@code rule}, and whether it holds a rate limit. */
  static Lists lists(Rule rule) {
    Sorted sorted = new Sorted();
    rule.matches().forEach(m -> m.accept(sorted));
    return new Lists(
        ImmutableList.copyOf(sorted.ports),
        ImmutableList.copyOf(sorted.addresses),
        sorted.stateful);
  }

  /** The names of the sets {@code rule} matches. */
  static ImmutableList<String> setNames(Rule rule) {
    Sorted sorted = new Sorted();
    rule.matches().forEach(m -> m.accept(sorted));
    return ImmutableList.copyOf(sorted.setNames);
  }

  /** The rule line; {@code alternative} is the element of the expanded list, if any. */
  private String text(String alternative) {
    List<String> parts = new ArrayList<>();
    family().ifPresent(f -> parts.add("meta nfproto " + f.label()));
    MatchText text = new MatchText(ruleset, place, lists, alternative);
    for (List<Match> header :
        List.of(sorted.sources, sorted.destinations, sorted.inputs, sorted.outputs)) {
      header.forEach(m -> parts.add(m.accept(text)));
    }
    parts.addAll(protocolBlock(text));
    for (Match m : sorted.rest) {
      parts.add(m.accept(text));
    }
    parts.add(rule.target().accept(TargetText.OF));
    rule.comment()
        .ifPresent(
            c -> {
              if (c.length() > MAX_COMMENT) {
                throw TablePlan.unsupported(
                    "a comment longer than " + MAX_COMMENT + " characters (shorten it)", c, place);
              }
              parts.add("comment \"" + c + "\"");
            });
    StringBuilder line = new StringBuilder();
    for (String part : parts) {
      if (!part.isEmpty()) {
        line.append(line.length() == 0 ? "" : " ").append(part);
      }
    }
    return line.toString();
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

  private List<String> protocolBlock(MatchText text) {
    List<String> out = new ArrayList<>();
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
      proto.ifPresent(p -> out.add("meta l4proto != " + protocolName(p.protocol())));
      return out;
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
      out.add("meta l4proto " + protocolName(p));
    }
    boolean bothNegated =
        sorted.ports.stream().anyMatch(m -> m.negated() && m.direction() == Direction.SOURCE)
            && sorted.ports.stream()
                .anyMatch(m -> m.negated() && m.direction() == Direction.DESTINATION);
    sorted.ports.forEach(m -> out.add(text.port(m, p, bothNegated)));
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
    final List<AddressMatch> addresses = new ArrayList<>();
    final List<String> setNames = new ArrayList<>();
    Optional<ProtocolMatch> protocol = Optional.empty();
    boolean impliesFamily;
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
      (m.direction() == Direction.SOURCE ? sources : destinations).add(m);
      addresses.add(m);
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
