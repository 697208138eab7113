package dev.rampart.core;

import com.google.common.collect.ImmutableList;
import com.google.common.net.InetAddresses;
import dev.rampart.core.internal.FactsCount;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.AddressTypeMatch;
import dev.rampart.core.match.ConntrackOriginalMatch;
import dev.rampart.core.match.ConntrackStateMatch;
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
import dev.rampart.core.target.OpaqueTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What one rule requires and holds, gathered once from its matches and its target: the protocol it
 * requires, its matches by kind, and (for validation) what its target needs. Renderers and analyses
 * ask these facts instead of sorting matches by kind themselves.
 *
 * <pre>{@code
 * RuleFacts facts = RuleFacts.of(rule);
 * facts.protocol();     // Optional[tcp] for -p tcp --dport 22
 * facts.limits();       // the rule's rate limits, in rule order
 * }</pre>
 */
public final class RuleFacts {
  /**
   * One part of a rule that only exists in one family: what it is ({@code address}) and its value
   * ({@code 10.0.0.0/8}), kept as the model's value (a {@link Cidr}, a name) and written only when
   * a message asks, so that deriving a rule's families formats nothing.
   */
  record Evidence(Family family, String kind, Object part) {
    /** The value as messages write it: {@code 10.0.0.0/8}. */
    String value() {
      return part.toString();
    }

    /** Returns {@code ipv4 address 10.0.0.0/8}. */
    @Override
    public String toString() {
      return family.label() + " " + kind + " " + value();
    }

    /** Equal when family, kind and written value are, whatever the value's type. */
    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Evidence e
          && family == e.family
          && kind.equals(e.kind)
          && value().equals(e.value());
    }

