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
import dev.rampart.core.match.InterfaceMatch;
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
      # Mode coexist (Docker layout FROM_28_0_1): Docker's chains and the built-in chains are kept
      # with @preserve (Docker's rules in INPUT too); @hook post commands insert our rules
      # into the built-in chains once and set their policies. ferm rewrites every table
      # it finds in the kernel, so each table Docker uses lists them.
      """
          + HEADER_TAIL;

  /** Checked in the kernel by PreservesKernelTest and FermRendererKernelTest. */
  private static final String SWARM_HOST =
      COEXIST_HEADER
          + """

          # ferm does not create ipsets: load them before the rules.
          # apply.sh loads ipset.rules from its directory, then runs ferm.

          # The tools the hooks below call: the ones ferm itself uses (iptables-legacy when
          # installed, looked up in /usr/sbin, /sbin, then PATH; else iptables).
          @def $RAMPART_IPTABLES = "$(PATH=/usr/sbin:/sbin:${PATH}; command -v iptables-legacy \
          || command -v iptables)";
          @def $RAMPART_IP6TABLES = "$(PATH=/usr/sbin:/sbin:${PATH}; command -v ip6tables-legacy \
          || command -v ip6tables)";

          domain (ip ip6) {
              table filter {
                  chain (INPUT FORWARD OUTPUT DOCKER DOCKER-BRIDGE DOCKER-CT DOCKER-FORWARD \
          DOCKER-INTERNAL DOCKER-ISOLATION-STAGE-1 DOCKER-ISOLATION-STAGE-2) @preserve;
                  @if @eq($DOMAIN, ip) chain DOCKER-INGRESS @preserve;
                  chain FILTERS;
                  chain DOCKER-USER;
                  chain FILTERS {
                      mod conntrack ctstate (ESTABLISHED RELATED) ACCEPT;
                      interface lo ACCEPT;
                      @if @eq($DOMAIN, ip) proto icmp icmp-type 3 ACCEPT;
                      @if @eq($DOMAIN, ip6) proto ipv6-icmp icmpv6-type 1 ACCEPT;
                      proto tcp dport 22 mod comment comment "ssh" ACCEPT;
                      @if @eq($DOMAIN, ip) {
                          proto tcp {
                              dport 2377 mod set match-set swarm-nodes src ACCEPT;
                              dport 7946 mod set match-set swarm-nodes src ACCEPT;
                          }
                      }
                      REJECT;
                  }
                  chain DOCKER-USER {
                      mod conntrack ctstate (ESTABLISHED RELATED) RETURN;
                      proto tcp mod conntrack ctorigdstport 8080 RETURN;
                      interface eth0 DROP;
                      RETURN;
                  }
              }
              table raw {
                  chain (PREROUTING OUTPUT) @preserve;
              }
              table mangle {
                  chain (PREROUTING INPUT FORWARD OUTPUT POSTROUTING) @preserve;
              }
              table nat {
                  chain (PREROUTING INPUT OUTPUT POSTROUTING DOCKER) @preserve;
                  @if @eq($DOMAIN, ip) chain DOCKER-INGRESS @preserve;
              }
          }

          # Our rules in built-in chains: ferm keeps these chains as they are (@preserve),
          # Docker's rules included; after loading every chain above it runs these hooks,
          # which insert each rule at its place unless the chain holds it already.
          @hook post "$RAMPART_IPTABLES -t filter -C INPUT -j FILTERS 2>/dev/null \
          || $RAMPART_IPTABLES -t filter -I INPUT 1 -j FILTERS || echo rampart-hook-failed >&3";
          @hook post "$RAMPART_IP6TABLES -t filter -C INPUT -j FILTERS 2>/dev/null \
          || $RAMPART_IP6TABLES -t filter -I INPUT 1 -j FILTERS || echo rampart-hook-failed >&3";

          # Policies of the built-in chains, set last, each only when our rules of its chain
          # are all in place (ferm ignores a failed hook; iptables printed why it failed, and
          # apply.sh fails: each hook reports its failure on file descriptor 3).
          @hook post "$RAMPART_IPTABLES -t filter -C INPUT -j FILTERS \
          && $RAMPART_IPTABLES -t filter -P INPUT DROP || echo rampart-hook-failed >&3";
          @hook post "$RAMPART_IP6TABLES -t filter -C INPUT -j FILTERS \
          && $RAMPART_IP6TABLES -t filter -P INPUT DROP || echo rampart-hook-failed >&3";
          """;

  @Test
  void rendersASwarmHostBesideDockersChains() {
    assertThat(FermRenderer.provider().render(Rulesets.swarmHost())).isEqualTo(SWARM_HOST);
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
                + "        chain FILTERS;\n")
        .contains(
            "    table nat {\n        chain ('/^DOCKER/' PREROUTING INPUT OUTPUT POSTROUTING)"
                + " @preserve;\n    }\n")
        .doesNotContain("DOCKER-INGRESS @preserve");
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
                + " || echo rampart-hook-failed >&3\";\n");
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

  /** Checked in the kernel by FermRendererKernelTest (hooks load as ferm's own rules). */
  @Test
  void insertsRulesOfForwardAtTheTopAndSetsItsPolicyByHooks() {
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
    assertThat(FermRenderer.provider().render(rs))
        .contains("        chain (INPUT FORWARD OUTPUT DOCKER DOCKER-BRIDGE")
        .doesNotContain("chain FORWARD")
        .endsWith(
            """
            @hook post "$RAMPART_IPTABLES -t filter -C FORWARD -j DOCKER-USER 2>/dev/null \
            || $RAMPART_IPTABLES -t filter -I FORWARD 1 -j DOCKER-USER || echo rampart-hook-failed >&3";
            @hook post "$RAMPART_IPTABLES -t filter -C FORWARD -i br+ -m comment --comment \
            'from lan; ok' -j ACCEPT 2>/dev/null || $RAMPART_IPTABLES -t filter -I FORWARD 2 \
            -i br+ -m comment --comment 'from lan; ok' -j ACCEPT || echo rampart-hook-failed >&3";
            @hook post "$RAMPART_IP6TABLES -t filter -C FORWARD -j DOCKER-USER 2>/dev/null \
            || $RAMPART_IP6TABLES -t filter -I FORWARD 1 -j DOCKER-USER || echo rampart-hook-failed >&3";
            @hook post "$RAMPART_IP6TABLES -t filter -C FORWARD -i br+ -m comment --comment \
            'from lan; ok' -j ACCEPT 2>/dev/null || $RAMPART_IP6TABLES -t filter -I FORWARD 2 \
            -i br+ -m comment --comment 'from lan; ok' -j ACCEPT || echo rampart-hook-failed >&3";

            # Policies of the built-in chains, set last, each only when our rules of its chain
            # are all in place (ferm ignores a failed hook; iptables printed why it failed, and
            # apply.sh fails: each hook reports its failure on file descriptor 3).
            @hook post "$RAMPART_IPTABLES -t filter -C FORWARD -j DOCKER-USER \
            && $RAMPART_IPTABLES -t filter -C FORWARD -i br+ -m comment --comment 'from lan; ok' \
            -j ACCEPT && $RAMPART_IPTABLES -t filter -P FORWARD DROP || echo rampart-hook-failed >&3";
            @hook post "$RAMPART_IP6TABLES -t filter -C FORWARD -j DOCKER-USER \
            && $RAMPART_IP6TABLES -t filter -C FORWARD -i br+ -m comment --comment 'from lan; ok' \
            -j ACCEPT && $RAMPART_IP6TABLES -t filter -P FORWARD DROP || echo rampart-hook-failed >&3";
            """);
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
  void bundlesTheDirectoryLayoutWithPreserveFirstAndTheDefaultsOfOurChainsLast() {
    var files =
        FermRenderer.builder().directoryLayout(true).build().bundle(Rulesets.swarmHost()).files();
    assertThat(files.keySet())
        .containsExactly(
            "apply.sh",
            "ferm.conf",
            "ferm.d/10-preserve.ferm",
            "ferm.d/20-host.ferm",
            "ferm.d/30-docker-user.ferm",
            "ferm.d/90-defaults.ferm",
            "ipset.rules",
            "rampart-firewall-docker.service",
            "rampart-firewall.service",
            "MANIFEST");
    assertThat(files.get("ferm.conf"))
        .contains("@def $RAMPART_IPTABLES = ")
        .doesNotContain("domain")
        .endsWith(
            """

            @include 'ferm.d/';

            # Policies of the built-in chains, set last, each only when our rules of its chain
            # are all in place (ferm ignores a failed hook; iptables printed why it failed, and
            # apply.sh fails: each hook reports its failure on file descriptor 3).
            @hook post "$RAMPART_IPTABLES -t filter -C INPUT -j FILTERS \
            && $RAMPART_IPTABLES -t filter -P INPUT DROP || echo rampart-hook-failed >&3";
            @hook post "$RAMPART_IP6TABLES -t filter -C INPUT -j FILTERS \
            && $RAMPART_IP6TABLES -t filter -P INPUT DROP || echo rampart-hook-failed >&3";
            """);
    assertThat(files.get("ferm.d/20-host.ferm"))
        .contains("        chain FILTERS {\n")
        .endsWith(
            """
            # which insert each rule at its place unless the chain holds it already.
            @hook post "$RAMPART_IPTABLES -t filter -C INPUT -j FILTERS 2>/dev/null \
            || $RAMPART_IPTABLES -t filter -I INPUT 1 -j FILTERS || echo rampart-hook-failed >&3";
            @hook post "$RAMPART_IP6TABLES -t filter -C INPUT -j FILTERS 2>/dev/null \
            || $RAMPART_IP6TABLES -t filter -I INPUT 1 -j FILTERS || echo rampart-hook-failed >&3";
            """);
    assertThat(files.get("ferm.d/10-preserve.ferm"))
        .contains("        chain (INPUT FORWARD OUTPUT DOCKER ")
        .contains("        chain FILTERS;\n        chain DOCKER-USER;\n    }\n");
    assertThat(files.get("ferm.d/90-defaults.ferm"))
        .isEqualTo(
            """
            # The final drops, rejects and returns of our chains, loaded last: files of yours numbered 40 to 89 come before them.
            # Rendered by Rampart: change the Java policy and render again, not this file.

            domain (ip ip6) {
                table filter {
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
