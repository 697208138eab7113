package dev.rampart.dsl.swarm;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.ConntrackOriginalMatch;
import dev.rampart.core.match.ConntrackStateMatch;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.Match;
import dev.rampart.core.match.PolicyMatch;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.target.Target;
import dev.rampart.core.target.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A small rule builder for the presets ({@link dev.rampart.dsl.RuleBuilder} is created only by the
 * DSL's chain builder). Each method returns a copy, so a partial rule can be shared.
 */
final class Rules {
  private final ImmutableList<Match> matches;
  private final Optional<String> comment;

  private Rules(ImmutableList<Match> matches, Optional<String> comment) {
    this.matches = matches;
    this.comment = comment;
  }

  /** A rule with no matches yet. */
  static Rules rule() {
    return new Rules(ImmutableList.of(), Optional.empty());
  }

  Rules match(Match m) {
    List<Match> next = new ArrayList<>(matches);
    next.add(m);
    return new Rules(ImmutableList.copyOf(next), comment);
  }

  Rules protocol(Protocol p) {
    return match(ProtocolMatch.of(p));
  }

  Rules dport(Protocol p, PortRange ports) {
    return protocol(p).match(PortMatch.destination(ImmutableList.of(ports)));
  }

  Rules in(String iface) {
    return match(InterfaceMatch.in(iface));
  }

  Rules out(String iface) {
    return match(InterfaceMatch.out(iface));
  }

  Rules src(Cidr cidr) {
    return match(AddressMatch.source(ImmutableList.of(cidr)));
  }

  Rules srcSet(String set) {
    return match(SetMatch.source(set));
  }

  Rules established() {
    return match(
        ConntrackStateMatch.of(ImmutableList.of(ConnState.ESTABLISHED, ConnState.RELATED)));
  }

  Rules ctOrigDport(PortRange ports) {
    return match(ConntrackOriginalMatch.destinationPort(ports));
  }

  Rules ipsecIn() {
    return match(PolicyMatch.of(PolicyMatch.Dir.IN, PolicyMatch.Processing.IPSEC));
  }

  Rules comment(String text) {
    return new Rules(matches, Optional.of(text));
  }

  Rule accept() {
    return target(Verdict.ACCEPT);
  }

  Rule drop() {
    return target(Verdict.DROP);
  }

  Rule returns() {
    return target(Verdict.RETURN);
  }

  Rule target(Target target) {
    Rule.Builder b = Rule.builder().addAllMatches(matches).target(target);
    comment.ifPresent(b::comment);
    return b.build();
  }

  /**
   * One rule per family of {@code sources} (each matching that family's set), or this rule alone
   * when {@code sources} is empty (anywhere).
   */
  ImmutableList<Rule> from(Optional<SourceSet> sources, Target target) {
    if (sources.isEmpty()) {
      return ImmutableList.of(target(target));
    }
    ImmutableList.Builder<Rule> out = ImmutableList.builder();
    for (Family f : sources.get().families()) {
      out.add(srcSet(sources.get().setName(f)).target(target));
    }
    return out.build();
  }
}
