package dev.rampart.samples;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Renderer;
import dev.rampart.core.Ruleset;
import dev.rampart.render.ferm.FermRenderer;
import dev.rampart.render.iptables.IptablesRenderer;
import dev.rampart.render.nftables.NftablesRenderer;
import java.util.Optional;

/**
 * The formats {@code render} prints and the backend directories {@code bundle} writes. Every
 * backend is made the same way ({@code of(mode)}, or its builder) and bundles the same way. A
 * backend's classes are loaded only when it renders: printing the usage or one iptables text loads
 * no ferm or nftables class.
 */
final class Backends {
  /** The formats {@link #render} knows, in the order the usage lists them. */
  static final ImmutableList<String> FORMATS =
      ImmutableList.of("iptables", "ip6tables", "ipset", "ferm", "nftables");

  private Backends() {}

  /** {@code rs} rendered as one artifact of {@code format} in {@code mode}; empty if unknown. */
  static Optional<String> render(String format, Ruleset rs, RenderMode mode) {
    String text =
        switch (format) {
          case "iptables" -> IptablesRenderer.of(mode).render(rs);
          case "ip6tables" ->
              IptablesRenderer.builder().family(Family.IPV6).mode(mode).build().render(rs);
          case "ipset" -> IptablesRenderer.of(mode).bundle(rs).file("ipset.rules");
          case "ferm" -> FermRenderer.of(mode).render(rs);
          case "nftables" -> NftablesRenderer.of(mode).render(rs);
          default -> null;
        };
    return Optional.ofNullable(text);
  }

  /** Backend directory name to the renderer whose bundle goes there, in coexist mode. */
  static ImmutableMap<String, Renderer> bundles() {
    return Bundles.BUNDLES;
  }

  /** Made on first use: it loads every backend. */
  private static final class Bundles {
    static final ImmutableMap<String, Renderer> BUNDLES =
        ImmutableMap.of(
            "iptables", IptablesRenderer.of(RenderMode.COEXIST),
            "ferm", FermRenderer.builder().mode(RenderMode.COEXIST).directoryLayout(true).build(),
            "nftables", NftablesRenderer.of(RenderMode.COEXIST));
  }
}
