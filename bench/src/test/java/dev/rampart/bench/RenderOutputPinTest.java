package dev.rampart.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.RenderMode;
import dev.rampart.core.Ruleset;
import dev.rampart.render.ferm.FermRenderer;
import dev.rampart.render.iptables.IptablesRenderer;
import dev.rampart.render.nftables.DockerBackend;
import dev.rampart.render.nftables.NftablesRenderer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A regression pin beside the kernel tests, not a semantic check: the three renderers write, for
 * {@code Rulesets.realistic(10_000)}, exactly the bytes they wrote before they were made
 * allocation-light. The SHA-256 sums were computed by running main's code (commit 5ae0985) on this
 * ruleset before the change; the kernel, golden and property tests of each renderer show what the
 * text means. A change of output on purpose updates these sums and says so: ferm's coexist sum is
 * that of branch h11 (commit d32c05e, before the allocation work), whose hooks name themselves when
 * they fail and which keeps a managed chain the policy no longer declares for the hook to remove;
 * the allocation work writes the same bytes as that commit.
 */
class RenderOutputPinTest {
  private static Ruleset ruleset = Ruleset.builder().build();

  @BeforeAll
  static void build() {
    ruleset = Rulesets.realistic(10_000);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void iptablesWritesTheSameBytesAsBefore() {
    assertThat(sha256(IptablesRenderer.of(RenderMode.OWN).render(ruleset)))
        .isEqualTo("9828a89c092cb60543545cc7f3dce56b0010a8c8d0a3a817546fb92b8897186c");
    assertThat(sha256(IptablesRenderer.of(RenderMode.COEXIST).render(ruleset)))
        .isEqualTo("0dd4e135a5dc62221e6f531fe96fd66319dca620ea1912adb8ded6b07131151b");
  }

  @Test
  void fermWritesTheSameBytesAsBefore() {
    assertThat(sha256(FermRenderer.of(RenderMode.OWN).render(ruleset)))
        .isEqualTo("a8fec90f42b76726f8a1228abe5d34d6a84483cee557aa2370db34357c262e3a");
    assertThat(sha256(FermRenderer.of(RenderMode.COEXIST).render(ruleset)))
        .isEqualTo("d59bea18403f2ae5794377e19100e8ab332eab400774b70e3321ce8c757cf996");
  }

  @Test
  void nftablesWritesTheSameBytesAsBefore() {
    assertThat(sha256(nft(DockerBackend.NONE)))
        .isEqualTo("0db020c24eb4a615681942e4e9032e3352aff866537a36deab0e6df9bf4dc318");
    assertThat(sha256(nft(DockerBackend.IPTABLES_NFT)))
        .isEqualTo("35a726520237bf4b0d7eca3f072f7d44ad06019e324591a03445991620126887");
    assertThat(sha256(nft(DockerBackend.NFTABLES)))
        .isEqualTo("71323bc46d6efbd915c4963938a8a47e4cc402e49ca68c10ec75197628b5d3df");
  }

  private static String nft(DockerBackend docker) {
    return NftablesRenderer.builder().docker(docker).build().render(ruleset);
  }
}
