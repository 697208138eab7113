package dev.rampart.core;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
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
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
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
import java.util.function.Function;

/** What one rule holds, gathered by visiting its matches and target once. */
final class RuleFacts implements Match.Visitor<RuleFacts>, Target.Visitor<RuleFacts> {
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

  final List<ProtocolMatch> protocols = new ArrayList<>();
  final List<AddressMatch> addresses = new ArrayList<>();
  final List<SetMatch> sets = new ArrayList<>();
  final List<PortMatch> ports = new ArrayList<>();
  final List<InterfaceMatch> interfaces = new ArrayList<>();
  final List<IcmpTypeMatch> icmpTypes = new ArrayList<>();
  final List<PolicyMatch> policies = new ArrayList<>();
  final List<MacMatch> macs = new ArrayList<>();
  final List<OwnerMatch> owners = new ArrayList<>();
  final List<TcpFlagsMatch> tcpFlags = new ArrayList<>();
  final List<RpFilterMatch> rpFilters = new ArrayList<>();
  final List<Evidence> evidence = new ArrayList<>();

  /** The REJECT target's error, if the target is a REJECT with an explicit one. */
  Optional<Reject.With> rejectWith = Optional.empty();

  /** Whether the target is REJECT. */
  boolean rejects;

  /** Whether the target is DROP. */
  boolean drops;

  /** The LOG target's prefix, if the target is a LOG with one. */
  Optional<String> logPrefix = Optional.empty();

  /** The port a nat target rewrites to, if any. */
  Optional<PortRange> natPort = Optional.empty();

  /** The only built-in chains the target may be used in, if it is restricted (empty: any). */
  ImmutableSet<String> targetChains = ImmutableSet.of();

  /** The only tables the target may be used in, if it is restricted (empty: any). */
  ImmutableSet<TableName> targetTables = ImmutableSet.of();

  /** Whether the target needs protocol tcp and a tcp flags match requiring SYN (TCPMSS). */
  boolean targetNeedsSyn;

  private final Function<String, Optional<AddressSet>> setLookup;

  private RuleFacts(Function<String, Optional<AddressSet>> setLookup) {
    this.setLookup = setLookup;
  }

  /** Gathers the facts of {@code rule}; sets are looked up with {@code sets}. */
  static RuleFacts of(Rule rule, Function<String, Optional<AddressSet>> sets) {
    RuleFacts facts = new RuleFacts(sets);
    rule.matches().forEach(m -> m.accept(facts));
    rule.target().accept(facts);
    return facts;
  }

  /** The first family-specific part of {@code rule}, if any. */
  static Optional<Evidence> implied(Rule rule, Function<String, Optional<AddressSet>> sets) {
    return of(rule, sets).evidence.stream().findFirst();
  }

  /** The protocol the rule requires, if it has exactly one non-negated protocol match. */
  Optional<Protocol> protocol() {
    return protocols.size() == 1 && !protocols.get(0).negated()
        ? Optional.of(protocols.get(0).protocol())
        : Optional.empty();
  }

  @Override
  public RuleFacts visitProtocol(ProtocolMatch m) {
    protocols.add(m);
    if (!m.negated() && m.protocol().equals(Protocol.ICMP)) {
      evidence.add(new Evidence(Family.IPV4, "protocol", "icmp"));
    } else if (!m.negated() && m.protocol().equals(Protocol.ICMPV6)) {
      evidence.add(new Evidence(Family.IPV6, "protocol", "ipv6-icmp"));
    }
    return this;
  }

  @Override
  public RuleFacts visitAddress(AddressMatch m) {
    addresses.add(m);
    m.addresses().forEach(c -> evidence.add(new Evidence(c.family(), "address", c.toString())));
    return this;
  }

  @Override
  public RuleFacts visitSet(SetMatch m) {
    sets.add(m);
    setLookup
        .apply(m.setName())
        .ifPresent(s -> evidence.add(new Evidence(s.family(), "set", s.name())));
    return this;
  }

  @Override
  public RuleFacts visitPort(PortMatch m) {
    ports.add(m);
    return this;
  }

  @Override
  public RuleFacts visitInterface(InterfaceMatch m) {
    interfaces.add(m);
    return this;
  }

  @Override
  public RuleFacts visitConntrackState(ConntrackStateMatch m) {
    return this;
  }

  @Override
  public RuleFacts visitConntrackOriginal(ConntrackOriginalMatch m) {
    m.destination()
        .ifPresent(
            c -> evidence.add(new Evidence(c.family(), "original destination", c.toString())));
    return this;
  }

