package dev.rampart.render.ferm;

import static dev.rampart.render.ferm.Rulesets.rule;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableMap;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.UnsupportedFeatureException;
import dev.rampart.core.match.IcmpTypeMatch;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Verdict;
import dev.rampart.testing.ExecResult;
import dev.rampart.testing.FermLines;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Netns;
import dev.rampart.testing.Seeds;
import dev.rampart.testing.gen.Generators;
import dev.rampart.testing.gen.QtGenerators;
import dev.rampart.testing.gen.RulesetOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
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
      "ip6tables-legacy",
      "ip6tables-legacy-save",
      "ip6tables-legacy-restore"
    })
class FermRendererKernelTest {
  /**
   * The generated rulesets ({@link Generators}): the filter table of both families with every kind
   * of match and target, sets and user chains, in the shape ferm writes one for one ({@link
   * RulesetOptions#canonicalMatches()}: ferm merges two matches of a kind and unfolds lists), port
   * lists only after TCP and UDP (ferm's {@code multiport} has no other protocol).
   */
  static final RulesetOptions GENERATED =
      RulesetOptions.builder()
          .tables()
          .canonicalMatches(true)
          .portListProtocols(List.of(Protocol.TCP, Protocol.UDP))
          .build();

  private static void assertEquivalent(KernelLab lab, Ruleset ruleset) {
    Netns ferm = lab.namespace("ferm");
    Netns iptables = lab.namespace("iptables");
    FermLab.loadFerm(ferm, FermRenderer.of(RenderMode.OWN), ruleset);
    FermLab.loadIptables(iptables, ruleset);
    for (Family f : Family.values()) {
      assertThat(ferm.iptablesSave(f)).as(f.label()).isEqualTo(iptables.iptablesSave(f));
    }
  }

  /**
   * ferm writes {@code proto icmp} as ICMPv6 in its ip6 domain; Rampart's ICMP rules must mean in
   * each family what the iptables renderer writes for it: ICMP and ICMP types for IPv4 only, ICMPv6
   * for IPv6 only, a negated protocol the same number in both.
   */
  @Test
  void icmpRulesMeanTheSameInEachFamilyAsTheIptablesRendering(KernelLab lab) {
    Ruleset ruleset =
        Rulesets.filter(
            Chain.of(
                "INPUT",
                List.of(
                    rule(Verdict.ACCEPT, ProtocolMatch.of(Protocol.ICMP)),
                    rule(Verdict.ACCEPT, ProtocolMatch.of(Protocol.ICMPV6)),
                    rule(Verdict.ACCEPT, ProtocolMatch.of(Protocol.ICMP), IcmpTypeMatch.icmp(3)),
                    rule(
                        Verdict.ACCEPT,
                        ProtocolMatch.of(Protocol.ICMPV6),
                        IcmpTypeMatch.icmpv6(135)),
                    rule(Verdict.DROP, ProtocolMatch.not(Protocol.ICMP)),
                    rule(Verdict.DROP, ProtocolMatch.not(Protocol.ICMPV6)))));
    assertEquivalent(lab, ruleset);
    Netns ns = lab.namespace("icmp");
    FermLab.loadFerm(ns, FermRenderer.of(RenderMode.OWN), ruleset);
    assertThat(ns.run("ip6tables", "-S", "INPUT").lines())
        .containsExactly(
            "-P INPUT ACCEPT",
            "-A INPUT -p ipv6-icmp -j ACCEPT",
            "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 135 -j ACCEPT",
            "-A INPUT ! -p icmp -j DROP",
            "-A INPUT ! -p ipv6-icmp -j DROP");
    assertThat(ns.run("iptables", "-S", "INPUT").lines())
        .containsExactly(
            "-P INPUT ACCEPT",
            "-A INPUT -p icmp -j ACCEPT",
            "-A INPUT -p icmp -m icmp --icmp-type 3 -j ACCEPT",
            "-A INPUT ! -p icmp -j DROP",
            "-A INPUT ! -p ipv6-icmp -j DROP");
  }

