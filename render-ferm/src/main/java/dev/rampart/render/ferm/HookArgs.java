package dev.rampart.render.ferm;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.AddressSet;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.RuleRef;
import dev.rampart.core.Ruleset;
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
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.RpFilterMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.match.TcpFlagsMatch;
import dev.rampart.core.target.ConnMark;
import dev.rampart.core.target.Ct;
import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Log;
import dev.rampart.core.target.Mark;
import dev.rampart.core.target.Masquerade;
import dev.rampart.core.target.Nflog;
import dev.rampart.core.target.Notrack;
import dev.rampart.core.target.OpaqueTarget;
import dev.rampart.core.target.Redirect;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Snat;
import dev.rampart.core.target.Target;
import dev.rampart.core.target.TcpMss;
import dev.rampart.core.target.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The iptables arguments (after {@code -A CHAIN}) of a rule in a built-in chain, for the coexist
 * hooks: what ferm itself would pass to iptables for the rule, word for word in meaning and in the
 * same order (interfaces, protocol, addresses, then the other matches in the model's order, the
 * comment, the target). An address list or inline set gives one rule per element, the first list
 * outermost, as ferm unfolds them.
 */
final class HookArgs implements Match.Visitor<List<String>> {
  private final Family family;
  private final boolean inlineSets;
  private final RuleRef place;

  private HookArgs(Family family, boolean inlineSets, RuleRef place) {
    this.place = place;
    this.family = family;
    this.inlineSets = inlineSets;
  }

  /**
   * The argument lists of {@code rule} for {@code family}, one per unfolded rule. The rule has
   * passed {@link RuleWords} (what ferm cannot say is refused there).
   *
   * @throws UnsupportedFeatureException for a negated address list, naming {@code place}
   */
  static ImmutableList<ImmutableList<String>> of(
      Ruleset ruleset, boolean inlineSets, Family family, Rule rule, RuleRef place) {
    List<Match> matches = new ArrayList<>();
    for (Match m : rule.matches()) {
      if (m instanceof AddressMatch a && a.negated() && a.addresses().size() > 1) {
        throw new UnsupportedFeatureException(
            FermRenderer.BACKEND,
            "a negated address list (ferm cannot negate a list)",
            "! " + a.addresses().stream().map(Cidr::toString).collect(Collectors.joining(",")),
            place);
      }
      if (m instanceof SetMatch s && inlineSets) {
        AddressSet set = ruleset.set(s.setName()).orElseThrow();
        matches.add(
            AddressMatch.builder()
                .direction(s.direction())
                .addAllAddresses(set.elements())
                .build());
      } else {
        matches.add(m);
      }
    }
    ImmutableList.Builder<ImmutableList<String>> out = ImmutableList.builder();
    unfold(rule, matches, 0, new HookArgs(family, inlineSets, place), out);
    return out.build();
  }

  private static void unfold(
      Rule rule,
      List<Match> matches,
      int from,
      HookArgs args,
      ImmutableList.Builder<ImmutableList<String>> out) {
    for (int i = from; i < matches.size(); i++) {
      if (matches.get(i) instanceof AddressMatch a && a.addresses().size() > 1) {
        for (Cidr c : a.addresses()) {
          List<Match> one = new ArrayList<>(matches);
          one.set(i, AddressMatch.builder().direction(a.direction()).addAddresses(c).build());
          unfold(rule, one, i + 1, args, out);
        }
        return;
      }
    }
    out.add(args.words(rule, matches));
  }

  private ImmutableList<String> words(Rule rule, List<Match> matches) {
    ImmutableList.Builder<String> out = ImmutableList.builder();
    for (int rank = 0; rank < 4; rank++) {
      for (Match m : matches) {
        if (headerRank(m) == rank) {
          out.addAll(m.accept(this));
        }
      }
    }
    for (Match m : matches) {
      if (headerRank(m) < 0) {
        out.addAll(m.accept(this));
      }
    }
    rule.comment().ifPresent(c -> out.add("-m", "comment", "--comment", c));
    out.addAll(rule.target().accept(new Targets(family, place)));
    return out.build();
  }

