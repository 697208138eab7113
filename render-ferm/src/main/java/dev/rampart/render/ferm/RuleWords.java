package dev.rampart.render.ferm;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.AddressSet;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.RuleFacts;
import dev.rampart.core.RuleRef;
import dev.rampart.core.Ruleset;
import dev.rampart.core.UnsupportedFeatureException;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.AddressTypeMatch;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.ConntrackOriginalMatch;
import dev.rampart.core.match.ConntrackStateMatch;
import dev.rampart.core.match.Direction;
import dev.rampart.core.match.HeaderField;
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
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.RpFilterMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.match.TcpFlag;
import dev.rampart.core.match.TcpFlagsMatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The words of one rule, in groups ({@code proto tcp}, {@code dport 22}, ..., the target last).
 * Header matches (interfaces, protocol, addresses) come first, since ferm reads {@code proto} after
 * {@code mod policy} as the policy's own option; every other match keeps its place in the model,
 * because its place is its place in the kernel.
 */
final class RuleWords implements Match.Visitor<RuleWords.Group> {
  /**
   * The words of one match and the addresses ferm writes one kernel rule each for: a non-negated
   * address list, an inline set (empty for every other match).
   */
  record Group(String words, List<Cidr> expands) {
    static Group of(String words) {
      return new Group(words, List.of());
    }
  }

  private final Ruleset ruleset;
  private final Definitions defs;
  private final boolean inlineSets;
  private final RuleRef place;
  private final Map<String, Integer> modules = new HashMap<>();
  private final RuleFacts facts;

  private RuleWords(
      Ruleset ruleset, Definitions defs, boolean inlineSets, RuleFacts facts, RuleRef place) {
    this.facts = facts;
    this.ruleset = ruleset;
    this.defs = defs;
    this.inlineSets = inlineSets;
    this.place = place;
  }

  /**
   * Returns the groups of {@code rule}, the target last.
   *
   * @throws UnsupportedFeatureException for what ferm cannot say, naming {@code place}
   */
  static ImmutableList<String> of(
      Ruleset ruleset, Definitions defs, boolean inlineSets, Rule rule, RuleRef place) {
    return of(ruleset, defs, inlineSets, rule, RuleFacts.of(rule, ruleset), place);
  }

  /**
   * Returns the groups of {@code rule}, the target last, with the {@code facts} the caller derived
   * already.
   *
   * @throws UnsupportedFeatureException for what ferm cannot say, naming {@code place}
   */
  static ImmutableList<String> of(
      Ruleset ruleset,
      Definitions defs,
      boolean inlineSets,
      Rule rule,
      RuleFacts facts,
      RuleRef place) {
    RuleWords words = new RuleWords(ruleset, defs, inlineSets, facts, place);
    List<Group> groups = new ArrayList<>();
    for (int rank = 0; rank < 4; rank++) {
      for (Match m : rule.matches()) {
        if (words.headerRank(m) == rank) {
          groups.add(m.accept(words));
        }
      }
    }
    for (Match m : rule.matches()) {
      if (words.headerRank(m) < 0) {
        groups.add(m.accept(words));
      }
    }
    words.checkExpansion(rule, groups);
    ImmutableList.Builder<String> out = ImmutableList.builder();
    groups.forEach(g -> out.add(g.words()));
    rule.comment().ifPresent(c -> out.add("mod comment comment " + FermText.quoted(c)));
    out.add(rule.target().accept(new TargetWords(place)));
    return out.build();
  }

  /** Interfaces, protocol, addresses (and inline sets) first, in this order; -1 for the rest. */
  private int headerRank(Match m) {
    if (inlineSets && m.namedSet().isPresent()) {
      return 3;
    }
    return m.headerField().map(RuleWords::rank).orElse(-1);
  }

  private static int rank(HeaderField field) {
    return switch (field) {
      case IN_INTERFACE -> 0;
      case OUT_INTERFACE -> 1;
      case PROTOCOL -> 2;
      case SOURCE, DESTINATION -> 3;
    };
  }

  private UnsupportedFeatureException unsupported(String feature, Object value) {
    return new UnsupportedFeatureException(
        FermRenderer.BACKEND, feature, String.valueOf(value), place);
  }

  private static String join(List<?> values) {
    return values.stream().map(Object::toString).collect(Collectors.joining(","));
  }

  /** Counts a use of a ferm module or option that may appear once per rule. */
  private void once(String what) {
    if (modules.merge(what, 1, Integer::sum) > 1) {
      throw unsupported(
          "two matches of one kind in one rule (ferm merges them into one match)", what);
    }
  }