    @Override
    public int hashCode() {
      return Objects.hash(family, kind, value());
    }
  }

  private final ImmutableList<ProtocolMatch> protocols;
  private final ImmutableList<AddressMatch> addresses;
  private final ImmutableList<SetMatch> sets;
  private final ImmutableList<PortMatch> ports;
  private final ImmutableList<InterfaceMatch> interfaces;
  private final ImmutableList<IcmpTypeMatch> icmpTypes;
  private final ImmutableList<LimitMatch> limits;
  private final ImmutableList<PolicyMatch> policies;
  private final ImmutableList<MacMatch> macs;
  private final ImmutableList<OwnerMatch> owners;
  private final ImmutableList<TcpFlagsMatch> tcpFlags;
  private final ImmutableList<RpFilterMatch> rpFilters;
  private final ImmutableList<OpaqueMatch> opaques;
  private final ImmutableList<Evidence> evidence;
  private final TargetFacts target;
  private final ImmutableList<Family> families;

  private static final ImmutableList<Family> IPV4 = ImmutableList.of(Family.IPV4);
  private static final ImmutableList<Family> IPV6 = ImmutableList.of(Family.IPV6);
  private static final ImmutableList<Family> BOTH = ImmutableList.of(Family.IPV4, Family.IPV6);

  private RuleFacts(Optional<Family> family, Gather g, TargetFacts target) {
    this.protocols = Gather.build(g.protocols);
    this.addresses = Gather.build(g.addresses);
    this.sets = Gather.build(g.sets);
    this.ports = Gather.build(g.ports);
    this.interfaces = Gather.build(g.interfaces);
    this.icmpTypes = Gather.build(g.icmpTypes);
    this.limits = Gather.build(g.limits);
    this.policies = Gather.build(g.policies);
    this.macs = Gather.build(g.macs);
    this.owners = Gather.build(g.owners);
    this.tcpFlags = Gather.build(g.tcpFlags);
    this.rpFilters = Gather.build(g.rpFilters);
    this.opaques = Gather.build(g.opaques);
    ImmutableList<Evidence> matches = Gather.build(g.evidence);
    this.evidence =
        target.evidence().isEmpty()
            ? matches
            : matches.isEmpty()
                ? target.evidence()
                : ImmutableList.<Evidence>builder()
                    .addAll(matches)
                    .addAll(target.evidence())
                    .build();
    this.target = target;
    this.families =
        families(family, evidence.isEmpty() ? Optional.empty() : Optional.of(evidence.get(0)));
  }

  /** The facts of {@code rule}; the family of the sets it names is not known. */
  public static RuleFacts of(Rule rule) {
    return of(rule, name -> Optional.empty());
  }

  /** The facts of {@code rule}, a rule of {@code ruleset}, whose sets give their families. */
  public static RuleFacts of(Rule rule, Ruleset ruleset) {
    return of(rule, ruleset::set);
  }

  /** The facts of {@code rule}; sets are looked up with {@code sets}. */
  static RuleFacts of(Rule rule, Function<String, Optional<AddressSet>> sets) {
    FactsCount.derived();
    Gather gather = new Gather(sets);
    for (Match m : rule.matches()) {
      m.accept(gather);
    }
    return new RuleFacts(rule.family(), gather, TargetFacts.of(rule.target()));
  }

  /**
   * The families a rule is rendered for: its explicit {@code family}, else the one family its
   * {@code first} family-specific part implies, else both; see {@link Ruleset#familiesOf}.
   */
  static ImmutableList<Family> families(Optional<Family> family, Optional<Evidence> first) {
    if (family.isPresent()) {
      return family.get() == Family.IPV4 ? IPV4 : IPV6;
    }
    if (first.isPresent()) {
      return first.get().family() == Family.IPV4 ? IPV4 : IPV6;
    }
    return BOTH;
  }

  /**
   * The protocol the rule requires: present when it has exactly one protocol match and that match
   * is not negated. Ports, ICMP types and TCP flags are tested only under it.
   */
  public Optional<Protocol> protocol() {
    return protocols.size() == 1 && !protocols.get(0).negated()
        ? Optional.of(protocols.get(0).protocol())
        : Optional.empty();
  }

  /**
   * The protocol {@code rule} requires, as {@link #protocol()} says, found without deriving the
   * rule's other facts: present when it has exactly one protocol match and that match is not
   * negated.
   */
  public static Optional<Protocol> protocolOf(Rule rule) {
    return RuleScan.protocol(rule);
  }

  /**
   * The families the rule is rendered for, as {@link Ruleset#familiesOf} says when these facts were
   * derived with the ruleset's sets ({@link #of(Rule, Ruleset)}).
   */
  public ImmutableList<Family> families() {
    return families;
  }

  /** The protocol matches, negated or not, in rule order (a valid rule has at most one). */
  public ImmutableList<ProtocolMatch> protocols() {
    return protocols;
  }

  /** The address list matches, in rule order. */
  public ImmutableList<AddressMatch> addresses() {
    return addresses;
  }

  /** The named set matches, in rule order. */
  public ImmutableList<SetMatch> sets() {
    return sets;
  }

  /** The port matches, in rule order. */
  public ImmutableList<PortMatch> ports() {
    return ports;
  }

  /** The interface matches, in rule order. */
  public ImmutableList<InterfaceMatch> interfaces() {
    return interfaces;
  }

  /** The ICMP and ICMPv6 type matches, in rule order. */
  public ImmutableList<IcmpTypeMatch> icmpTypes() {
    return icmpTypes;
  }

  /** The rate limits, in rule order. */
  public ImmutableList<LimitMatch> limits() {
    return limits;
  }

  /** The IPsec policy matches, in rule order. */
  public ImmutableList<PolicyMatch> policies() {
    return policies;
  }

  /** The MAC source matches, in rule order. */
  public ImmutableList<MacMatch> macs() {
    return macs;
  }

  /** The socket owner matches, in rule order. */
  public ImmutableList<OwnerMatch> owners() {
    return owners;
  }

  /** The TCP flags matches, in rule order. */
  public ImmutableList<TcpFlagsMatch> tcpFlags() {
    return tcpFlags;
  }

  /** The reverse-path filter matches, in rule order. */
  public ImmutableList<RpFilterMatch> rpFilters() {
    return rpFilters;
  }

  /** The match modules the model does not interpret, in rule order. */
  public ImmutableList<OpaqueMatch> opaques() {
    return opaques;
  }

  /** The target, if it is one the model does not interpret. */
  public Optional<OpaqueTarget> opaqueTarget() {
    return target.opaque();
  }

  /** The family-specific parts of the rule, matches first, then the target's. */
  ImmutableList<Evidence> evidence() {
    return evidence;
  }

  /** What the target needs and says. */
  TargetFacts target() {
    return target;
  }

  /**
   * Sorts the matches of one rule by kind into builders, and notes the family-specific parts. Used
   * once per rule, by {@link #of(Rule, Function)} only.
   */
  private static final class Gather implements Match.Visitor<Gather> {
    List<ProtocolMatch> protocols = ImmutableList.of();
    List<AddressMatch> addresses = ImmutableList.of();
    List<SetMatch> sets = ImmutableList.of();
    List<PortMatch> ports = ImmutableList.of();
    List<InterfaceMatch> interfaces = ImmutableList.of();
    List<IcmpTypeMatch> icmpTypes = ImmutableList.of();
    List<LimitMatch> limits = ImmutableList.of();
    List<PolicyMatch> policies = ImmutableList.of();
    List<MacMatch> macs = ImmutableList.of();
    List<OwnerMatch> owners = ImmutableList.of();
    List<TcpFlagsMatch> tcpFlags = ImmutableList.of();
    List<RpFilterMatch> rpFilters = ImmutableList.of();
    List<OpaqueMatch> opaques = ImmutableList.of();
    List<Evidence> evidence = ImmutableList.of();
    private final Function<String, Optional<AddressSet>> setLookup;

    Gather(Function<String, Optional<AddressSet>> setLookup) {
      this.setLookup = setLookup;
    }

    /**
     * Adds {@code value} to {@code list}: most rules hold one match of a kind or none, so a list
     * stays the shared empty list or becomes a list of one; a mutable list is made only for the
     * second value.
     */
    private static <T> List<T> add(List<T> list, T value) {
      if (list.isEmpty()) {
        return ImmutableList.of(value);
      }
      List<T> to = list instanceof ImmutableList ? new ArrayList<>(list) : list;
      to.add(value);
      return to;
    }

    /** The gathered values as an immutable list, copied only when more than one. */
    static <T> ImmutableList<T> build(List<T> list) {
      return ImmutableList.copyOf(list); // returns an immutable list itself
    }

    @Override
    public Gather visitProtocol(ProtocolMatch m) {
      protocols = add(protocols, m);
      if (!m.negated() && m.protocol().equals(Protocol.ICMP)) {
        evidence = add(evidence, new Evidence(Family.IPV4, "protocol", "icmp"));
      } else if (!m.negated() && m.protocol().equals(Protocol.ICMPV6)) {
        evidence = add(evidence, new Evidence(Family.IPV6, "protocol", "ipv6-icmp"));
      }
      return this;
    }

    @Override
    public Gather visitAddress(AddressMatch m) {
      addresses = add(addresses, m);
      for (Cidr c : m.addresses()) {
        evidence = add(evidence, new Evidence(c.family(), "address", c));
      }
      return this;
    }

    @Override
    public Gather visitSet(SetMatch m) {
      sets = add(sets, m);
      Optional<AddressSet> set = setLookup.apply(m.setName());
      if (set.isPresent()) {
        evidence = add(evidence, new Evidence(set.get().family(), "set", set.get().name()));
      }
      return this;
    }

    @Override
    public Gather visitPort(PortMatch m) {
      ports = add(ports, m);
      return this;
    }

    @Override
    public Gather visitInterface(InterfaceMatch m) {
      interfaces = add(interfaces, m);
      return this;
    }

    @Override
    public Gather visitConntrackState(ConntrackStateMatch m) {
      return this;
    }

    @Override
    public Gather visitConntrackOriginal(ConntrackOriginalMatch m) {
      if (m.destination().isPresent()) {
        Cidr c = m.destination().get();
        evidence = add(evidence, new Evidence(c.family(), "original destination", c));
      }
      return this;
    }

    @Override
    public Gather visitIcmpType(IcmpTypeMatch m) {
      icmpTypes = add(icmpTypes, m);
      evidence =
          add(
              evidence,
              new Evidence(
                  m.family(),
                  (m.family() == Family.IPV4 ? "icmp" : "icmpv6") + " type",
                  Integer.toString(m.type())));
      return this;
    }

    @Override
    public Gather visitLimit(LimitMatch m) {
      limits = add(limits, m);
      return this;
    }

    @Override
    public Gather visitPolicy(PolicyMatch m) {
      policies = add(policies, m);
      return this;
    }

    @Override
    public Gather visitAddressType(AddressTypeMatch m) {
      return this;
    }

    @Override
    public Gather visitMark(MarkMatch m) {
      return this;
    }

    @Override
    public Gather visitOpaque(OpaqueMatch m) {
      opaques = add(opaques, m);
      return this;
    }

    @Override
    public Gather visitIpRange(IpRangeMatch m) {
      evidence =
          add(
              evidence,
              new Evidence(
                  m.first().family(),
                  "address range",
                  InetAddresses.toAddrString(m.first().address())
                      + "-"
                      + InetAddresses.toAddrString(m.last().address())));
      return this;
    }

    @Override
    public Gather visitMac(MacMatch m) {
      macs = add(macs, m);
      return this;
    }

    @Override
    public Gather visitPacketType(PacketTypeMatch m) {
      return this;
    }

    @Override
    public Gather visitOwner(OwnerMatch m) {
      owners = add(owners, m);
      return this;
    }

    @Override
    public Gather visitTcpFlags(TcpFlagsMatch m) {
      tcpFlags = add(tcpFlags, m);
      return this;
    }

    @Override
    public Gather visitRpFilter(RpFilterMatch m) {
      rpFilters = add(rpFilters, m);
      return this;
    }
  }
}
