package dev.rampart.render.ferm;

import static dev.rampart.render.ferm.Rulesets.rule;
import static dev.rampart.render.ferm.Rulesets.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Family;
import dev.rampart.core.RuleRef;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.UnsupportedFeatureException;
import dev.rampart.core.match.IcmpTypeMatch;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Run in the kernel by PreservesKernelTest, FermRendererKernelTest and FermTextKernelTest. */
class HooksTest {
  private static Hooks hooks(Chain... chains) {
    Ruleset rs = Rulesets.filter(chains);
    Hooks hooks = new Hooks();
    Table filter = rs.tables().get(0);
    for (Chain c : filter.chains()) {
      if (c.isBuiltin()) {
        hooks.add(rs, false, filter, c);
      }
    }
    return hooks;
  }

  @Test
  void insertsEachRuleAtItsPlaceUnlessPresentThenSetsThePolicies() {
    Hooks h =
        hooks(
            Chain.builder()
                .name("INPUT")
                .policy(ChainPolicy.DROP)
                .addRules(
                    rule(Verdict.ACCEPT, ProtocolMatch.of(Protocol.ICMP), IcmpTypeMatch.icmp(8)),
                    rule("host rules; see FILTERS", Jump.to("FILTERS")))
                .build(),
            Chain.of("FILTERS", List.of(rule(Verdict.ACCEPT, tcp()))));
    assertThat(h.insertLines())
        .containsExactly(
            "# Our rules in built-in chains: ferm keeps these chains as they are (@preserve),",
            "# Docker's rules included; after loading every chain above it runs these hooks,",
            "# which insert each rule at its place unless the chain holds it already.",
            "@hook post \"$RAMPART_IPTABLES -t filter -C INPUT -p icmp -m icmp --icmp-type 8"
                + " -j ACCEPT 2>/dev/null || $RAMPART_IPTABLES -t filter -I INPUT 1 -p icmp"
                + " -m icmp --icmp-type 8 -j ACCEPT || echo rampart-hook-failed >&3\";",
            "@hook post \"$RAMPART_IPTABLES -t filter -C INPUT -m comment --comment"
                + " 'host rules; see FILTERS' -j FILTERS 2>/dev/null || $RAMPART_IPTABLES -t filter"
                + " -I INPUT 2 -m comment --comment 'host rules; see FILTERS' -j FILTERS || echo rampart-hook-failed >&3\";",
            "@hook post \"$RAMPART_IP6TABLES -t filter -C INPUT -m comment --comment"
                + " 'host rules; see FILTERS' -j FILTERS 2>/dev/null || $RAMPART_IP6TABLES -t filter"
                + " -I INPUT 1 -m comment --comment 'host rules; see FILTERS' -j FILTERS || echo rampart-hook-failed >&3\";");
    assertThat(h.policyLines())
        .containsExactly(
            "# Policies of the built-in chains, set last, each only when our rules of its chain",
            "# are all in place (ferm ignores a failed hook; iptables printed why it failed, and",
            "# apply.sh fails: each hook reports its failure on file descriptor 3).",
            "@hook post \"$RAMPART_IPTABLES -t filter -C INPUT -p icmp -m icmp --icmp-type 8"
                + " -j ACCEPT && $RAMPART_IPTABLES -t filter -C INPUT -m comment --comment"
                + " 'host rules; see FILTERS' -j FILTERS && $RAMPART_IPTABLES -t filter"
                + " -P INPUT DROP || echo rampart-hook-failed >&3\";",
            "@hook post \"$RAMPART_IP6TABLES -t filter -C INPUT -m comment --comment"
                + " 'host rules; see FILTERS' -j FILTERS && $RAMPART_IP6TABLES -t filter"
                + " -P INPUT DROP || echo rampart-hook-failed >&3\";");
    assertThat(h.definitions())
        .containsExactly(
            "# The tools the hooks below call: the ones ferm itself uses (iptables-legacy when",
            "# installed, looked up in /usr/sbin, /sbin, then PATH; else iptables).",
            "@def $RAMPART_IPTABLES = \"$(PATH=/usr/sbin:/sbin:${PATH}; command -v"
                + " iptables-legacy || command -v iptables)\";",
            "@def $RAMPART_IP6TABLES = \"$(PATH=/usr/sbin:/sbin:${PATH}; command -v"
                + " ip6tables-legacy || command -v ip6tables)\";");
  }

  @Test
  void definesOnlyTheToolsOfTheFamiliesItUses() {
    Hooks h =
        hooks(
            Chain.of(
                "OUTPUT",
                List.of(
                    rule(Verdict.ACCEPT, ProtocolMatch.of(Protocol.ICMP), IcmpTypeMatch.icmp(0)))));
    assertThat(h.definitions()).hasSize(3).last().asString().startsWith("@def $RAMPART_IPTABLES ");
    assertThat(h.policyLines()).isEmpty();
  }

  @Test
  void setsAPolicyWithoutRulesUnconditionally() {
    Hooks h = hooks(Chain.builder().name("OUTPUT").policy(ChainPolicy.ACCEPT).build());
    assertThat(h.insertLines()).isEmpty();
    assertThat(h.policyLines())
        .endsWith(
            "@hook post \"$RAMPART_IPTABLES -t filter -P OUTPUT ACCEPT || echo rampart-hook-failed >&3\";",
            "@hook post \"$RAMPART_IP6TABLES -t filter -P OUTPUT ACCEPT || echo rampart-hook-failed >&3\";");
  }

  @Test
  void hasNothingForBuiltinChainsWithoutRulesOrPolicy() {
    Hooks h = hooks(Chain.of("INPUT", List.of()));
    assertThat(h.isEmpty()).isTrue();
    assertThat(h.definitions()).isEmpty();
    assertThat(h.insertLines()).isEmpty();
  }

  @Test
  void refusesASecondIdenticalRuleInABuiltinChain() {
    assertThatThrownBy(
            () ->
                hooks(
                    Chain.of(
                        "INPUT",
                        List.of(
                            rule(Verdict.ACCEPT, tcp()),
                            rule(Verdict.DROP),
                            rule(Verdict.ACCEPT, tcp())))))
        .isInstanceOfSatisfying(
            UnsupportedFeatureException.class,
            e -> assertThat(e.place()).isEqualTo(RuleRef.of(TableName.FILTER, "INPUT", 3)))
        .hasMessage(
            "table filter, chain INPUT, rule 3: ferm cannot express a second identical rule in a"
                + " built-in chain (coexist mode inserts each rule once): -p tcp -j ACCEPT");
  }

  @Test
  void allowsTheSameRuleInTwoFamiliesAndInTwoChains() {
    Hooks h =
        hooks(
            Chain.of("INPUT", List.of(rule(Verdict.ACCEPT, tcp()))),
            Chain.of("OUTPUT", List.of(rule(Verdict.ACCEPT, tcp()))));
    assertThat(h.insertLines()).hasSize(3 + 4);
    assertThat(Family.values()).hasSize(2);
  }
}
