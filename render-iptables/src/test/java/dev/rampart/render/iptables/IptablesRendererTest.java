package dev.rampart.render.iptables;

import static dev.rampart.testing.RendererFixtures.LOCKOUT_REFUSAL;
import static dev.rampart.testing.RendererFixtures.guide;
import static dev.rampart.testing.RendererFixtures.guideLockoutAllowed;
import static dev.rampart.testing.RendererFixtures.nothing;
import static dev.rampart.testing.RendererFixtures.perFamilyPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Family;
import dev.rampart.core.InvalidModelException;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Renderer;
import dev.rampart.core.Ruleset;
import dev.rampart.core.UnsupportedFeatureException;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class IptablesRendererTest {
  @Test
  void writesEachFamilysOwnPolicy() {
    IptablesRenderer v6 =
        IptablesRenderer.builder().family(Family.IPV6).mode(RenderMode.OWN).build();
    assertThat(IptablesRenderer.of(RenderMode.OWN).render(perFamilyPolicy()))
        .contains(":INPUT DROP [0:0]");
    assertThat(v6.render(perFamilyPolicy())).contains(":INPUT ACCEPT [0:0]");
    var bundle = IptablesRenderer.of(RenderMode.OWN).bundle(perFamilyPolicy());
    assertThat(bundle.file("own.v4")).contains(":INPUT DROP [0:0]");
    assertThat(bundle.file("own.v6")).contains(":INPUT ACCEPT [0:0]");
  }

  @Test
  void setsEachFamilysOwnPolicyInCoexistMode() {
    // the coexist transaction sets each built-in policy with its chain line
    var bundle = IptablesRenderer.of(RenderMode.COEXIST).bundle(perFamilyPolicy());
    assertThat(bundle.file("coexist.v4")).contains(":INPUT DROP [0:0]\n");
    assertThat(bundle.file("coexist.v6")).contains(":INPUT ACCEPT [0:0]\n");
  }

  @Test
  void refusesALockoutInTheFamiliesItWrites() {
    assertThat(IptablesRenderer.of(RenderMode.OWN).render(guide())).contains(":INPUT DROP [0:0]");
    IptablesRenderer v6 =
        IptablesRenderer.builder().family(Family.IPV6).mode(RenderMode.OWN).build();
    assertThatThrownBy(() -> v6.render(guide()))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageStartingWith(LOCKOUT_REFUSAL);
    assertThatThrownBy(() -> IptablesRenderer.of(RenderMode.COEXIST).bundle(guide()))
        .hasMessageStartingWith(LOCKOUT_REFUSAL);
    Ruleset allowed = guideLockoutAllowed();
    assertThat(v6.render(allowed)).contains(":INPUT DROP [0:0]");
  }

  private static final Ruleset HOST = Hosts.dockerHost();

  @Test
  void namesItsFormatAfterTheFamily() {
    assertThat(IptablesRenderer.of(RenderMode.OWN).format()).isEqualTo("iptables");
    assertThat(
            IptablesRenderer.builder()
                .family(Family.IPV6)
                .mode(RenderMode.COEXIST)
                .build()
                .format())
        .isEqualTo("ip6tables");
    assertThat(IptablesRenderer.provider().format()).isEqualTo("iptables");
  }

  @Test
  void isFoundByTheServiceLoader() {
    assertThat(ServiceLoader.load(Renderer.class).stream().map(p -> p.get().format()))
        .contains("iptables");
  }

  @Test
  void ownModeWritesWholeTablesInIptablesSaveOrder() {
    assertThat(IptablesRenderer.of(RenderMode.OWN).render(HOST))
        .isEqualTo(
            """
            *filter
            :INPUT DROP [0:0]
            :FORWARD ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :DOCKER-FORWARD - [0:0]
            :DOCKER-USER - [0:0]
            :FILTERS - [0:0]
            -A INPUT -j FILTERS
            -A INPUT -p tcp -m tcp --dport 22 -m comment --comment "ssh first" -j ACCEPT
            -A DOCKER-USER -m set --match-set allow4 src -m conntrack --ctorigdstport 8080 -j RETURN
            -A DOCKER-USER -i eth0 -o docker_gwbridge -j DROP
            -A DOCKER-USER -j RETURN
            -A FILTERS -i lo -j ACCEPT
            -A FILTERS -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
            -A FILTERS -p tcp -m tcp --dport 22 -m comment --comment ssh -j ACCEPT
            -A FILTERS -p icmp -m icmp --icmp-type 8 -m limit --limit 5/sec -j ACCEPT
            COMMIT
            """);
  }

  @Test
  void ownModeLeavesOutRulesOfTheOtherFamily() {
    assertThat(
            IptablesRenderer.builder()
                .family(Family.IPV6)
                .mode(RenderMode.OWN)
                .build()
                .render(HOST))
        .isEqualTo(
            """
            *filter
            :INPUT DROP [0:0]
            :FORWARD ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :DOCKER-FORWARD - [0:0]
            :DOCKER-USER - [0:0]
            :FILTERS - [0:0]
            -A INPUT -j FILTERS
            -A INPUT -p tcp -m tcp --dport 22 -m comment --comment "ssh first" -j ACCEPT
            -A DOCKER-USER -i eth0 -o docker_gwbridge -j DROP
            -A DOCKER-USER -j RETURN
            -A FILTERS -i lo -j ACCEPT
            -A FILTERS -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
            -A FILTERS -p tcp -m tcp --dport 22 -m comment --comment ssh -j ACCEPT
            COMMIT
            """);
  }

  @Test
  void coexistModeMovesBuiltinRulesIntoManagedChainsJumpedOnceAndSetsPolicies() {
    assertThat(IptablesRenderer.of(RenderMode.COEXIST).render(Hosts.dockerHost()))
        .isEqualTo(
            """
            *filter
            :RAMPART-OWNED - [0:0]
            :RAMPART-INPUT - [0:0]
            :DOCKER-USER - [0:0]
            :FILTERS - [0:0]
            -A RAMPART-INPUT -j FILTERS
            -A RAMPART-INPUT -p tcp -m tcp --dport 22 -m comment --comment "ssh first" -j ACCEPT
            -A DOCKER-USER -m set --match-set allow4 src -m conntrack --ctorigdstport 8080 -j RETURN
            -A DOCKER-USER -i eth0 -o docker_gwbridge -j DROP
            -A DOCKER-USER -j RETURN
            -A FILTERS -i lo -j ACCEPT
            -A FILTERS -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
            -A FILTERS -p tcp -m tcp --dport 22 -m comment --comment ssh -j ACCEPT
            -A FILTERS -p icmp -m icmp --icmp-type 8 -m limit --limit 5/sec -j ACCEPT
            -I INPUT 1 -m comment --comment rampart -j RAMPART-INPUT
            :INPUT DROP [0:0]
            COMMIT
            """);
  }

  @Test
  void coexistModeLeavesOutTablesWithNothingOfOurs() {
    Ruleset onlyForeign =
        dev.rampart.dsl.Rampart.ruleset()
            .filter(t -> t.chain("INPUT", c -> c.rule(r -> r.in("lo").ipv4().accept())))
            .build();
    assertThat(
            IptablesRenderer.builder()
                .family(Family.IPV6)
                .mode(RenderMode.COEXIST)
                .build()
                .render(onlyForeign))
        .isEmpty();
  }

  @Test
  void coexistModeRefusesAReturnInABuiltinChain() {
    Ruleset returns =
        dev.rampart.dsl.Rampart.ruleset()
            .filter(t -> t.chain("INPUT", c -> c.rule(r -> r.in("lo").returns())))
            .build();
    assertThatThrownBy(() -> IptablesRenderer.of(RenderMode.COEXIST).render(returns))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "table filter, chain INPUT, rule 1: iptables cannot express a RETURN in a built-in"
                + " chain in coexist mode (its rules move to RAMPART-INPUT, where it would continue"
                + " with Docker's rules of INPUT; use a user chain): RETURN");
  }

  @Test
  void coexistModeRefusesAChainNamedLikeOurs() {
    Ruleset clash =
        dev.rampart.dsl.Rampart.ruleset()
            .filter(t -> t.chain("RAMPART-OWNED", c -> c.rule(r -> r.in("lo").accept())))
            .build();
    assertThatThrownBy(() -> IptablesRenderer.of(RenderMode.COEXIST).render(clash))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "table filter, chain RAMPART-OWNED: iptables cannot express a chain named like one"
                + " coexist mode keeps for itself: RAMPART-OWNED");
  }

  @Test
  void bundlesItsFilesInTheRenderersMode() {
    assertThat(
            IptablesRenderer.builder()
                .family(Family.IPV6)
                .mode(RenderMode.COEXIST)
                .build()
                .bundle(HOST)
                .files())
        .containsOnlyKeys(
            "apply.sh",
            "ipset.rules",
            "coexist.v4",
            "coexist.v6",
            "rampart-firewall.service",
            "rampart-firewall-docker.service",
            "MANIFEST")
        .isEqualTo(IptablesRenderer.of(RenderMode.COEXIST).bundle(HOST).files())
        .containsEntry("coexist.v4", IptablesRenderer.of(RenderMode.COEXIST).render(HOST))
        .containsEntry(
            "coexist.v6",
            IptablesRenderer.builder()
                .family(Family.IPV6)
                .mode(RenderMode.COEXIST)
                .build()
                .render(HOST))
        .containsEntry("ipset.rules", IptablesRenderer.ipsetRestore(HOST))
        .containsEntry("apply.sh", IptablesRenderer.applyScript(HOST));
  }

  @Test
  void rendersEqualRulesetsToIdenticalText() {
    assertThat(IptablesRenderer.of(RenderMode.OWN).bundle(Hosts.dockerHost()).files())
        .isEqualTo(IptablesRenderer.of(RenderMode.OWN).bundle(Hosts.dockerHost()).files());
  }

  @Test
  void namesTheNullParameter() {
    assertThatThrownBy(() -> IptablesRenderer.of(nothing()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("mode");
    assertThatThrownBy(() -> IptablesRenderer.of(RenderMode.OWN).render(nothing()))
        .hasMessage("ruleset");
    assertThatThrownBy(() -> IptablesRenderer.of(RenderMode.OWN).bundle(nothing()))
        .hasMessage("ruleset");
    assertThatThrownBy(() -> IptablesRenderer.builder().family(nothing())).hasMessage("family");
    assertThatThrownBy(() -> IptablesRenderer.restoreText(nothing(), Family.IPV4))
        .hasMessage("snapshot");
  }
}
