package dev.rampart.core;

import com.google.common.collect.ImmutableList;
import com.google.common.net.InetAddresses;
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
import java.util.Optional;
import java.util.function.Function;

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
   * ({@code 10.0.0.0/8}).
   */
  record Evidence(Family family, String kind, String value) {
    /** Returns {@code ipv4 address 10.0.0.0/8}. */
    @Override
    public String toString() {
      return family.label() + " " + kind + " " + value;
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

  private RuleFacts(Gather g, TargetFacts target) {
    this.protocols = g.protocols.build();
    this.addresses = g.addresses.build();
    this.sets = g.sets.build();
    this.ports = g.ports.build();
    this.interfaces = g.interfaces.build();
    this.icmpTypes = g.icmpTypes.build();
    this.limits = g.limits.build();
    this.policies = g.policies.build();
    this.macs = g.macs.build();
    this.owners = g.owners.build();
    this.tcpFlags = g.tcpFlags.build();
    this.rpFilters = g.rpFilters.build();
    this.opaques = g.opaques.build();
    this.evidence =
        ImmutableList.<Evidence>builder()
            .addAll(g.evidence.build())
            .addAll(target.evidence())
            .build();
    this.target = target;
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
    Gather gather = new Gather(sets);
    rule.matches().forEach(m -> m.accept(gather));
    return new RuleFacts(gather, TargetFacts.of(rule.target()));
  }

  /** The first family-specific part of {@code rule}, if any. */
  static Optional<Evidence> implied(Rule rule, Function<String, Optional<AddressSet>> sets) {
    return of(rule, sets).evidence.stream().findFirst();
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
    final ImmutableList.Builder<ProtocolMatch> protocols = ImmutableList.builder();
    final ImmutableList.Builder<AddressMatch> addresses = ImmutableList.builder();
    final ImmutableList.Builder<SetMatch> sets = ImmutableList.builder();
    final ImmutableList.Builder<PortMatch> ports = ImmutableList.builder();
    final ImmutableList.Builder<InterfaceMatch> interfaces = ImmutableList.builder();
    final ImmutableList.Builder<IcmpTypeMatch> icmpTypes = ImmutableList.builder();
    final ImmutableList.Builder<LimitMatch> limits = ImmutableList.builder();
    final ImmutableList.Builder<PolicyMatch> policies = ImmutableList.builder();
    final ImmutableList.Builder<MacMatch> macs = ImmutableList.builder();
    final ImmutableList.Builder<OwnerMatch> owners = ImmutableList.builder();
    final ImmutableList.Builder<TcpFlagsMatch> tcpFlags = ImmutableList.builder();
    final ImmutableList.Builder<RpFilterMatch> rpFilters = ImmutableList.builder();
    final ImmutableList.Builder<OpaqueMatch> opaques = ImmutableList.builder();
    final ImmutableList.Builder<Evidence> evidence = ImmutableList.builder();
    private final Function<String, Optional<AddressSet>> setLookup;

    Gather(Function<String, Optional<AddressSet>> setLookup) {
      this.setLookup = setLookup;
    }

    @Override
    public Gather visitProtocol(ProtocolMatch m) {
      protocols.add(m);
      if (!m.negated() && m.protocol().equals(Protocol.ICMP)) {
        evidence.add(new Evidence(Family.IPV4, "protocol", "icmp"));
      } else if (!m.negated() && m.protocol().equals(Protocol.ICMPV6)) {
        evidence.add(new Evidence(Family.IPV6, "protocol", "ipv6-icmp"));
      }
      return this;
    }

    @Override
    public Gather visitAddress(AddressMatch m) {
      addresses.add(m);
      m.addresses().forEach(c -> evidence.add(new Evidence(c.family(), "address", c.toString())));
      return this;
    }

    @Override
    public Gather visitSet(SetMatch m) {
      sets.add(m);
      setLookup
          .apply(m.setName())
          .ifPresent(s -> evidence.add(new Evidence(s.family(), "set", s.name())));
      return this;
    }

    @Override
    public Gather visitPort(PortMatch m) {
      ports.add(m);
      return this;
    }

    @Override
    public Gather visitInterface(InterfaceMatch m) {
      interfaces.add(m);
      return this;
    }

    @Override
    public Gather visitConntrackState(ConntrackStateMatch m) {
      return this;
    }

    @Override
    public Gather visitConntrackOriginal(ConntrackOriginalMatch m) {
      m.destination()
          .ifPresent(
              c -> evidence.add(new Evidence(c.family(), "original destination", c.toString())));
      return this;
    }

    @Override
    public Gather visitIcmpType(IcmpTypeMatch m) {
      icmpTypes.add(m);
      evidence.add(
          new Evidence(
              m.family(),
              (m.family() == Family.IPV4 ? "icmp" : "icmpv6") + " type",
              Integer.toString(m.type())));
      return this;
    }

    @Override
    public Gather visitLimit(LimitMatch m) {
      limits.add(m);
      return this;
    }

    @Override
    public Gather visitPolicy(PolicyMatch m) {
      policies.add(m);
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
      opaques.add(m);
      return this;
    }

    @Override
    public Gather visitIpRange(IpRangeMatch m) {
      evidence.add(
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
      macs.add(m);
      return this;
    }

    @Override
    public Gather visitPacketType(PacketTypeMatch m) {
      return this;
    }

    @Override
    public Gather visitOwner(OwnerMatch m) {
      owners.add(m);
      return this;
    }

    @Override
    public Gather visitTcpFlags(TcpFlagsMatch m) {
      tcpFlags.add(m);
      return this;
    }

    @Override
    public Gather visitRpFilter(RpFilterMatch m) {
      rpFilters.add(m);
      return this;
    }
  }
}
