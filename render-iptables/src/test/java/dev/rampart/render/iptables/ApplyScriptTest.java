package dev.rampart.render.iptables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.RenderMode;
import dev.rampart.core.RuleRef;
import dev.rampart.core.Ruleset;
import dev.rampart.core.TableName;
import dev.rampart.core.UnsupportedFeatureException;
import dev.rampart.dsl.Rampart;
import org.junit.jupiter.api.Test;

class ApplyScriptTest {
  /** The commands core's frame wraps: what runs once the bundle is checked. */
  private static String body(String script) {
    String start = "(\n  set -e\n";
    int from = script.indexOf(start) + start.length();
    return script.substring(from, script.indexOf(")\nrampart_status=$?\n", from));
  }

  @Test
  void describesTheModeAtTheTop() {
    assertThat(IptablesRenderer.applyScript(Hosts.dockerHost()))
        .contains(
            """
            # Rampart: applies the iptables bundle of this directory.
            # Loads rules.v4, rules.v6 and ipset.rules (coexist mode).
            # Docker's chains are left alone; running it again changes nothing.
            """);
  }

  @Test
  void coexistScriptRestoresWithoutFlushingInsertsOnceAndSetsPoliciesLast() {
    assertThat(body(IptablesRenderer.applyScript(Hosts.dockerHost())))
        .isEqualTo(
            """
            ipset restore -exist < ipset.rules
            iptables-restore --noflush < rules.v4
            ip6tables-restore --noflush < rules.v6
            iptables -t 'filter' -C 'INPUT' '-j' 'FILTERS' 2>/dev/null || iptables -t 'filter' -I 'INPUT' '1' '-j' 'FILTERS'
            iptables -t 'filter' -C 'INPUT' '-p' 'tcp' '-m' 'tcp' '--dport' '22' '-m' 'comment' '--comment' 'ssh first' '-j' 'ACCEPT' 2>/dev/null || iptables -t 'filter' -I 'INPUT' '2' '-p' 'tcp' '-m' 'tcp' '--dport' '22' '-m' 'comment' '--comment' 'ssh first' '-j' 'ACCEPT'
            ip6tables -t 'filter' -C 'INPUT' '-j' 'FILTERS' 2>/dev/null || ip6tables -t 'filter' -I 'INPUT' '1' '-j' 'FILTERS'
            ip6tables -t 'filter' -C 'INPUT' '-p' 'tcp' '-m' 'tcp' '--dport' '22' '-m' 'comment' '--comment' 'ssh first' '-j' 'ACCEPT' 2>/dev/null || ip6tables -t 'filter' -I 'INPUT' '2' '-p' 'tcp' '-m' 'tcp' '--dport' '22' '-m' 'comment' '--comment' 'ssh first' '-j' 'ACCEPT'
            iptables -t 'filter' -P 'INPUT' 'DROP'
            ip6tables -t 'filter' -P 'INPUT' 'DROP'
            """);
  }

  @Test
  void ownScriptRestoresWholeTables() {
    assertThat(
            body(IptablesRenderer.of(RenderMode.OWN).bundle(Hosts.dockerHost()).file("apply.sh")))
        .isEqualTo(
            """
            ipset restore -exist < ipset.rules
            iptables-restore < rules.v4
            ip6tables-restore < rules.v6
            """);
  }

  @Test
  void skipsIpsetAndEmptyRestoreFiles() {
    Ruleset rs =
        Rampart.ruleset()
            .filter(t -> t.chain("INPUT", c -> c.rule(r -> r.src("10.0.0.0/8").accept())))
            .build();
    assertThat(body(IptablesRenderer.applyScript(rs)))
        .isEqualTo(
            """
            iptables -t 'filter' -C 'INPUT' '-s' '10.0.0.0/8' '-j' 'ACCEPT' 2>/dev/null || iptables -t 'filter' -I 'INPUT' '1' '-s' '10.0.0.0/8' '-j' 'ACCEPT'
            """);
  }

  @Test
  void rejectsTwoIdenticalRulesInABuiltinChain() {
    Ruleset rs =
        Rampart.ruleset()
            .filter(
                t ->
                    t.chain(
                        "INPUT",
                        c -> c.rule(r -> r.in("lo").accept()).rule(r -> r.in("lo").accept())))
            .build();
    assertThatThrownBy(() -> IptablesRenderer.applyScript(rs))
        .isInstanceOfSatisfying(
            UnsupportedFeatureException.class,
            e -> assertThat(e.place()).isEqualTo(RuleRef.of(TableName.FILTER, "INPUT", 2)))
        .hasMessage(
            "table filter, chain INPUT, rule 2: iptables cannot express a second identical rule"
                + " in a built-in chain (coexist mode inserts each rule once): -i lo -j ACCEPT");
  }
}
