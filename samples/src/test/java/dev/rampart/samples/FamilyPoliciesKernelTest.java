package dev.rampart.samples;

import static dev.rampart.core.ChainPolicy.ACCEPT;
import static dev.rampart.core.ChainPolicy.DROP;
import static dev.rampart.core.match.ConnState.ESTABLISHED;
import static dev.rampart.core.match.ConnState.RELATED;
import static dev.rampart.dsl.Rampart.INPUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Renderer;
import dev.rampart.core.Ruleset;
import dev.rampart.dsl.Rampart;
import dev.rampart.render.ferm.FermRenderer;
import dev.rampart.render.iptables.IptablesRenderer;
import dev.rampart.render.nftables.NftablesRenderer;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Link;
import dev.rampart.testing.Netns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Per-family policies in the kernel: INPUT drops IPv4 and accepts IPv6, loaded by each backend's
 * own-mode bundle; a port no rule opens answers over IPv6 only, SSH over both.
 */
@KernelTest(tools = {"ip", "iptables-restore", "ip6tables-restore", "ipset", "nft", "ferm"})
class FamilyPoliciesKernelTest {
  private static final List<Integer> PORTS = List.of(22, 8080);

  static final Ruleset V4_DROPS_V6_ACCEPTS =
      Rampart.ruleset()
          .filter(
              t ->
                  t.chain(
                      INPUT,
                      c ->
                          c.policy(Family.IPV4, DROP)
                              .policy(Family.IPV6, ACCEPT)
                              .rule(r -> r.ctstate(ESTABLISHED, RELATED).accept())
                              .rule(r -> r.in("lo").accept())
                              .rule(r -> r.tcp().dport(22).comment("ssh").accept())))
          .build();

  static Renderer ownMode(String backend) {
    return switch (backend) {
      case "iptables" -> IptablesRenderer.of(RenderMode.OWN);
      case "ferm" -> FermRenderer.of(RenderMode.OWN);
      case "nftables" -> NftablesRenderer.of(RenderMode.OWN);
      default -> throw new IllegalArgumentException("unknown backend: " + backend);
    };
  }

  /** Writes {@code rs}'s own-mode bundle of {@code backend} to {@code dir} and applies it. */
  static void apply(Netns node, String backend, Ruleset rs, Path dir) throws IOException {
    Files.createDirectories(dir);
    for (var f : ownMode(backend).bundle(rs).files().entrySet()) {
      Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
    }
    node.run("sh", dir.resolve("apply.sh").toString());
    node.run("ip", "neigh", "flush", "all");
  }

  @ParameterizedTest
  @ValueSource(strings = {"iptables", "ferm", "nftables"})
  void dropsIpv4AndAcceptsIpv6AtTheEndOfInput(String backend, KernelLab lab, @TempDir Path dir)
      throws IOException {
    Netns node = lab.namespace("fp-node");
    Netns client = lab.namespace("fp-client");
    Link link = lab.link(node, client);
    node.listen(PORTS, List.of());

    apply(node, backend, V4_DROPS_V6_ACCEPTS, dir);
    client.run("ip", "neigh", "flush", "all");

    assertThat(client.tcpAnswers(link.address(node, Family.IPV4), PORTS))
        .as(backend + ", ipv4")
        .isEqualTo(Map.of(22, true, 8080, false));
    assertThat(client.tcpAnswers(link.address(node, Family.IPV6), PORTS))
        .as(backend + ", ipv6")
        .isEqualTo(Map.of(22, true, 8080, true));
  }
}
