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
import dev.rampart.core.match.LimitMatch;
import dev.rampart.core.match.MarkMatch;
import dev.rampart.core.match.Match;
import dev.rampart.core.match.PolicyMatch;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Log;
import dev.rampart.core.target.Masquerade;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Snat;
import dev.rampart.core.target.Target;
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

  private HookArgs(Family family, boolean inlineSets) {
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
    unfold(rule, matches, 0, new HookArgs(family, inlineSets), out);
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
    out.addAll(rule.target().accept(new Targets(family)));
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
    return module("policy", List.of("--dir", lower(m.dir()), "--pol", lower(m.policy())));
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

  /** The target's arguments. */
  private record Targets(Family family) implements Target.Visitor<List<String>> {
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
      return List.of(t.isGoto() ? "-g" : "-j", t.target());
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
