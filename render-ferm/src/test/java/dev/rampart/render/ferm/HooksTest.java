package dev.rampart.render.ferm;

import static dev.rampart.render.ferm.Rulesets.rule;
import static dev.rampart.render.ferm.Rulesets.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.match.IcmpTypeMatch;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.target.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hooks run in the kernel in ReapplyKernelTest, PreservesKernelTest and ApplyScriptKernelTest.
 */
class HooksTest {
  private static Hooks hooks(Chain... chains) {
    Ruleset rs = Rulesets.filter(chains);
    Hooks hooks = new Hooks();
    Table filter = rs.tables().get(0);
    for (Chain c : filter.chains()) {
      if (c.isBuiltin()) {
        hooks.add(rs, filter, c);
      }
    }
    return hooks;
  }

  @Test
  void eachFamilysHookJumpsOnlyWhereItsManagedChainHasRulesAndSetsThePolicy() {
    Hooks h =
        hooks(
            Chain.builder()
                .name("INPUT")
                .policy(ChainPolicy.DROP)
                .addRules(
                    rule(Verdict.ACCEPT, ProtocolMatch.of(Protocol.ICMP), IcmpTypeMatch.icmp(8)))
                .build(),
            Chain.of("OUTPUT", List.of(rule(Verdict.ACCEPT, tcp()))));
    List<String> lines = h.lines();
    assertThat(lines).hasSize(6);
    assertThat(lines.get(4))
        .startsWith(
            "@hook post \"f=$(TMPDIR=/tmp mktemp -d) && { printf '%s\\n' '*filter'"
                + " ':RAMPART-OWNED - [0:0]'"
                + " '-I INPUT 1 -m comment --comment rampart -j RAMPART-INPUT'"
                + " ':INPUT DROP [0:0]'"
                + " '-I OUTPUT 1 -m comment --comment rampart -j RAMPART-OUTPUT' COMMIT"
                + " > ${f}/ours && $RAMPART_IPTABLES-save > ${f}/save && awk -v reg=RAMPART-OWNED")
        .endsWith(
            " '$RAMPART_MERGE' ${f}/ours - < ${f}/save > ${f}/in && $RAMPART_IPTABLES-restore"
                + " --noflush -w 10 < ${f}/in; s=$?; rm -rf ${f}; [ ${s} = 0 ]; }"
                + " || echo post ipv4 rampart-hook-failed >&3\";");
    // the ICMP rule is IPv4 only: IPv6's RAMPART-INPUT is empty and gets no jump
    assertThat(lines.get(5))
        .contains(
            "printf '%s\\n' '*filter' ':RAMPART-OWNED - [0:0]' ':INPUT DROP [0:0]'"
                + " '-I OUTPUT 1 -m comment --comment rampart -j RAMPART-OUTPUT' COMMIT",
            "$RAMPART_IP6TABLES-save", "$RAMPART_IP6TABLES-restore --noflush -w 10");
  }

  @Test
  void withNothingOfOursInBuiltInChainsTheHooksStillRemoveWhatAnEarlierPolicyLeft() {
    Hooks h = hooks(Chain.of("FILTERS", List.of(rule(Verdict.ACCEPT, tcp()))));
    assertThat(h.lines().get(4)).contains("{ : > ${f}/ours && $RAMPART_IPTABLES-save");
  }

  @Test
  void theMergeProgramIsOneSingleQuotedFermStringWithoutQuotesInside() {
    for (String name : List.of("$RAMPART_MERGE")) {
      String prefix = "@def " + name + " = '";
      String def =
          Hooks.definitions().stream().filter(d -> d.startsWith(prefix)).findFirst().orElseThrow();
      assertThat(def).endsWith("}';");
      String program = def.substring(prefix.length(), def.length() - 2);
      assertThat(program).doesNotContain("'", "\n", "`");
    }
  }
}