  @Override
  public RuleFacts visitIcmpType(IcmpTypeMatch m) {
    icmpTypes.add(m);
    evidence.add(
        new Evidence(
            m.family(),
            (m.family() == Family.IPV4 ? "icmp" : "icmpv6") + " type",
            Integer.toString(m.type())));
    return this;
  }

  @Override
  public RuleFacts visitLimit(LimitMatch m) {
    return this;
  }

  @Override
  public RuleFacts visitPolicy(PolicyMatch m) {
    policies.add(m);
    return this;
  }

  @Override
  public RuleFacts visitAddressType(AddressTypeMatch m) {
    return this;
  }

  @Override
  public RuleFacts visitMark(MarkMatch m) {
    return this;
  }

  @Override
  public RuleFacts visitOpaque(OpaqueMatch m) {
    return this;
  }

  @Override
  public RuleFacts visitIpRange(IpRangeMatch m) {
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
  public RuleFacts visitMac(MacMatch m) {
    macs.add(m);
    return this;
  }

  @Override
  public RuleFacts visitPacketType(PacketTypeMatch m) {
    return this;
  }

  @Override
  public RuleFacts visitOwner(OwnerMatch m) {
    owners.add(m);
    return this;
  }

  @Override
  public RuleFacts visitTcpFlags(TcpFlagsMatch m) {
    tcpFlags.add(m);
    return this;
  }

  @Override
  public RuleFacts visitRpFilter(RpFilterMatch m) {
    rpFilters.add(m);
    return this;
  }

  @Override
  public RuleFacts visitVerdict(Verdict t) {
    drops = t == Verdict.DROP;
    return this;
  }

  @Override
  public RuleFacts visitReject(Reject t) {
    rejects = true;
    rejectWith = t.with();
    targetChains = ImmutableSet.of("INPUT", "FORWARD", "OUTPUT");
    t.with()
        .filter(w -> w.families().size() == 1)
        .ifPresent(
            w ->
                evidence.add(
                    new Evidence(
                        w.families().iterator().next(),
                        "reject-with",
                        w.name().toLowerCase(Locale.ROOT).replace('_', '-'))));
    return this;
  }

  @Override
  public RuleFacts visitJump(Jump t) {
    return this;
  }

  @Override
  public RuleFacts visitLog(Log t) {
    logPrefix = t.prefix();
    return this;
  }

  @Override
  public RuleFacts visitDnat(Dnat t) {
    natPort = t.port();
    targetChains = ImmutableSet.of("PREROUTING", "OUTPUT");
    evidence.add(new Evidence(t.address().family(), "nat address", t.address().toString()));
    return this;
  }

  @Override
  public RuleFacts visitSnat(Snat t) {
    natPort = t.port();
    targetChains = ImmutableSet.of("POSTROUTING", "INPUT");
    evidence.add(new Evidence(t.address().family(), "nat address", t.address().toString()));
    return this;
  }

  @Override
  public RuleFacts visitMasquerade(Masquerade t) {
    natPort = t.ports();
    targetChains = ImmutableSet.of("POSTROUTING");
    return this;
  }

  @Override
  public RuleFacts visitMark(Mark t) {
    return this;
  }

  @Override
  public RuleFacts visitConnMark(ConnMark t) {
    return this;
  }

  @Override
  public RuleFacts visitCt(Ct t) {
    targetTables = ImmutableSet.of(TableName.RAW);
    return this;
  }

  @Override
  public RuleFacts visitNotrack(Notrack t) {
    targetTables = ImmutableSet.of(TableName.RAW);
    return this;
  }

  @Override
  public RuleFacts visitRedirect(Redirect t) {
    natPort = t.ports();
    targetChains = ImmutableSet.of("PREROUTING", "OUTPUT");
    return this;
  }

  @Override
  public RuleFacts visitNflog(Nflog t) {
    return this;
  }

  @Override
  public RuleFacts visitTcpMss(TcpMss t) {
    targetNeedsSyn = true;
    targetTables = ImmutableSet.of(TableName.FILTER, TableName.MANGLE);
    if (t.mss().isEmpty()) {
      targetChains = ImmutableSet.of("FORWARD", "OUTPUT", "POSTROUTING");
    }
    return this;
  }

  @Override
  public RuleFacts visitOpaque(OpaqueTarget t) {
    return this;
  }

  /** The evidence as an immutable list. */
  ImmutableList<Evidence> evidence() {
    return ImmutableList.copyOf(evidence);
  }
}
