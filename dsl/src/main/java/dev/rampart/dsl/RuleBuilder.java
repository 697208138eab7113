package dev.rampart.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Lists;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.AddressTypeMatch;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.ConntrackOriginalMatch;
import dev.rampart.core.match.ConntrackStateMatch;
import dev.rampart.core.match.IcmpTypeMatch;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.LimitMatch;
import dev.rampart.core.match.MarkMatch;
import dev.rampart.core.match.Match;
import dev.rampart.core.match.PolicyMatch;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
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
import java.util.List;
import java.util.Optional;

/**
 * Builds one rule: conditions first, in the order written, then exactly one target method, which
 * returns the finished {@link Rule}. Conditions are a conjunction. Inside a chain ({@link
 * ChainBuilder#rule}) a mistake names the rule's place; {@link Rampart#rule()} starts one alone,
 * e.g. for a preset's block of rules. A null argument throws a {@link NullPointerException} whose
 * message is the parameter's name.
 */
public final class RuleBuilder {
  private final Rule.Builder rule = Rule.builder();
  private Optional<Protocol> protocol = Optional.empty();

  RuleBuilder() {}

  // ---- protocol ----

  /** Matches TCP. */
  public RuleBuilder tcp() {
    return protocol(Protocol.TCP);
  }

  /** Matches UDP. */
  public RuleBuilder udp() {
    return protocol(Protocol.UDP);
  }

  /** Matches SCTP. */
  public RuleBuilder sctp() {
    return protocol(Protocol.SCTP);
  }

  /** Matches ICMP (IPv4); makes the rule IPv4-only. */
  public RuleBuilder icmp() {
    return protocol(Protocol.ICMP);
  }

  /** Matches ICMPv6; makes the rule IPv6-only. */
  public RuleBuilder icmpv6() {
    return protocol(Protocol.ICMPV6);
  }

  /** Matches ESP (IP protocol 50), the transport of encrypted overlay networks. */
  public RuleBuilder esp() {
    return protocol(Protocol.ESP);
  }

  /** Matches {@code protocol}. */
  public RuleBuilder protocol(Protocol protocol) {
    this.protocol = Optional.of(checkNotNull(protocol, "protocol"));
    return match(ProtocolMatch.of(protocol));
  }

  /** Matches any protocol but {@code protocol}. */
  public RuleBuilder notProtocol(Protocol protocol) {
    return match(ProtocolMatch.not(checkNotNull(protocol, "protocol")));
  }

  // ---- ports ----

  /** Matches destination ports (needs {@link #tcp()}, {@link #udp()} or {@link #sctp()}). */
  public RuleBuilder dport(int port, int... more) {
    return match(PortMatch.destination(RuleArgs.ports(port, more)));
  }

  /** Matches a destination port range, inclusive. */
  public RuleBuilder dportRange(int first, int last) {
    return match(PortMatch.destination(ImmutableList.of(PortRange.range(first, last))));
  }

  /** Matches destination ports and ranges. */
  public RuleBuilder dport(PortRange first, PortRange... more) {
    return dport(Lists.asList(checkNotNull(first, "first"), checkNotNull(more, "more")));
  }

  /** Matches destination ports and ranges, e.g. {@code dport(List.of(PortRange.of(80)))}. */
  public RuleBuilder dport(Iterable<PortRange> ports) {
    return match(PortMatch.destination(RuleArgs.ranges(ports)));
  }

  /** Matches any destination port except the given ones. */
  public RuleBuilder notDport(int port, int... more) {
    return match(PortMatch.destination(RuleArgs.ports(port, more)).negate());
  }

  /** Matches any destination port except the given ports and ranges. */
  public RuleBuilder notDport(Iterable<PortRange> ports) {
    return match(PortMatch.destination(RuleArgs.ranges(ports)).negate());
  }

  /** Matches source ports. */
  public RuleBuilder sport(int port, int... more) {
    return match(PortMatch.source(RuleArgs.ports(port, more)));
  }

  /** Matches source ports and ranges. */
  public RuleBuilder sport(Iterable<PortRange> ports) {
    return match(PortMatch.source(RuleArgs.ranges(ports)));
  }

  /** Matches any source port except the given ones. */
  public RuleBuilder notSport(int port, int... more) {
    return match(PortMatch.source(RuleArgs.ports(port, more)).negate());
  }

  /** Matches any source port except the given ports and ranges. */
  public RuleBuilder notSport(Iterable<PortRange> ports) {
    return match(PortMatch.source(RuleArgs.ranges(ports)).negate());
  }

  // ---- addresses ----

  /** Matches source addresses or CIDRs, e.g. {@code "10.0.0.0/8"}. */
  public RuleBuilder src(String cidr, String... more) {
    return src(Lists.asList(checkNotNull(cidr, "cidr"), checkNotNull(more, "more")));
  }

