package dev.rampart.dsl.swarm;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.rampart.core.match.ConnState.ESTABLISHED;
import static dev.rampart.core.match.ConnState.RELATED;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.AdminAccess;
import dev.rampart.core.Cidr;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.target.Verdict;
import dev.rampart.dsl.Rampart;
import dev.rampart.dsl.RuleBuilder;
import dev.rampart.dsl.RulesetBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Makes a {@link SwarmHost}'s chains and ruleset from its facts. */
final class SwarmPolicy {
  private SwarmPolicy() {}

  /** The host chain: the rules the {@link SwarmHost} class comment lists, in that order. */
  static HostChain hostChain(SwarmHost h) {
    ImmutableList.Builder<Rule> out = ImmutableList.builder();
    out.add(Rampart.rule().ctstate(ESTABLISHED, RELATED).comment("replies").accept());
    out.add(Rampart.rule().in("lo").comment("loopback").accept());
    out.addAll(IcmpEssentials.rules(h.pingLimit()));
    out.addAll(
        SwarmPorts.rules(
            h.role(),
            h.trustedNodes(),
            h.dataPathPort(),
            h.encryptedOverlays(),
            h.internalInterfaces()));
    for (String i : h.internalInterfaces()) {
      out.add(Rampart.rule().in(i).comment("internal interface").accept());
    }
    for (Cidr net : h.internalNetworks()) {
      out.add(
          Rampart.rule()
              .match(AddressMatch.source(ImmutableList.of(net)))
              .comment("internal network")
              .accept());
    }
    out.addAll(accept(h.adminSources(), r -> r.tcp().dport(PortRange.of(h.sshPort())), "ssh"));
    for (HostPort p : h.openPorts()) {
      out.addAll(accept(p.sources(), port(p), "open port " + p));
    }
    for (HostPort p : h.hostPorts()) {
      out.addAll(accept(p.sources(), port(p), "host port " + p));
    }
    for (String ext : h.externalInterfaces()) {
      out.add(Rampart.rule().in(ext).comment("not allowed").drop());
    }
    HostChain chain = HostChain.of(h.hostChainName(), out.build());
    return h.inputPolicy().map(chain::withInputPolicy).orElse(chain);
  }

  /** {@code DOCKER-USER}: the published services, and the open ports in any delivery mode. */
  static DockerUserAllowList dockerUser(SwarmHost h) {
    DockerUserAllowList.Builder d =
        DockerUserAllowList.builder()
            .externalInterfaces(h.externalInterfaces())
            .gatewayBridge(h.gatewayBridge());
    h.dockerBridgeSubnet()
        .ifPresentOrElse(net -> d.bridge(h.dockerBridge(), net), () -> d.bridge(h.dockerBridge()));
    h.gatewayBridgeSubnet()
        .ifPresentOrElse(
            net -> d.bridge(h.gatewayBridge(), net), () -> d.bridge(h.gatewayBridge()));
    d.trustedNetworks(h.internalNetworks()).allow(h.published());
    for (HostPort p : h.openPorts()) {
      PublishedService s = PublishedService.of(p.protocol(), p.ports()).hostMode();
      d.allow(p.sources().map(s::from).orElse(s));
    }
    return d.build();
  }

  /** The ruleset: every source set's address sets, the host chain and {@code DOCKER-USER}. */
  static Ruleset ruleset(SwarmHost h) {
    HostChain hostChain = h.hostChain();
    DockerUserAllowList dockerUser = h.dockerUser();
    RulesetBuilder rb = Rampart.ruleset().adminPorts(h.sshPort());
    h.adminSources()
        .ifPresent(
            s ->
                rb.adminAccess(
                    AdminAccess.builder()
                        .addPorts(h.sshPort())
                        .sources(s.members())
                        .families(s.families())
                        .build()));
    for (SourceSet s : sourceSets(h)) {
      s.addressSets().forEach(rb::set);
    }
    if (h.internalInterfaces().isEmpty()) {
      rb.raw(AntiSpoofing.of(h.externalInterfaces(), h.trustedNodes())::applyTo);
    }
    return rb.filter(
            t -> {
              hostChain.applyTo(t);
              dockerUser.applyTo(t);
            })
        .build();
  }

  private static UnaryOperator<RuleBuilder> port(HostPort p) {
    return r -> r.protocol(p.protocol()).dport(p.ports());
  }

  /** {@code rule} commented {@code comment}, accepted from {@code sources} (else anywhere). */
  private static ImmutableList<Rule> accept(
      Optional<SourceSet> sources, UnaryOperator<RuleBuilder> rule, String comment) {
    UnaryOperator<RuleBuilder> commented = r -> rule.apply(r).comment(comment);
    return sources
        .map(s -> SourceRules.from(s, commented, Verdict.ACCEPT))
        .orElseGet(() -> SourceRules.anywhere(commented, Verdict.ACCEPT));
  }

  private static ImmutableList<SourceSet> sourceSets(SwarmHost h) {
    Map<String, SourceSet> byName = new LinkedHashMap<>();
    List<SourceSet> all = new ArrayList<>();
    all.add(h.trustedNodes());
    h.adminSources().ifPresent(all::add);
    h.hostPorts().forEach(p -> p.sources().ifPresent(all::add));
    h.openPorts().forEach(p -> p.sources().ifPresent(all::add));
    h.published().forEach(p -> p.sources().ifPresent(all::add));
    for (SourceSet s : all) {
      SourceSet seen = byName.putIfAbsent(s.name(), s);
      checkArgument(
          seen == null || seen.equals(s), "two different source sets are named %s", s.name());
    }
    return ImmutableList.copyOf(byName.values());
  }
}