  @Test
  void generatedRulesetsLoadAsTheIptablesRendering(KernelLab lab) {
    Netns ferm = lab.namespace("ferm");
    Netns iptables = lab.namespace("iptables");
    Seeds.qt()
        .withExamples(30)
        .withShrinkCycles(20)
        .forAll(QtGenerators.rulesets(GENERATED))
        .checkAssert(
            ruleset -> {
              FermLab.loadFerm(ferm, FermRenderer.of(RenderMode.OWN), ruleset);
              FermLab.loadIptables(iptables, ruleset);
              for (Family f : Family.values()) {
                assertThat(ferm.iptablesSave(f))
                    .as("%s of\n%s", f.label(), FermRenderer.of(RenderMode.OWN).render(ruleset))
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
          .isEqualTo(FermLab.legacySave(own, f, ruleset));
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
    Netns own = lab.namespace("own");
    Netns coexist = lab.namespace("coexist");
    Ruleset ruleset = Rulesets.everyConstructForCoexist();
    assertHooksLoadAsFermsOwnRules(own, coexist, ruleset);
    for (Family f : Family.values()) {
      assertThat(FermLab.legacySave(coexist, f, ruleset))
          .as("%s has rules in built-in chains", f.label())
          .containsPattern("(?m)^-A (INPUT|FORWARD|OUTPUT|PREROUTING|POSTROUTING) ");
    }
  }

  /**
   * Regression, found by the property below: every rule is IPv6, so the hooks insert nothing for
   * IPv4 and both modes leave IPv4's chains empty. The product was right; the property wrongly
   * assumed every family gets a rule. The ruleset is the first IPv6-only one drawn (fixed seed)
   * with rules in built-in chains that coexist mode renders.
   */
  @Test
  void aGeneratedRulesetWithNoIpv4RuleLoadsAsFermsOwnRules(KernelLab lab) {
    Ruleset ruleset = ipv6OnlyWithBuiltinRules();
    assertThat(ruleset.tables().get(0).chains())
        .flatMap(Chain::rules)
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.family()).contains(Family.IPV6));

    assertHooksLoadAsFermsOwnRules(lab.namespace("own"), lab.namespace("coexist"), ruleset);
  }

  @Test
  void generatedRulesetsInsertedByTheHooksLoadAsFermsOwnRules(KernelLab lab) {
    Netns own = lab.namespace("own");
    Netns coexist = lab.namespace("coexist");
    AtomicInteger checked = new AtomicInteger();
    Seeds.qt()
        .withExamples(60) // about a third is refused (RETURN or goto in a built-in chain)
        .withShrinkCycles(10)
        .forAll(QtGenerators.rulesets(GENERATED))
        .checkAssert(
            ruleset -> {
              try {
                FermRenderer.provider().render(ruleset);
              } catch (UnsupportedFeatureException e) {
                assertThat(e).hasMessageContaining("in a built-in chain in coexist mode");
                return; // a RETURN or goto would continue with Docker's rules of the chain
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

  /**
   * The first ruleset drawn with {@link #GENERATED} for IPv6 alone that coexist mode renders and
   * that has rules in a built-in chain.
   *
   * @throws AssertionError if none of a hundred draws is one
   */
  private static Ruleset ipv6OnlyWithBuiltinRules() {
    RulesetOptions v6 = GENERATED.toBuilder().families(Family.IPV6).build();
    SplittableRandom random = new SplittableRandom(Seeds.seed());
    for (int i = 0; i < 100; i++) {
      Ruleset rs = Generators.ruleset(random, v6);
      boolean builtinRules =
          rs.tables().stream()
              .map(Table::chains)
              .flatMap(List::stream)
              .anyMatch(c -> c.isBuiltin() && !c.rules().isEmpty());
      try {
        FermRenderer.provider().render(rs);
      } catch (UnsupportedFeatureException e) {
        continue;
      }
      if (builtinRules) {
        return rs;
      }
    }
    throw new AssertionError("seed " + Seeds.seed() + ": no IPv6-only ruleset in 100 draws");
  }

  /** ferm writes nothing of its own for IPv4 here: the declarations still create FILTERS. */
  @Test
  void aFamilyWhoseRulesAllLiveInBuiltinChainsStillGetsOurChains(KernelLab lab) {
    Ruleset rs =
        Rulesets.filter(
            Chain.builder()
                .name("INPUT")
                .policy(ChainPolicy.DROP)
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
   * A transaction that fails (here through a wrapper whose {@code -restore} refuses, put in place
   * with ferm's own {@code --def}): ferm ignores the failed hook, and INPUT keeps its policy and
   * gets no jump (never DROP without its jump), while the other family, whose transaction works,
   * gets both.
   */
  @Test
  void aFailedTransactionLeavesThePolicyAlone(KernelLab lab) {
    Ruleset rs =
        Rulesets.filter(
            Chain.builder()
                .name("INPUT")
                .policy(ChainPolicy.DROP)
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
                "tool-save",
                "exec iptables-legacy-save \"$@\"\n",
                "tool-restore",
                "echo refused >&2; exit 1\n"));
    try {
      ExecResult r =
          ns.exec(
              "",
              "ferm",
              "--def",
              "$RAMPART_IPTABLES=\"sh " + dir.resolve("tool") + "\"",
              dir.resolve("ferm.conf").toString());
      assertThat(r.exitCode()).as("ferm does not see hook failures").isZero();
      assertThat(r.stderr()).contains("refused");
    } finally {
      FermLab.delete(dir);
    }
    assertThat(ns.run("iptables-legacy", "-S", "INPUT")).isEqualTo("-P INPUT ACCEPT\n");
    assertThat(ns.run("ip6tables-legacy", "-S", "INPUT"))
        .isEqualTo("-P INPUT DROP\n-A INPUT -m comment --comment rampart -j RAMPART-INPUT\n");
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
    Path dir = FermLab.write(renderer.bundle(Rulesets.swarmHost()).files());
    try {
      var fromDirectory =
          ns.run("ferm", "--noexec", "--lines", dir.resolve("ferm.conf").toString());
      var single = FermLab.lines(ns, FermRenderer.provider().render(Rulesets.swarmHost()));
      assertThat(single.exitCode()).isZero();
      assertThat(FermLines.restoreTexts(fromDirectory))
          .isEqualTo(FermLines.restoreTexts(single.stdout()))
          .hasSize(2);
      assertThat(FermLab.commands(fromDirectory))
          .isEqualTo(FermLab.commands(single.stdout()))
          .hasSize(2) // one transaction per family, IPv6 last
          .last()
          .asString()
          .contains("command -v ip6tables-legacy", "-restore --noflush ")
          .endsWith(" || echo post ipv6 rampart-hook-failed >&3");
    } finally {
      FermLab.delete(dir);
    }
  }

  /**
   * An operator's {@code ferm.d/50-mine.ferm} (the README's place for own files) adds rules to our
   * chains before their final drops, rejects and returns, so they take effect.
   */
  @Test
  void anOperatorsFileInFermDComesBeforeTheFinalDrops(KernelLab lab) {
    Netns ns = lab.namespace("mine");
    var files =
        ImmutableMap.<String, String>builder()
            .putAll(
                FermRenderer.builder()
                    .directoryLayout(true)
                    .build()
                    .bundle(Rulesets.swarmHost())
                    .files())
            .put(
                "ferm.d/50-mine.ferm",
                "domain ip table filter {\n"
                    + "  chain DOCKER-USER proto tcp dport 9000 RETURN;\n"
                    + "  chain FILTERS proto tcp dport 8443 ACCEPT;\n"
                    + "}\n")
            .buildOrThrow();
    Path dir = FermLab.write(files);
    try {
      String v4 =
          FermLines.restoreTexts(
                  ns.run("ferm", "--noexec", "--lines", dir.resolve("ferm.conf").toString()))
              .get(Family.IPV4);
      List<String> rules = v4.lines().filter(l -> l.startsWith("-A ")).toList();
      assertThat(rules)
          .filteredOn(l -> l.startsWith("-A DOCKER-USER "))
          .last()
          .asString()
          .endsWith("--jump RETURN")
          .doesNotContain("9000");
      assertThat(index(rules, "--dport 9000")).isLessThan(index(rules, "--in-interface eth0"));
      assertThat(index(rules, "--dport 8443")).isLessThan(index(rules, "--jump REJECT"));
    } finally {
      FermLab.delete(dir);
    }
  }

  private static int index(List<String> lines, String part) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(part)) {
        return i;
      }
    }
    throw new AssertionError("no line with " + part + " in " + lines);
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