  /** Matches source addresses or CIDRs. */
  public RuleBuilder src(Iterable<String> cidrs) {
    return match(AddressMatch.source(RuleArgs.cidrs(cidrs)));
  }

  /** Matches sources outside {@code cidr}. */
  public RuleBuilder notSrc(String cidr) {
    return match(AddressMatch.source(RuleArgs.cidrs(List.of(checkNotNull(cidr, "cidr")))).negate());
  }

  /** Matches destination addresses or CIDRs. */
  public RuleBuilder dst(String cidr, String... more) {
    return dst(Lists.asList(checkNotNull(cidr, "cidr"), checkNotNull(more, "more")));
  }

  /** Matches destination addresses or CIDRs. */
  public RuleBuilder dst(Iterable<String> cidrs) {
    return match(AddressMatch.destination(RuleArgs.cidrs(cidrs)));
  }

  /** Matches destinations outside {@code cidr}. */
  public RuleBuilder notDst(String cidr) {
    return match(
        AddressMatch.destination(RuleArgs.cidrs(List.of(checkNotNull(cidr, "cidr")))).negate());
  }

  /** Matches sources in the named set. */
  public RuleBuilder srcSet(String set) {
    return match(SetMatch.source(checkNotNull(set, "set")));
  }

  /** Matches sources not in the named set. */
  public RuleBuilder notSrcSet(String set) {
    return match(SetMatch.source(checkNotNull(set, "set")).negate());
  }

  /** Matches destinations in the named set. */
  public RuleBuilder dstSet(String set) {
    return match(SetMatch.destination(checkNotNull(set, "set")));
  }

  /** Matches destinations not in the named set. */
  public RuleBuilder notDstSet(String set) {
    return match(SetMatch.destination(checkNotNull(set, "set")).negate());
  }

  /** Matches packets addressed to one of this host's addresses. */
  public RuleBuilder dstLocal() {
    return match(AddressTypeMatch.destination(AddressTypeMatch.Type.LOCAL));
  }

  /** Matches the destination address type. */
  public RuleBuilder dstType(AddressTypeMatch.Type type) {
    return match(AddressTypeMatch.destination(checkNotNull(type, "type")));
  }

  /** Matches the source address type. */
  public RuleBuilder srcType(AddressTypeMatch.Type type) {
    return match(AddressTypeMatch.source(checkNotNull(type, "type")));
  }

  // ---- interfaces ----

  /** Matches the input interface; a name ending in {@code +} matches a prefix. */
  public RuleBuilder in(String iface) {
    return match(InterfaceMatch.in(checkNotNull(iface, "iface")));
  }

  /** Matches any input interface but {@code iface}. */
  public RuleBuilder notIn(String iface) {
    return match(InterfaceMatch.in(checkNotNull(iface, "iface")).negate());
  }

  /** Matches the output interface. */
  public RuleBuilder out(String iface) {
    return match(InterfaceMatch.out(checkNotNull(iface, "iface")));
  }

  /** Matches any output interface but {@code iface}. */
  public RuleBuilder notOut(String iface) {
    return match(InterfaceMatch.out(checkNotNull(iface, "iface")).negate());
  }

  // ---- conntrack ----

  /** Matches conntrack states, e.g. {@code ctstate(ESTABLISHED, RELATED)}. */
  public RuleBuilder ctstate(ConnState state, ConnState... more) {
    return ctstate(Lists.asList(checkNotNull(state, "state"), checkNotNull(more, "more")));
  }

  /** Matches conntrack states, e.g. {@code ctstate(EnumSet.of(NEW))}. */
  public RuleBuilder ctstate(Iterable<ConnState> states) {
    return match(ConntrackStateMatch.of(ImmutableList.copyOf(checkNotNull(states, "states"))));
  }

  /** Matches packets in none of the given states. */
  public RuleBuilder notCtstate(ConnState state, ConnState... more) {
    return notCtstate(Lists.asList(checkNotNull(state, "state"), checkNotNull(more, "more")));
  }

  /** Matches packets in none of the given states. */
  public RuleBuilder notCtstate(Iterable<ConnState> states) {
    return match(ConntrackStateMatch.not(ImmutableList.copyOf(checkNotNull(states, "states"))));
  }

  /** Matches connections originally addressed to {@code port} (before DNAT). */
  public RuleBuilder ctOrigDport(int port) {
    return ctOrigDport(PortRange.of(port));
  }

  /** Matches connections originally addressed to a port in {@code ports} (before DNAT). */
  public RuleBuilder ctOrigDport(PortRange ports) {
    return match(ConntrackOriginalMatch.destinationPort(checkNotNull(ports, "ports")));
  }

  /** Matches connections originally addressed to {@code cidr} (before DNAT). */
  public RuleBuilder ctOrigDst(String cidr) {
    return match(ConntrackOriginalMatch.destination(Cidr.parse(checkNotNull(cidr, "cidr"))));
  }