  /** Interfaces, protocol, addresses first, in this order, as {@link RuleWords} writes them. */
  private static int headerRank(Match m) {
    if (m instanceof InterfaceMatch i) {
      return i.side() == InterfaceMatch.Side.IN ? 0 : 1;
    }
    if (m instanceof ProtocolMatch) {
      return 2;
    }
    if (m instanceof AddressMatch) {
      return 3;
    }
    return -1;
  }

  /**
   * Refuses {@code what} in a hook for ipv6: ip6tables-legacy {@code -C} reports a rule present
   * when one differs only in the options of mac, owner, NFLOG or CONNMARK (found in the lab), so
   * the hook would skip the insert; the other modules of busy hosts are not verified there yet.
   */
  private static void refuseForIpv6(Family family, String what, RuleRef place) {
    if (family == Family.IPV6) {
      throw new UnsupportedFeatureException(
          FermRenderer.BACKEND,
          "this match or target in a built-in chain for ipv6 (ip6tables-legacy -C does not"
              + " compare the options of such modules, so the hook could skip the insert)",
          what,
          place);
    }
  }

  private static List<String> words(boolean negated, String... words) {
    List<String> out = new ArrayList<>();
    if (negated) {
      out.add("!");
    }
    out.addAll(List.of(words));
    return out;
  }

