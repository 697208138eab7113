package dev.rampart.render.ferm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import com.google.common.collect.ImmutableMap;
import dev.rampart.core.Chain;
import dev.rampart.core.Family;
import dev.rampart.core.Policy;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.UnsupportedFeatureException;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Verdict;
import dev.rampart.testing.ExecResult;
import dev.rampart.testing.FermLines;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Netns;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@KernelTest(
    tools = {
      "ip",
      "ferm",
      "iptables-restore",
      "ip6tables-restore",
      "ipset",
      "sh",
      "iptables-legacy",
      "iptables-legacy-save",
      "iptables-legacy-restore",
      "ip6tables-legacy-save",
      "ip6tables-legacy-restore"
    })
class FermRendererKernelTest {
  private static void assertEquivalent(KernelLab lab, Ruleset ruleset) {
    Netns ferm = lab.namespace("ferm");
    Netns iptables = lab.namespace("iptables");
    FermLab.loadFerm(ferm, FermRenderer.of(RenderMode.OWN), ruleset);
    FermLab.loadIptables(iptables, ruleset);
    for (Family f : Family.values()) {
      assertThat(ferm.iptablesSave(f)).as(f.label()).isEqualTo(iptables.iptablesSave(f));
    }
  }

  @Test
  void generatedRulesetsLoadAsTheIptablesRendering(KernelLab lab) {
    Netns ferm = lab.namespace("ferm");
    Netns iptables = lab.namespace("iptables");
    qt().withExamples(30)
        .withShrinkCycles(20)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Ruleset ruleset = RandomRulesets.of(seed);
              FermLab.loadFerm(ferm, FermRenderer.of(RenderMode.OWN), ruleset);
              FermLab.loadIptables(iptables, ruleset);
              for (Family f : Family.values()) {
                assertThat(ferm.iptablesSave(f))
                    .as("seed %s, %s", seed, f.label())
                    .isEqualTo(iptables.iptablesSave(f));
              }
            });
  }

  /**
   * Coexist mode against own mode, both through the real ferm: the rules and policies the hooks put
   * into the built-in chains read back exactly as the ones ferm writes itself (own mode is proven
   * equal to the iptables renderer above), and a second apply changes nothing.
   */
  private static void assertHooksLoadAsFermsOwnRules(Netns own, Netns coexist, Ruleset ruleset) {
    FermLab.resetLegacy(own);
    FermLab.apply(own, FermRenderer.of(RenderMode.OWN), ruleset);
    assertHooksLoadAsInOwnMode(own, coexist, ruleset);
  }

  private static void assertHooksLoadAsInOwnMode(Netns own, Netns coexist, Ruleset ruleset) {
    FermLab.resetLegacy(coexist);
    ExecResult applied = FermLab.tryApply(coexist, FermRenderer.provider(), ruleset);
    assertThat(applied.exitCode()).as("apply.sh: %s", applied.stderr()).isZero();
    assertThat(applied.stderr().lines().filter(l -> !l.startsWith("apply.sh: note:")))
        .as("the hooks' errors")
        .isEmpty();
    String once = fullSave(coexist);
    for (Family f : Family.values()) {
      assertThat(FermLab.legacySave(coexist, f, ruleset))
          .as(f.label())
          .isEqualTo(FermLab.legacySave(own, f, ruleset))
          .contains("-A ");
    }
    FermLab.apply(coexist, FermRenderer.provider(), ruleset);
    assertThat(fullSave(coexist)).as("second apply").isEqualTo(once);
  }

  /** Both families' legacy saves without their comment lines (which carry the time). */
  private static String fullSave(Netns ns) {
    return (ns.run("iptables-legacy-save") + ns.run("ip6tables-legacy-save"))
        .replaceAll("(?m)^#.*\n", "");
  }

  @Test
  void everyConstructInBuiltinChainsIsInsertedByTheHooksAsFermWouldWriteIt(KernelLab lab) {
    assertHooksLoadAsFermsOwnRules(
        lab.namespace("own"), lab.namespace("coexist"), Rulesets.everyConstruct());
  }

  @Test
  void generatedRulesetsInsertedByTheHooksLoadAsFermsOwnRules(KernelLab lab) {
    Netns own = lab.namespace("own");
    Netns coexist = lab.namespace("coexist");
    AtomicInteger checked = new AtomicInteger();
    qt().withExamples(40)
        .withShrinkCycles(10)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Ruleset ruleset = RandomRulesets.of(seed);
              try {
                FermRenderer.provider().render(ruleset);
              } catch (UnsupportedFeatureException e) {
                assertThat(e).hasMessageContaining("a second identical rule in a built-in chain");
                return; // coexist mode inserts each rule of a built-in chain once
              }
              FermLab.resetLegacy(own);
              ExecResult loaded = FermLab.tryApply(own, FermRenderer.of(RenderMode.OWN), ruleset);
              if (loaded.exitCode() != 0) {
                // the legacy kernel checks hooks at load: -o in a chain INPUT reaches, ...
                assertThat(loaded.stderr()).contains("tables-restore: line ");
                return;
              }
              assertHooksLoadAsInOwnMode(own, coexist, ruleset);
              checked.incrementAndGet();
            });
    assertThat(checked.get()).isGreaterThan(15);
  }

  /** ferm writes nothing of its own for IPv4 here: the declarations still create FILTERS. */
  @Test
  void aFamilyWhoseRulesAllLiveInBuiltinChainsStillGetsOurChains(KernelLab lab) {
    Ruleset rs =
        Rulesets.filter(
            Chain.builder()
                .name("INPUT")
                .policy(Policy.DROP)
                .addRules(Rulesets.rule(Jump.to("FILTERS")))
                .build(),
            Chain.of(
                "FILTERS",
                List.of(
                    Rule.builder()
                        .family(Family.IPV6)
                        .addMatches(Rulesets.tcp(), Rulesets.dport(22))
                        .target(Verdict.ACCEPT)
                        .build())));
    Netns ns = lab.namespace("v6only");
    FermLab.resetLegacy(ns);
    FermLab.apply(ns, FermRenderer.provider(), rs);
    assertThat(FermLab.legacySave(ns, Family.IPV4, rs))
        .isEqualTo(
            """
            *filter
            :INPUT DROP [0:0]
            :FILTERS - [0:0]
            -A INPUT -j FILTERS
            """);
    assertThat(FermLab.legacySave(ns, Family.IPV6, rs))
        .isEqualTo(
            """
            *filter
            :INPUT DROP [0:0]
            :FILTERS - [0:0]
            -A INPUT -j FILTERS
            -A FILTERS -p tcp -m tcp --dport 22 -j ACCEPT
            """);
  }

  /**
   * An insert that fails (here through a wrapper that refuses {@code -I}, put in place with ferm's
   * own {@code --def}): ferm ignores the failed hook, and the policy hook must then leave INPUT's
   * policy alone, while the other family, whose inserts work, gets its policy.
   */
  @Test
  void aFailedInsertLeavesThePolicyAlone(KernelLab lab) {
    Ruleset rs =
        Rulesets.filter(
            Chain.builder()
                .name("INPUT")
                .policy(Policy.DROP)
                .addRules(Rulesets.rule(Jump.to("FILTERS")))
                .build(),
            Chain.of("FILTERS", List.of(Rulesets.rule(Verdict.ACCEPT, InterfaceMatch.in("lo")))));
    Netns ns = lab.namespace("failed");
    FermLab.resetLegacy(ns);
    Path dir =
        FermLab.write(
            ImmutableMap.of(
                "ferm.conf",
                FermRenderer.provider().render(rs),
                "refuse-inserts",
                "case \" $* \" in *\" -I \"*) echo refused >&2; exit 1;; esac\n"
                    + "exec iptables-legacy \"$@\"\n"));
    try {
      ExecResult r =
          ns.exec(
              "",
              "ferm",
              "--def",
              "$RAMPART_IPTABLES=\"sh " + dir.resolve("refuse-inserts") + "\"",
              dir.resolve("ferm.conf").toString());
      assertThat(r.exitCode()).as("ferm does not see hook failures").isZero();
      assertThat(r.stderr()).contains("refused");
    } finally {
      FermLab.delete(dir);
    }
    assertThat(FermLab.legacySave(ns, Family.IPV4, rs))
        .isEqualTo(
            """
            *filter
            :INPUT ACCEPT [0:0]
            :FILTERS - [0:0]
            -A FILTERS -i lo -j ACCEPT
            """);
    assertThat(FermLab.legacySave(ns, Family.IPV6, rs))
        .isEqualTo(
            """
            *filter
            :INPUT DROP [0:0]
            :FILTERS - [0:0]
            -A INPUT -j FILTERS
            -A FILTERS -i lo -j ACCEPT
            """);
  }

  @Test
  void theDirectoryLayoutLoadsAsTheSingleFile(KernelLab lab) {
    Netns ns = lab.namespace("dir");
    FermRenderer renderer = FermRenderer.builder().directoryLayout(true).build();
    Path dir = FermLab.write(renderer.bundle(Rulesets.swarmHost()));
    try {
      var fromDirectory =
          ns.run("ferm", "--noexec", "--lines", dir.resolve("ferm.conf").toString());
      var single = FermLab.lines(ns, FermRenderer.provider().render(Rulesets.swarmHost()));
      assertThat(single.exitCode()).isZero();
      assertThat(FermLines.restoreTexts(fromDirectory))
          .isEqualTo(FermLines.restoreTexts(single.stdout()))
          .hasSize(2);
      // the ipset hooks differ in the directory they name
      assertThat(FermLab.commands(fromDirectory).subList(1, 5))
          .isEqualTo(FermLab.commands(single.stdout()).subList(1, 5))
          .hasSize(4)
          .last()
          .asString()
          .endsWith(" -t filter -P INPUT DROP");
    } finally {
      FermLab.delete(dir);
    }
  }

  @Test
  void inlineSetsLoadAsOneRulePerElement(KernelLab lab) {
    Netns ferm = lab.namespace("ferm");
    Netns iptables = lab.namespace("iptables");
    Ruleset ruleset = Rulesets.swarmHost();
    FermLab.loadFerm(
        ferm, FermRenderer.builder().mode(RenderMode.OWN).inlineSets(true).build(), ruleset);
    FermLab.loadIptables(iptables, Rulesets.setsAsLists(ruleset));
    for (Family f : Family.values()) {
      assertThat(ferm.iptablesSave(f)).as(f.label()).isEqualTo(iptables.iptablesSave(f));
    }
    assertThat(ferm.iptablesSave(Family.IPV4))
        .contains("-A FILTERS -s 198.51.100.7/32 -p tcp -m tcp --dport 7946 -j ACCEPT");
  }

  @Test
  void everyConstructLoadsAsTheIptablesRendering(KernelLab lab) {
    assertEquivalent(lab, Rulesets.everyConstruct());
  }

  @Test
  void swarmHostLoadsAsTheIptablesRendering(KernelLab lab) {
    assertEquivalent(lab, Rulesets.swarmHost());
  }

  @Test
  void hostConstructsLoadAsTheIptablesRendering(KernelLab lab) {
    assertEquivalent(lab, Rulesets.hostConstructs());
  }

  @Test
  void hostConstructsInIpv4BuiltinChainsAreInsertedByTheHooksAsFermWouldWriteThem(KernelLab lab) {
    assertHooksLoadAsFermsOwnRules(
        lab.namespace("own"), lab.namespace("coexist"), Rulesets.hostConstructsIpv4());
  }
}
