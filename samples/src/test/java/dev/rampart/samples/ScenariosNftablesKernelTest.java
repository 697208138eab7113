package dev.rampart.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Ruleset;
import dev.rampart.render.nftables.DockerBackend;
import dev.rampart.render.nftables.NftablesRenderer;
import dev.rampart.render.nftables.listing.NftListing;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Netns;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample scenario (every node of {@code cluster}), rendered by the nftables backend in the
 * profile {@code bundle} uses ({@link DockerBackend#IPTABLES_NFT}) and in {@link
 * DockerBackend#NONE}: {@code nft -c -f} accepts the script, and once loaded into a fresh namespace
 * {@code nft -j list ruleset} holds exactly the tables, sets, chains and rules rendered. The
 * comparison is structural ({@link NftListing}, from the renderer's test-jar).
 */
@KernelTest(tools = {"ip", "nft"})
class ScenariosNftablesKernelTest {
  /** One policy to render: a scenario, or one node of a node scenario. */
  record Policy(String label, Ruleset ruleset) {
    @Override
    public String toString() {
      return label;
    }
  }

  static List<Policy> policies() {
    List<Policy> out = new ArrayList<>();
    for (Scenario s : Scenarios.all()) {
      if (s instanceof NodeScenario n) {
        for (String node : n.nodes()) {
          out.add(new Policy(s.name() + " --node " + node, n.ruleset(node)));
        }
      } else {
        out.add(new Policy(s.name(), s.ruleset()));
      }
    }
    return out;
  }

  static List<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Policy p : policies()) {
      for (DockerBackend d : List.of(DockerBackend.IPTABLES_NFT, DockerBackend.NONE)) {
        out.add(Arguments.of(p, d));
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("cases")
  void checksLoadsAndListsExactlyWhatWasRendered(
      Policy policy, DockerBackend docker, KernelLab lab) {
    String script = NftablesRenderer.builder().docker(docker).build().render(policy.ruleset());
    Netns ns = lab.namespace("nft");
    ns.runWithInput(script, "nft", "-c", "-f", "-");
    ns.runWithInput(script, "nft", "-f", "-");
    NftListing rendered = NftListing.fromScript(script);
    assertThat(rendered.tables()).isNotEmpty();
    assertThat(NftListing.fromJson(ns.run("nft", "-j", "-n", "list", "ruleset")))
        .isEqualTo(rendered);
  }
}
