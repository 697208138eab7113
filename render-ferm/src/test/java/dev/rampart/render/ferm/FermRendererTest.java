package dev.rampart.render.ferm;

import static dev.rampart.render.ferm.Rulesets.rule;
import static dev.rampart.testing.RendererFixtures.LOCKOUT_REFUSAL;
import static dev.rampart.testing.RendererFixtures.guide;
import static dev.rampart.testing.RendererFixtures.guideLockoutAllowed;
import static dev.rampart.testing.RendererFixtures.nothing;
import static dev.rampart.testing.RendererFixtures.perFamilyPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.AddressSet;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Family;
import dev.rampart.core.InvalidModelException;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Renderer;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.SetRef;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.UnsupportedFeatureException;
import dev.rampart.core.internal.IpsetRestore;
import dev.rampart.core.match.AddressTypeMatch;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.Match;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Verdict;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FermRendererTest {
  @Test
  void writesEachFamilysOwnPolicyInItsDomain() {
    assertThat(FermRenderer.of(RenderMode.OWN).render(perFamilyPolicy()))
        .contains(
            "        chain INPUT {\n"
                + "            @if @eq($DOMAIN, ip) policy DROP;\n"
                + "            @if @eq($DOMAIN, ip6) policy ACCEPT;\n");
  }

  @Test
  void refusesALockout() {
    assertThatThrownBy(() -> FermRenderer.of(RenderMode.OWN).render(guide()))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageStartingWith(LOCKOUT_REFUSAL);
    assertThatThrownBy(() -> FermRenderer.of(RenderMode.COEXIST).bundle(guide()))
        .hasMessageStartingWith(LOCKOUT_REFUSAL);
    Ruleset allowed = guideLockoutAllowed();
    assertThat(FermRenderer.of(RenderMode.OWN).render(allowed)).contains("policy DROP;");
  }

  private static final String HEADER_TAIL =
      """
      #
      # iptables flavour: ferm uses iptables-legacy whenever it is installed, while Docker
      # usually writes through iptables-nft. Docker, ferm and your tools must use the same
      # flavour, or ferm neither sees nor preserves Docker's chains and two rule sets apply
      # side by side. Check before loading:
      #   iptables -V                          # (nf_tables) or (legacy): Docker's flavour
      #   iptables-legacy-save | grep DOCKER   # must list Docker's chains for ferm to keep
      # Preview what ferm would load: ferm --noexec --lines ferm.conf
      """;

  private static final String COEXIST_HEADER =
      """
      # ferm configuration. Rendered by Rampart: change the Java policy and render again, not this file.
      # Mode coexist (Docker layout FROM_28_0_1): Docker's chains and the built-in chains are kept with @preserve
      # where the host has them (Docker's rules in INPUT too). Our rules of a built-in
      # chain live in RAMPART-<chain>, which ferm writes; @hook post commands leave
      # exactly one marked jump to it in the built-in chain and set the policies.
      # ferm rewrites every table it finds in the kernel, so each one lists them.
      """
          + HEADER_TAIL;

  /**
   * The coexist rendering of {@link Rulesets#swarmHost}, checked in the kernel by
   * PreservesKernelTest, ApplyScriptKernelTest and FermRendererKernelTest.
   */
  private static final String SWARM_HOST = resource("swarm-host-coexist.ferm");

  private static String resource(String name) {
    try (var in = FermRendererTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no test resource " + name);
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void rendersASwarmHostBesideDockersChains() {
    assertThat(FermRenderer.provider().render(Rulesets.swarmHost())).isEqualTo(SWARM_HOST);
    assertThat(SWARM_HOST).startsWith(COEXIST_HEADER);
  }

  @Test
  void refusesToManageAChainDockerCreatesAndSaysWhatToWriteInstead() {
    for (List<Rule> rules : List.of(List.<Rule>of(), List.of(rule(Verdict.ACCEPT)))) {
      Ruleset rs = Rulesets.filter(Chain.of("DOCKER-INGRESS", rules));
      assertThatThrownBy(() -> FermRenderer.provider().render(rs))
          .isInstanceOf(UnsupportedFeatureException.class)
          .hasMessage(
              "table filter, chain DOCKER-INGRESS: ferm cannot express a managed chain Docker creates, in coexist mode"
                  + " (Docker rewrites it; put forwarded-traffic rules into DOCKER-USER, or declare it"
                  + " foreign to jump to it): DOCKER-INGRESS");
    }
  }

  /**
   * ip6tables refuses {@code addrtype BROADCAST} at load time (the kernel's addrtype match has no
   * broadcast for IPv6), so ferm's output of a rule for both families failed in the kernel; found
   * by FermRendererKernelTest's generated property. The iptables renderer refuses it too.
   */
  @Test
  void refusesABroadcastAddressTypeInARuleForIpv6AndRendersItForIpv4Alone() {
    Match broadcast = AddressTypeMatch.destination(AddressTypeMatch.Type.BROADCAST);
    Ruleset both = Rulesets.filter(Chain.of("INPUT", List.of(rule(Verdict.DROP, broadcast))));
    assertThatThrownBy(() -> FermRenderer.provider().render(both))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "table filter, chain INPUT, rule 1: ferm cannot express an address type ipv6 does not"
                + " have: BROADCAST");
    Ruleset ipv4 =
        Rulesets.filter(
            Chain.of(
                "INPUT",
                List.of(
                    Rule.builder()
                        .from(rule(Verdict.DROP, broadcast))
                        .family(Family.IPV4)
                        .build())));
    assertThat(FermRenderer.provider().render(ipv4)).contains("mod addrtype dst-type BROADCAST");
  }

  @Test
  void namesDockersChainsByOneRegexForFerm26() {
    String text =
        FermRenderer.builder()
            .preserveForm(PreserveForm.REGEX)
            .build()
            .render(Rulesets.swarmHost());
    assertThat(text)
        .contains(
            "        chain ('/^DOCKER(?!(?:-USER)$)/' INPUT FORWARD OUTPUT) @preserve;\n"
                + "        @if @eq($DOMAIN, ip) @if @ne($RAMPART_KEEP4_FILTER, ()) chain"
                + " $RAMPART_KEEP4_FILTER @preserve;\n")
        .contains(
            "    @if @eq($DOMAIN, ip) @if $RAMPART_TABLE4_NAT table nat {\n"
                + "        chain ('/^DOCKER/' PREROUTING INPUT OUTPUT POSTROUTING) @preserve;\n")
        .contains(
            " -v t=nat -v want=' RAMPART-OWNED RAMPART-PREROUTING RAMPART-INPUT RAMPART-OUTPUT"
                + " RAMPART-POSTROUTING ' ")
        .doesNotContain("DOCKER-INGRESS");
  }

  @Test
  void ownModePreservesOnlyForeignChainsAndTouchesNoOtherTable() {
    String text = FermRenderer.of(RenderMode.OWN).render(Rulesets.swarmHost());
    assertThat(text)
        .startsWith(
            "# ferm configuration. Rendered by Rampart: change the Java policy and render again,"
                + " not this file.\n"
                + "# Mode own: ferm rewrites every table it finds; only foreign chains are kept.\n")
        .contains("    table filter {\n        chain DOCKER @preserve;\n        chain INPUT {\n")
        .doesNotContain("table nat")
        .doesNotContain("FORWARD");
  }

  @Test
  void loadsSetsFromAConfiguredAbsolutePath() {
    String text =
        FermRenderer.builder()
            .ipsetFile("/etc/ferm/ipset.rules")
            .build()
            .render(Rulesets.swarmHost());
    assertThat(text)
        .contains(
            "\n@hook pre \"ipset restore -exist < /etc/ferm/ipset.rules"
                + " || echo pre ipset rampart-hook-failed >&3\";\n");
  }

  @Test
  void refusesAnIpsetPathAShellOrFermCouldMisread() {
    assertThatThrownBy(() -> FermRenderer.builder().ipsetFile("/etc/ferm/$(id).rules"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "ipset file must be an absolute path of letters, digits and _ . / + - :"
                + " /etc/ferm/$(id).rules");
    assertThatThrownBy(() -> FermRenderer.builder().ipsetFile("ipset.rules"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void expandsSetsInlineWhenAsked() {
    String text = FermRenderer.builder().inlineSets(true).build().render(Rulesets.swarmHost());
    assertThat(text)
        .contains("\n@def $SET_swarm_nodes = (192.0.2.0/24 198.51.100.7);\n")
        .contains("proto tcp saddr $SET_swarm_nodes {\n                    dport 2377 ACCEPT;\n")
        .doesNotContain("@hook pre")
        .doesNotContain("match-set");
  }

  @Test
  void refusesToInlineALargeSet() {
    Ruleset big =
        Ruleset.builder()
            .addTables(
                Table.of(
                    TableName.FILTER,
                    List.of(
                        Chain.of("INPUT", List.of(rule(Verdict.ACCEPT, SetMatch.source("big")))))))
            .addSets(
                AddressSet.of(
                    "big",
                    Family.IPV4,
                    IntStream.range(0, 65)
                        .mapToObj(i -> dev.rampart.core.Cidr.parse("10.0." + i + ".0/24"))
                        .toList()))
            .build();
    assertThatThrownBy(() -> FermRenderer.builder().inlineSets(true).build().render(big))
        .isInstanceOfSatisfying(
            UnsupportedFeatureException.class,
            e -> assertThat(e.place()).isEqualTo(SetRef.of("big")))
        .hasMessage(
            "set big: ferm cannot express an inline set of more than 64 elements, use ipsets: 65"
                + " elements");
  }

  /** Checked in the kernel by FermRendererKernelTest and ReapplyKernelTest. */
  @Test
  void writesRulesOfForwardIntoItsManagedChainAndJumpsAndSetsThePolicyByHooks() {
    Ruleset rs =
        Rulesets.filter(
            Chain.builder()
                .name("FORWARD")
                .policy(ChainPolicy.DROP)
                .addRules(
                    rule(Jump.to("DOCKER-USER")),
                    rule("from lan; ok", Verdict.ACCEPT, InterfaceMatch.in("br+")))
                .build(),
            Chain.of("DOCKER-USER", List.of(rule(Verdict.RETURN))));
    String text = FermRenderer.provider().render(rs);
    assertThat(text)
        .contains(
            "        chain (INPUT FORWARD OUTPUT) @preserve;\n",
            "        chain RAMPART-FORWARD {\n"
                + "            jump DOCKER-USER;\n"
                + "            interface br+ mod comment comment \"from lan; ok\" ACCEPT;\n"
                + "        }\n",
            "printf '%s\\n' '*filter' ':RAMPART-OWNED - [0:0]'"
                + " '-I FORWARD 1 -m comment --comment rampart -j RAMPART-FORWARD'"
                + " ':FORWARD DROP [0:0]' 'OWNED DOCKER-USER '$RAMPART_KIND4_FILTER_DOCKER_USER"
                + " COMMIT > ${f}/ours && $RAMPART_IPTABLES-save",
            "@def $RAMPART_KIND6_FILTER_DOCKER_USER = `PATH=/usr/sbin:/sbin:$PATH;"
                + " s=$(command -v ip6tables-legacy-save || command -v ip6tables-save) && $s"
                + " | awk -v t=filter -v c=DOCKER-USER")
        .doesNotContain("chain FORWARD")
        .doesNotContain("policy DROP");
  }

  @Test
  void ownModeWritesBuiltinChainsItselfWithoutHooks() {
    String text = FermRenderer.of(RenderMode.OWN).render(Rulesets.swarmHost());
    assertThat(text)
        .contains("        chain INPUT {\n            policy DROP;\n            jump FILTERS;\n")
        .doesNotContain("@hook post")
        .doesNotContain("RAMPART_IPTABLES");
  }

  @Test
  void ownModeKeepsThePoliciesInFermConfInTheDirectoryLayout() {
    var files =
        FermRenderer.builder()
            .mode(RenderMode.OWN)
            .directoryLayout(true)
            .build()
            .bundle(Rulesets.swarmHost())
            .files();
    assertThat(files.get("ferm.conf"))
        .endsWith(
            """
            domain (ip ip6) {
                table filter {
                    chain INPUT policy DROP;
                }
            }

            @include 'ferm.d/';
            """);
    assertThat(files.get("ferm.d/20-host.ferm"))
        .contains("        chain INPUT {\n            jump");
  }

  @Test
  void acceptsRulesInForwardWhenItOwnsTheTables() {
    Ruleset rs = Rulesets.filter(Chain.of("FORWARD", List.of(rule(Verdict.DROP))));
    assertThat(FermRenderer.of(RenderMode.OWN).render(rs))
        .endsWith(
            "    table filter {\n        chain FORWARD {\n            DROP;\n        }\n"
                + "    }\n}\n");
  }

  @Test
  void bundlesOneFileWithTheIpsetsAndTheApplyScript() {
    var files = FermRenderer.provider().bundle(Rulesets.swarmHost()).files();
    assertThat(files.keySet())
        .containsExactly(
            "apply.sh",
            "ferm.conf",
            "ipset.rules",
            "rampart-firewall-docker.service",
            "rampart-firewall.service",
            "MANIFEST");
    assertThat(files.get("ferm.conf")).isEqualTo(SWARM_HOST);
    assertThat(files.get("ipset.rules")).isEqualTo(IpsetRestore.of(Rulesets.swarmHost()));
    assertThat(files.get("apply.sh")).isEqualTo(ApplyScript.of(true));
  }

  @Test
  void bundlesTheDirectoryLayoutWithTheDefaultsOfOurChainsThenThePreservesLast() {
    var files =
        FermRenderer.builder().directoryLayout(true).build().bundle(Rulesets.swarmHost()).files();
    assertThat(files.keySet())
        .containsExactly(
            "apply.sh",
            "ferm.conf",
            "ferm.d/20-host.ferm",
            "ferm.d/30-docker-user.ferm",
            "ferm.d/90-defaults.ferm",
            "ferm.d/95-preserve.ferm",
            "ipset.rules",
            "rampart-firewall-docker.service",
            "rampart-firewall.service",
            "MANIFEST");
    assertThat(files.get("ferm.conf"))
        .contains("@def $RAMPART_IPTABLES = ")
        .doesNotContain("domain")
        .contains("\n@include 'ferm.d/';\n\n# The built-in chains, kept as they are")
        .endsWith("|| echo post ipv6 rampart-hook-failed >&3\";\n");
    assertThat(files.get("ferm.d/20-host.ferm"))
        .contains("        chain FILTERS {\n")
        .doesNotContain("RAMPART-INPUT")
        .doesNotContain("@hook");
    assertThat(files.get("ferm.d/95-preserve.ferm"))
        .contains("        chain (INPUT FORWARD OUTPUT DOCKER) @preserve;\n")
        .contains(
            "        @if @eq($DOMAIN, ip) @if @ne($RAMPART_KEEP4_FILTER, ()) chain"
                + " $RAMPART_KEEP4_FILTER @preserve;\n")
        .contains(
            "        chain RAMPART-INPUT;\n        chain FILTERS;\n"
                + "        chain DOCKER-USER;\n    }\n")
        .doesNotContain("chain RAMPART-FORWARD;");
    assertThat(files.get("ferm.d/90-defaults.ferm"))
        .isEqualTo(
            """
            # The final drops, rejects and returns of our chains, loaded last: files of yours numbered 40 to 89 come before them.
            # Rendered by Rampart: change the Java policy and render again, not this file.

            domain (ip ip6) {
                table filter {
                    chain RAMPART-INPUT {
                        jump FILTERS;
                    }
                    chain FILTERS {
                        REJECT;
                    }
                    chain DOCKER-USER {
                        interface eth0 DROP;
                        RETURN;
                    }
                }
            }
            """);
    assertThat(files.get("ferm.d/30-docker-user.ferm"))
        .contains("            proto tcp mod conntrack ctorigdstport 8080 RETURN;\n        }\n")
        .doesNotContain("DROP");
    assertThat(files.get("ferm.d/20-host.ferm"))
        .contains("            proto tcp dport 22 mod comment comment \"ssh\" ACCEPT;\n")
        .doesNotContain("REJECT");
  }

  @Test
  void isFoundByTheServiceLoader() {
    assertThat(ServiceLoader.load(Renderer.class).stream().map(p -> p.get().format()))
        .contains("ferm");
  }

  @Test
  void rendersEqualRulesetsToIdenticalText() {
    assertThat(FermRenderer.of(RenderMode.OWN).render(Rulesets.everyConstruct()))
        .isEqualTo(FermRenderer.of(RenderMode.OWN).render(Rulesets.everyConstruct()));
  }

  @Test
  void namesTheNullParameter() {
    assertThatThrownBy(() -> FermRenderer.of(nothing()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("mode");
    assertThatThrownBy(() -> FermRenderer.of(RenderMode.OWN).render(nothing()))
        .hasMessage("ruleset");
    assertThatThrownBy(() -> FermRenderer.builder().dockerLayout(nothing())).hasMessage("layout");
  }
}