  private static List<String> module(String name, List<String> options) {
    List<String> out = new ArrayList<>(List.of("-m", name));
    out.addAll(options);
    return out;
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public List<String> visitProtocol(ProtocolMatch m) {
    return words(m.negated(), "-p", m.protocol().toString());
  }

  @Override
  public List<String> visitAddress(AddressMatch m) {
    String option = m.direction() == Direction.SOURCE ? "-s" : "-d";
    return words(m.negated(), option, FermText.address(m.addresses().get(0)));
  }

  @Override
  public List<String> visitSet(SetMatch m) {
    if (inlineSets) {
      throw new IllegalStateException("inline set left in a hook rule: " + m.setName());
    }
    String dir = m.direction() == Direction.SOURCE ? "src" : "dst";
    return module("set", words(m.negated(), "--match-set", m.setName(), dir));
  }

  /** A single port or range uses the protocol's own match, which iptables loads for it. */
  @Override
  public List<String> visitPort(PortMatch m) {
    boolean src = m.direction() == Direction.SOURCE;
    if (m.isSingleRange()) {
      return words(m.negated(), src ? "--sport" : "--dport", FermText.ports(m.ports().get(0)));
    }
    String ports = m.ports().stream().map(FermText::ports).collect(Collectors.joining(","));
    return module("multiport", words(m.negated(), src ? "--sports" : "--dports", ports));
  }

  @Override
  public List<String> visitInterface(InterfaceMatch m) {
    return words(m.negated(), m.side() == InterfaceMatch.Side.IN ? "-i" : "-o", m.name());
  }

  @Override
  public List<String> visitConntrackState(ConntrackStateMatch m) {
    String states = m.states().stream().map(ConnState::name).collect(Collectors.joining(","));
    return module("conntrack", words(m.negated(), "--ctstate", states));
  }

  @Override
  public List<String> visitConntrackOriginal(ConntrackOriginalMatch m) {
    List<String> options = new ArrayList<>();
    m.destination()
        .ifPresent(d -> options.addAll(words(m.negated(), "--ctorigdst", FermText.address(d))));
    m.destinationPort()
        .ifPresent(p -> options.addAll(words(m.negated(), "--ctorigdstport", FermText.ports(p))));
    return module("conntrack", options);
  }

  @Override
  public List<String> visitIcmpType(IcmpTypeMatch m) {
    boolean v4 = m.family() == Family.IPV4;
    String type = m.type() + m.code().map(c -> "/" + c).orElse("");
    return module(
        v4 ? "icmp" : "icmp6", words(m.negated(), v4 ? "--icmp-type" : "--icmpv6-type", type));
  }

  @Override
  public List<String> visitLimit(LimitMatch m) {
    List<String> options = new ArrayList<>(List.of("--limit", m.rate() + "/" + lower(m.unit())));
    m.burst().ifPresent(b -> options.addAll(List.of("--limit-burst", Integer.toString(b))));
    return module("limit", options);
  }

  @Override
  public List<String> visitPolicy(PolicyMatch m) {
    return module("policy", List.of("--dir", lower(m.dir()), "--pol", lower(m.processing())));
  }

  @Override
  public List<String> visitAddressType(AddressTypeMatch m) {
    String option = m.direction() == Direction.SOURCE ? "--src-type" : "--dst-type";
    return module("addrtype", words(m.negated(), option, m.type().name()));
  }

  @Override
  public List<String> visitMark(MarkMatch m) {
    String value = "0x" + Long.toHexString(m.value());
    if (m.mask() != 0xffffffffL) {
      value += "/0x" + Long.toHexString(m.mask());
    }
    return module("mark", words(m.negated(), "--mark", value));
  }

  @Override
  public List<String> visitOpaque(OpaqueMatch m) {
    throw new IllegalStateException("refused by RuleWords: an opaque match");
  }

  @Override
  public List<String> visitIpRange(IpRangeMatch m) {
    refuseForIpv6(family, "an address range match", place);
    String range = FermText.address(m.first()) + "-" + FermText.address(m.last());
    String option = m.direction() == Direction.SOURCE ? "--src-range" : "--dst-range";
    return module("iprange", words(m.negated(), option, range));
  }

  @Override
  public List<String> visitMac(MacMatch m) {
    refuseForIpv6(family, "a mac match", place);
    return module("mac", words(m.negated(), "--mac-source", m.address()));
  }

  @Override
  public List<String> visitPacketType(PacketTypeMatch m) {
    refuseForIpv6(family, "a packet type match", place);
    return module("pkttype", words(m.negated(), "--pkt-type", lower(m.type())));
  }

  @Override
  public List<String> visitRpFilter(RpFilterMatch m) {
    refuseForIpv6(family, "an rpfilter match", place);
    List<String> options = new ArrayList<>();
    if (m.mode() == RpFilterMatch.Mode.LOOSE) {
      options.add("--loose");
    }
    if (m.validMark()) {
      options.add("--validmark");
    }
    if (m.acceptLocal()) {
      options.add("--accept-local");
    }
    if (m.negated()) {
      options.add("--invert");
    }
    return module("rpfilter", options);
  }

  @Override
  public List<String> visitOwner(OwnerMatch m) {
    refuseForIpv6(family, "an owner match", place);
    String option = m.kind() == OwnerMatch.Kind.UID ? "--uid-owner" : "--gid-owner";
    return module("owner", words(m.negated(), option, FermText.ids(m)));
  }

  @Override
  public List<String> visitTcpFlags(TcpFlagsMatch m) {
    refuseForIpv6(family, "a tcp flags match", place);
    return words(
        m.negated(), "--tcp-flags", FermText.flagList(m.mask()), FermText.flagList(m.set()));
  }

  /** The target's arguments. */
  private record Targets(Family family, RuleRef place) implements Target.Visitor<List<String>> {
    @Override
    public List<String> visitVerdict(Verdict t) {
      return List.of("-j", t.name());
    }

    @Override
    public List<String> visitReject(Reject t) {
      List<String> out = new ArrayList<>(List.of("-j", "REJECT"));
      t.with().ifPresent(w -> out.addAll(List.of("--reject-with", lower(w).replace('_', '-'))));
      return out;
    }

    @Override
    public List<String> visitJump(Jump t) {
      return List.of(t.isGoto() ? "-g" : "-j", t.chainName());
    }

    @Override
    public List<String> visitLog(Log t) {
      List<String> out = new ArrayList<>(List.of("-j", "LOG"));
      t.prefix().ifPresent(p -> out.addAll(List.of("--log-prefix", p)));
      t.level().ifPresent(l -> out.addAll(List.of("--log-level", Integer.toString(l))));
      return out;
    }

    @Override
    public List<String> visitDnat(Dnat t) {
      return List.of("-j", "DNAT", "--to-destination", nat(t.address(), t.port()));
    }

    @Override
    public List<String> visitSnat(Snat t) {
      return List.of("-j", "SNAT", "--to-source", nat(t.address(), t.port()));
    }

    @Override
    public List<String> visitMasquerade(Masquerade t) {
      List<String> out = new ArrayList<>(List.of("-j", "MASQUERADE"));
      t.ports().ifPresent(p -> out.addAll(List.of("--to-ports", dashes(p))));
      return out;
    }

    @Override
    public List<String> visitMark(Mark t) {
      refuseForIpv6(family, "MARK", place);
      return List.of("-j", "MARK", "--set-xmark", FermText.xmark(t.value(), t.mask()));
    }

    @Override
    public List<String> visitConnMark(ConnMark t) {
      refuseForIpv6(family, "CONNMARK", place);
      return switch (t.mode()) {
        case SET -> List.of("-j", "CONNMARK", "--set-xmark", FermText.xmark(t.value(), t.mask()));
        case SAVE -> connMarkCopy("--save-mark", t);
        case RESTORE -> connMarkCopy("--restore-mark", t);
      };
    }

    private static List<String> connMarkCopy(String option, ConnMark t) {
      return List.of(
          "-j",
          "CONNMARK",
          option,
          "--nfmask",
          FermText.hex(t.nfMask()),
          "--ctmask",
          FermText.hex(t.ctMask()));
    }

    @Override
    public List<String> visitCt(Ct t) {
      refuseForIpv6(family, "CT", place);
      return t.isNotrack()
          ? List.of("-j", "CT", "--notrack")
          : List.of("-j", "CT", "--zone", Integer.toString(t.zone().orElseThrow()));
    }

    @Override
    public List<String> visitNotrack(Notrack t) {
      refuseForIpv6(family, "NOTRACK", place);
      return List.of("-j", "NOTRACK");
    }

    @Override
    public List<String> visitRedirect(Redirect t) {
      refuseForIpv6(family, "REDIRECT", place);
      List<String> out = new ArrayList<>(List.of("-j", "REDIRECT"));
      t.ports().ifPresent(p -> out.addAll(List.of("--to-ports", dashes(p))));
      return out;
    }

    @Override
    public List<String> visitNflog(Nflog t) {
      refuseForIpv6(family, "NFLOG", place);
      List<String> out = new ArrayList<>(List.of("-j", "NFLOG"));
      if (t.group() != 0) {
        out.addAll(List.of("--nflog-group", Integer.toString(t.group())));
      }
      t.prefix().ifPresent(p -> out.addAll(List.of("--nflog-prefix", p)));
      t.threshold().ifPresent(n -> out.addAll(List.of("--nflog-threshold", Integer.toString(n))));
      return out;
    }

    @Override
    public List<String> visitTcpMss(TcpMss t) {
      refuseForIpv6(family, "TCPMSS", place);
      return t.mss()
          .map(m -> List.of("-j", "TCPMSS", "--set-mss", Integer.toString(m)))
          .orElseGet(() -> List.of("-j", "TCPMSS", "--clamp-mss-to-pmtu"));
    }

    @Override
    public List<String> visitOpaque(OpaqueTarget t) {
      throw new IllegalStateException("refused by RuleWords: an opaque target");
    }

    private String nat(Cidr address, Optional<PortRange> port) {
      String host = FermText.address(address);
      if (port.isEmpty()) {
        return host;
      }
      return family == Family.IPV4
          ? host + ":" + dashes(port.get())
          : "[" + host + "]:" + dashes(port.get());
    }

    private static String dashes(PortRange p) {
      return p.isSingle() ? Integer.toString(p.first()) : p.first() + "-" + p.last();
    }
  }
}
