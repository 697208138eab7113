package dev.rampart.core;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.RuleFacts.Evidence;
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
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Two facts of a rule found by walking its matches once, without gathering the rest of its {@link
 * RuleFacts}: the families it is rendered for and the protocol it requires. Renderers ask them for
 * every rule of every render, so they build nothing but the answer; {@code RuleFactsTest} pins that
 * they agree with the gathered facts.
 */
final class RuleScan {
  private static final Optional<Family> V4 = Optional.of(Family.IPV4);
  private static final Optional<Family> V6 = Optional.of(Family.IPV6);
  private static final ImmutableList<Family> IPV4 = ImmutableList.of(Family.IPV4);
  private static final ImmutableList<Family> IPV6 = ImmutableList.of(Family.IPV6);
  private static final ImmutableList<Family> BOTH = ImmutableList.of(Family.IPV4, Family.IPV6);

  private RuleScan() {}

  /** The one family {@code family} names, as a shared list. */
  static ImmutableList<Family> only(Family family) {
    return family == Family.IPV4 ? IPV4 : IPV6;
  }

  /** Both families, IPv4 first, as a shared list. */
  static ImmutableList<Family> both() {
    return BOTH;
  }

  /**
   * The families {@code rule} is rendered for (as {@link RuleFacts#families()} says): its explicit
   * family, else the family of its first family-specific part (matches in order, then the
   * target's), else both.
   */
  static ImmutableList<Family> families(Rule rule, Function<String, Optional<AddressSet>> sets) {
    if (rule.family().isPresent()) {
      return only(rule.family().get());
    }
    FirstFamily first = new FirstFamily(sets);
    ImmutableList<Match> matches = rule.matches();
    for (int i = 0; i < matches.size(); i++) {
      Optional<Family> family = matches.get(i).accept(first);
      if (family.isPresent()) {
        return only(family.get());
      }
    }
    ImmutableList<Evidence> target = TargetFacts.of(rule.target()).evidence();
    return target.isEmpty() ? BOTH : only(target.get(0).family());
  }

  /** The protocol {@code rule} requires: its only protocol match, when that is not negated. */
  static Optional<Protocol> protocol(Rule rule) {
    @Nullable ProtocolMatch only = null;
    ImmutableList<Match> matches = rule.matches();
    for (int i = 0; i < matches.size(); i++) {
      Optional<ProtocolMatch> p = matches.get(i).accept(ProtocolOf.INSTANCE);
      if (p.isPresent()) {
        if (only != null) {
          return Optional.empty();
        }
        only = p.get();
      }
    }
    return only == null || only.negated() ? Optional.empty() : Optional.of(only.protocol());
  }

  /**
   * The family a match's family-specific part implies, if it has one: the same parts, in the same
   * order, as {@code RuleFacts.Gather} notes as evidence.
   */
  private static final class FirstFamily implements Match.Visitor<Optional<Family>> {
    private final Function<String, Optional<AddressSet>> sets;

    FirstFamily(Function<String, Optional<AddressSet>> sets) {
      this.sets = sets;
    }

    private static Optional<Family> of(Family family) {
      return family == Family.IPV4 ? V4 : V6;
    }

    @Override
    public Optional<Family> visitProtocol(ProtocolMatch m) {
      if (m.negated()) {
        return Optional.empty();
      }
      return m.protocol().equals(Protocol.ICMP)
          ? V4
          : m.protocol().equals(Protocol.ICMPV6) ? V6 : Optional.empty();
    }

    @Override
    public Optional<Family> visitAddress(AddressMatch m) {
      return m.addresses().isEmpty() ? Optional.empty() : of(m.addresses().get(0).family());
    }

    @Override
    public Optional<Family> visitSet(SetMatch m) {
      Optional<AddressSet> set = sets.apply(m.setName());
      return set.isPresent() ? of(set.get().family()) : Optional.empty();
    }

    @Override
    public Optional<Family> visitPort(PortMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<Family> visitInterface(InterfaceMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<Family> visitConntrackState(ConntrackStateMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<Family> visitConntrackOriginal(ConntrackOriginalMatch m) {
      return m.destination().isPresent() ? of(m.destination().get().family()) : Optional.empty();
    }

    @Override
    public Optional<Family> visitIcmpType(IcmpTypeMatch m) {
      return of(m.family());
    }

    @Override
    public Optional<Family> visitLimit(LimitMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<Family> visitPolicy(PolicyMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<Family> visitAddressType(AddressTypeMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<Family> visitMark(MarkMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<Family> visitOpaque(OpaqueMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<Family> visitIpRange(IpRangeMatch m) {
      return of(m.first().family());
    }

    @Override
    public Optional<Family> visitMac(MacMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<Family> visitPacketType(PacketTypeMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<Family> visitOwner(OwnerMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<Family> visitTcpFlags(TcpFlagsMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<Family> visitRpFilter(RpFilterMatch m) {
      return Optional.empty();
    }
  }

  /** The protocol match itself, or nothing for every other kind. */
  private enum ProtocolOf implements Match.Visitor<Optional<ProtocolMatch>> {
    INSTANCE;

    @Override
    public Optional<ProtocolMatch> visitProtocol(ProtocolMatch m) {
      return Optional.of(m);
    }

    @Override
    public Optional<ProtocolMatch> visitAddress(AddressMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<ProtocolMatch> visitSet(SetMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<ProtocolMatch> visitPort(PortMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<ProtocolMatch> visitInterface(InterfaceMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<ProtocolMatch> visitConntrackState(ConntrackStateMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<ProtocolMatch> visitConntrackOriginal(ConntrackOriginalMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<ProtocolMatch> visitIcmpType(IcmpTypeMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<ProtocolMatch> visitLimit(LimitMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<ProtocolMatch> visitPolicy(PolicyMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<ProtocolMatch> visitAddressType(AddressTypeMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<ProtocolMatch> visitMark(MarkMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<ProtocolMatch> visitOpaque(OpaqueMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<ProtocolMatch> visitIpRange(IpRangeMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<ProtocolMatch> visitMac(MacMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<ProtocolMatch> visitPacketType(PacketTypeMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<ProtocolMatch> visitOwner(OwnerMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<ProtocolMatch> visitTcpFlags(TcpFlagsMatch m) {
      return Optional.empty();
    }

    @Override
    public Optional<ProtocolMatch> visitRpFilter(RpFilterMatch m) {
      return Optional.empty();
    }
  }
}
