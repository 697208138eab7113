package dev.rampart.samples;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Ruleset;
import dev.rampart.render.ferm.FermRenderer;
import dev.rampart.render.iptables.IptablesRenderer;
import dev.rampart.render.nftables.DockerBackend;
import dev.rampart.render.nftables.NftablesRenderer;
import java.util.function.BiFunction;
import java.util.function.Function;

/** The formats {@code render} prints and the backend directories {@code bundle} writes. */
final class Backends {
  /** Format name to renderer of one artifact. */
  static final ImmutableMap<String, BiFunction<Ruleset, RenderMode, String>> FORMATS =
      ImmutableMap.of(
          "iptables", (rs, mode) -> IptablesRenderer.ipv4(mode).render(rs),
          "ip6tables", (rs, mode) -> IptablesRenderer.ipv6(mode).render(rs),
          "ipset", (rs, mode) -> IptablesRenderer.ipsetRestore(rs),
          "ferm", (rs, mode) -> FermRenderer.of(mode).render(rs),
          "nftables", (rs, mode) -> nftables(mode).render(rs));

  /** Backend directory name to every file of that backend, in coexist mode. */
  static final ImmutableMap<String, Function<Ruleset, ImmutableSortedMap<String, String>>> BUNDLES =
      ImmutableMap.of(
          "iptables", rs -> IptablesRenderer.bundle(rs, RenderMode.COEXIST),
          "ferm",
              rs ->
                  FermRenderer.builder()
                      .mode(RenderMode.COEXIST)
                      .directoryLayout(true)
                      .build()
                      .bundle(rs),
          "nftables", rs -> nftables(RenderMode.COEXIST).bundle(rs));

  private Backends() {}

  /**
   * The nftables renderer for a mode: own means a host without Docker; coexist means a swarm node
   * whose Docker writes iptables-nft rules, so our tables run just before Docker's.
   */
  static NftablesRenderer nftables(RenderMode mode) {
    return NftablesRenderer.of(
        mode == RenderMode.OWN ? DockerBackend.NONE : DockerBackend.IPTABLES_NFT);
  }
}
