package dev.rampart.render.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Renderer;
import dev.rampart.core.Ruleset;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class IptablesRendererTest {
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
  void coexistModeDeclaresAndFillsOnlyManagedUserChains() {
    assertThat(IptablesRenderer.of(RenderMode.COEXIST).render(HOST))
        .isEqualTo(
            """
            *filter
            :DOCKER-USER - [0:0]
            :FILTERS - [0:0]
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
  void coexistModeLeavesOutTablesWithoutManagedUserChains() {
    Ruleset onlyBuiltins =
        dev.rampart.dsl.Rampart.ruleset()
            .filter(t -> t.chain("INPUT", c -> c.rule(r -> r.in("lo").accept())))
            .build();
    assertThat(IptablesRenderer.of(RenderMode.COEXIST).render(onlyBuiltins)).isEmpty();
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
            "rules.v4",
            "rules.v6",
            "rampart-firewall.service",
            "rampart-firewall-docker.service",
            "MANIFEST")
        .isEqualTo(IptablesRenderer.of(RenderMode.COEXIST).bundle(HOST).files())
        .containsEntry("rules.v4", IptablesRenderer.of(RenderMode.COEXIST).render(HOST))
        .containsEntry(
            "rules.v6",
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
}
