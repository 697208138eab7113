package dev.rampart.samples;

import com.google.common.collect.ImmutableMap;
import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Renderer;
import dev.rampart.core.Ruleset;
import dev.rampart.render.ferm.FermRenderer;
import dev.rampart.render.iptables.IptablesRenderer;
import dev.rampart.render.nftables.NftablesRenderer;
import java.util.function.BiFunction;

/**
 * The formats {@code render} prints and the backend directories {@code bundle} writes. Every
 * backend is made the same way ({@code of(mode)}, or its builder) and bundles the same way.
 */
final class Backends {
  /** Format name to renderer of one artifact. */
  static final ImmutableMap<String, BiFunction<Ruleset, RenderMode, String>> FORMATS =
      ImmutableMap.of(
          "iptables", (rs, mode) -> IptablesRenderer.of(mode).render(rs),
          "ip6tables",
              (rs, mode) ->
                  IptablesRenderer.builder().family(Family.IPV6).mode(mode).build().render(rs),
          "ipset", (rs, mode) -> IptablesRenderer.of(mode).bundle(rs).file("ipset.rules"),
          "ferm", (rs, mode) -> FermRenderer.of(mode).render(rs),
          "nftables", (rs, mode) -> NftablesRenderer.of(mode).render(rs));

  /** Backend directory name to the renderer whose bundle goes there, in coexist mode. */
  static final ImmutableMap<String, Renderer> BUNDLES =
      ImmutableMap.of(
          "iptables", IptablesRenderer.of(RenderMode.COEXIST),
          "ferm", FermRenderer.builder().mode(RenderMode.COEXIST).directoryLayout(true).build(),
          "nftables", NftablesRenderer.of(RenderMode.COEXIST));

  private Backends() {}
}