  /**
   * ferm writes one kernel rule per element of an address list or inline set. That is the same rule
   * only when no rate limit counts across them, and when a packet cannot match two of them
   * (disjoint elements) unless the first match ends the chain for it.
   */
  private void checkExpansion(Rule rule, List<Group> groups) {
    List<Cidr> expands = List.of();
    List<Cidr> overlapping = List.of();
    for (Group g : groups) {
      List<Cidr> elements = g.expands();
      if (expands.isEmpty() && elements.size() > 1) {
        expands = elements;
      }
      if (overlapping.isEmpty() && overlaps(elements)) {
        overlapping = elements;
      }
    }
    if (expands.isEmpty()) {
      return;
    }
    if (!facts.limits().isEmpty()) {
      throw unsupported(
          "a rate limit on an address list or inline set (one limit per element)", join(expands));
    }
    if (!overlapping.isEmpty() && rule.target().mayContinue()) {
      throw unsupported(
          "a LOG or jump on an address list or inline set with overlapping elements",
          join(overlapping));
    }
  }

  private static boolean overlaps(List<Cidr> list) {
    for (int i = 0; i < list.size(); i++) {
      for (int j = i + 1; j < list.size(); j++) {
        if (list.get(i).contains(list.get(j)) || list.get(j).contains(list.get(i))) {
          return true;
        }
      }
    }
    return false;
  }

  private static String not(boolean negated) {
    return negated ? "! " : "";
  }

  private static String addressKeyword(Direction d) {
    return d == Direction.SOURCE ? "saddr" : "daddr";
  }

  @Override
  public Group visitProtocol(ProtocolMatch m) {
    return Group.of("proto " + not(m.negated()) + m.protocol());
  }

  @Override
  public Group visitAddress(AddressMatch m) {
    once(addressKeyword(m.direction()) + " matches");
    String value =
        defs.list(m.addresses())
            .orElseGet(() -> FermText.list(m.addresses().stream().map(FermText::address).toList()));
    return new Group(
        addressKeyword(m.direction()) + " " + not(m.negated()) + value,
        m.negated() ? List.of() : m.addresses());
  }

  @Override
  public Group visitSet(SetMatch m) {
    String dir = m.direction() == Direction.SOURCE ? "src" : "dst";
    if (inlineSets) {
      if (m.negated()) {
        throw unsupported("a negated set match with inline sets", "! " + m.setName());
      }
      once(addressKeyword(m.direction()) + " matches");
      return new Group(
          addressKeyword(m.direction()) + " " + defs.set(m.setName()),
          ruleset.set(m.setName()).map(AddressSet::elements).orElseThrow().asList());
    }
    once("set matches");
    return Group.of("mod set " + not(m.negated()) + "match-set " + m.setName() + " " + dir);
  }

  @Override
  public Group visitPort(PortMatch m) {
    String keyword = m.direction() == Direction.SOURCE ? "sport" : "dport";
    if (m.isSingleRange()) {
      if (modules.containsKey("multiport matches")) {
        throw unsupported(
            "a single "
                + keyword
                + " after a port list (iptables-restore would read it as multiport's --"
                + keyword
                + "s); put the single port first",
            m.ports().get(0));
      }
      return Group.of(keyword + " " + not(m.negated()) + FermText.ports(m.ports().get(0)));
    }
    once("multiport matches");
    if (facts.protocol().filter(p -> p.number() == 6 || p.number() == 17).isEmpty()) {
      throw unsupported(
          "a port list without protocol tcp or udp (ferm's multiport)", join(m.ports()));
    }
    String ports = "(" + String.join(" ", m.ports().stream().map(FermText::ports).toList()) + ")";
    String option = m.direction() == Direction.SOURCE ? "source-ports" : "destination-ports";
    return Group.of("mod multiport " + option + " " + not(m.negated()) + ports);
  }

  @Override
  public Group visitInterface(InterfaceMatch m) {
    String keyword = m.side() == InterfaceMatch.Side.IN ? "interface" : "outerface";
    return Group.of(keyword + " " + not(m.negated()) + m.name());
  }

  @Override
  public Group visitConntrackState(ConntrackStateMatch m) {
    once("conntrack state matches");
    List<String> states = m.states().stream().map(ConnState::name).toList();
    return Group.of("mod conntrack ctstate " + not(m.negated()) + FermText.list(states));
  }