  // ---- icmp ----

  /** Matches ICMP (IPv4) type {@code type}; adds {@code -p icmp} if no protocol was given. */
  public RuleBuilder icmpType(int type) {
    return icmpMatch(IcmpTypeMatch.icmp(type));
  }

  /** Matches ICMP (IPv4) type and code. */
  public RuleBuilder icmpType(int type, int code) {
    return icmpMatch(IcmpTypeMatch.of(Family.IPV4, type, code));
  }

  /** Matches ICMPv6 type {@code type}; adds {@code -p ipv6-icmp} if no protocol was given. */
  public RuleBuilder icmpv6Type(int type) {
    return icmpMatch(IcmpTypeMatch.icmpv6(type));
  }

  // ---- others ----

  /** Limits the rate: {@code limit(5, SECOND)}. */
  public RuleBuilder limit(int rate, LimitMatch.Unit unit) {
    return match(LimitMatch.of(rate, checkNotNull(unit, "unit")));
  }

  /** Limits the rate with a burst. */
  public RuleBuilder limit(int rate, LimitMatch.Unit unit, int burst) {
    return match(LimitMatch.of(rate, checkNotNull(unit, "unit"), burst));
  }

  /** Matches packets that arrived through IPsec ({@code -m policy --dir in --pol ipsec}). */
  public RuleBuilder ipsecIn() {
    return match(PolicyMatch.of(PolicyMatch.Dir.IN, PolicyMatch.Processing.IPSEC));
  }

  /** Matches packets that arrived without IPsec ({@code -m policy --dir in --pol none}). */
  public RuleBuilder notIpsecIn() {
    return match(PolicyMatch.of(PolicyMatch.Dir.IN, PolicyMatch.Processing.NONE));
  }

  /** Matches the firewall mark. */
  public RuleBuilder mark(long value) {
    return match(MarkMatch.of(value));
  }

  /** Matches {@code mark & mask == value}. */
  public RuleBuilder mark(long value, long mask) {
    return match(MarkMatch.of(value, mask));
  }

  /** Adds any match of the model. */
  public RuleBuilder match(Match match) {
    rule.addMatches(checkNotNull(match, "match"));
    return this;
  }

  /** Restricts the rule to IPv4. */
  public RuleBuilder ipv4() {
    rule.family(Family.IPV4);
    return this;
  }

  /** Restricts the rule to IPv6. */
  public RuleBuilder ipv6() {
    rule.family(Family.IPV6);
    return this;
  }

  /** Sets the rule's comment. */
  public RuleBuilder comment(String comment) {
    rule.comment(checkNotNull(comment, "comment"));
    return this;
  }

  // ---- targets ----

  /** Ends the rule with ACCEPT. */
  public Rule accept() {
    return target(Verdict.ACCEPT);
  }

  /** Ends the rule with DROP. */
  public Rule drop() {
    return target(Verdict.DROP);
  }

  /** Ends the rule with RETURN: back to the calling chain (in DOCKER-USER: let Docker decide). */
  public Rule returns() {
    return target(Verdict.RETURN);
  }

  /** Ends the rule with REJECT, the family's default error. */
  public Rule reject() {
    return target(Reject.of());
  }

  /** Ends the rule with REJECT and the given error. */
  public Rule reject(Reject.With with) {
    return target(Reject.with(checkNotNull(with, "with")));
  }

  /** Ends the rule with a jump to the user chain {@code chain}. */
  public Rule jump(String chain) {
    return target(Jump.to(checkNotNull(chain, "chain")));
  }

  /** Ends the rule with a goto to the user chain {@code chain}. */
  public Rule goTo(String chain) {
    return target(Jump.goTo(checkNotNull(chain, "chain")));
  }

  /** Ends the rule with LOG (non-terminating) and {@code prefix}. */
  public Rule log(String prefix) {
    return target(Log.prefixed(checkNotNull(prefix, "prefix")));
  }

  /** Ends the rule with DNAT to {@code address}:{@code port} (nat table). */
  public Rule dnat(String address, int port) {
    return target(Dnat.to(Cidr.parse(checkNotNull(address, "address")), port));
  }

  /** Ends the rule with SNAT to {@code address} (nat table). */
  public Rule snat(String address) {
    return target(Snat.to(Cidr.parse(checkNotNull(address, "address"))));
  }

  /** Ends the rule with MASQUERADE (nat table). */
  public Rule masquerade() {
    return target(Masquerade.of());
  }

  /** Ends the rule with any target of the model. */
  public Rule target(Target target) {
    return rule.target(checkNotNull(target, "target")).build();
  }

  private RuleBuilder icmpMatch(IcmpTypeMatch m) {
    if (protocol.isEmpty()) {
      protocol(m.protocol());
    }
    return match(m);
  }
}