  @Override
  public Group visitConntrackOriginal(ConntrackOriginalMatch m) {
    once("conntrack original destination matches");
    StringBuilder out = new StringBuilder("mod conntrack");
    m.destination()
        .ifPresent(
            d -> out.append(" ctorigdst ").append(not(m.negated())).append(FermText.address(d)));
    m.destinationPort()
        .ifPresent(
            p -> out.append(" ctorigdstport ").append(not(m.negated())).append(FermText.ports(p)));
    return Group.of(out.toString());
  }

  @Override
  public Group visitIcmpType(IcmpTypeMatch m) {
    once("icmp type matches");
    String keyword = m.protocol().number() == 1 ? "icmp-type " : "icmpv6-type ";
    return Group.of(keyword + not(m.negated()) + m.type() + m.code().map(c -> "/" + c).orElse(""));
  }

  @Override
  public Group visitLimit(LimitMatch m) {
    once("rate limits");
    String unit = m.unit().name().toLowerCase(Locale.ROOT);
    return Group.of(
        "mod limit limit "
            + m.rate()
            + "/"
            + unit
            + m.burst().map(b -> " limit-burst " + b).orElse(""));
  }

  @Override
  public Group visitPolicy(PolicyMatch m) {
    once("ipsec policy matches");
    return Group.of(
        "mod policy dir "
            + m.dir().name().toLowerCase(Locale.ROOT)
            + " pol "
            + m.processing().name().toLowerCase(Locale.ROOT));
  }

  @Override
  public Group visitAddressType(AddressTypeMatch m) {
    if (m.type() == AddressTypeMatch.Type.BROADCAST && facts.families().contains(Family.IPV6)) {
      // the kernel's addrtype match refuses BROADCAST in ip6tables, at load time
      throw unsupported("an address type ipv6 does not have", m.type());
    }
    String keyword = m.direction() == Direction.SOURCE ? "src-type" : "dst-type";
    once("address type matches on the " + keyword.substring(0, 3) + " side");
    return Group.of("mod addrtype " + keyword + " " + not(m.negated()) + m.type().name());
  }

  @Override
  public Group visitMark(MarkMatch m) {
    once("mark matches");
    String value = "0x" + Long.toHexString(m.value());
    if (m.mask() != 0xffffffffL) {
      value += "/0x" + Long.toHexString(m.mask());
    }
    return Group.of("mod mark mark " + not(m.negated()) + value);
  }

  @Override
  public Group visitOpaque(OpaqueMatch m) {
    throw unsupported("an opaque match", m.module());
  }

  @Override
  public Group visitIpRange(IpRangeMatch m) {
    String keyword = m.direction() == Direction.SOURCE ? "src-range" : "dst-range";
    once("address ranges");
    return Group.of(
        "mod iprange "
            + keyword
            + " "
            + not(m.negated())
            + FermText.address(m.first())
            + "-"
            + FermText.address(m.last()));
  }

  @Override
  public Group visitMac(MacMatch m) {
    once("mac matches");
    return Group.of("mod mac mac-source " + not(m.negated()) + m.address());
  }

  @Override
  public Group visitPacketType(PacketTypeMatch m) {
    once("packet type matches");
    return Group.of(
        "mod pkttype pkt-type " + not(m.negated()) + m.type().name().toLowerCase(Locale.ROOT));
  }

  @Override
  public Group visitRpFilter(RpFilterMatch m) {
    once("rpfilter matches");
    return Group.of(
        "mod rpfilter"
            + (m.mode() == RpFilterMatch.Mode.LOOSE ? " loose" : "")
            + (m.validMark() ? " validmark" : "")
            + (m.acceptLocal() ? " accept-local" : "")
            + (m.negated() ? " invert" : ""));
  }

  @Override
  public Group visitOwner(OwnerMatch m) {
    once("owner matches");
    if (m.kind() == OwnerMatch.Kind.SOCKET_EXISTS) {
      throw unsupported(
          "an owner socket-exists match (ferm 2.5 has no keyword for it)", "--socket-exists");
    }
    String keyword = m.kind() == OwnerMatch.Kind.UID ? "uid-owner" : "gid-owner";
    return Group.of("mod owner " + keyword + " " + not(m.negated()) + FermText.ids(m));
  }

  @Override
  public Group visitTcpFlags(TcpFlagsMatch m) {
    once("tcp flags matches");
    if (m.mask().contains(TcpFlag.ECE) || m.mask().contains(TcpFlag.CWR)) {
      throw unsupported("tcp flags ECE or CWR (iptables has no name for them)", m.mask());
    }
    return Group.of(
        "tcp-flags " + not(m.negated()) + FermText.flags(m.mask()) + " " + FermText.flags(m.set()));
  }
}
