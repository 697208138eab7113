package dev.rampart.render.nftables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Chain;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.UnsupportedFeatureException;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Verdict;
import dev.rampart.testing.Seeds;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The generator behind the kernel properties covers the model and mostly renders. */
class GeneratedRulesetsTest {
  private static final int EXAMPLES = 200;

  private static String kind(Object o) {
    String name = o.getClass().getSimpleName();
    return name.startsWith("Immutable") ? name.substring("Immutable".length()) : name;
  }

  private static String targetKind(Rule r) {
    if (r.target() instanceof Verdict v) {
      return v.name();
    }
    if (r.target() instanceof Jump j) {
      return j.isGoto() ? "goto" : "jump";
    }
    return kind(r.target());
  }

  private static void assertCoversTheModelAndMostlyRenders(DockerBackend docker) {
    Set<String> matches = new TreeSet<>();
    Set<String> targets = new TreeSet<>();
    Set<String> tables = new TreeSet<>();
    AtomicInteger rendered = new AtomicInteger();
    NftablesRenderer r = NftablesRenderer.builder().docker(docker).build();
    Seeds.qt()
        .withExamples(EXAMPLES)
        .forAll(GeneratedRulesets.rulesets(docker))
        .checkAssert(
            (Ruleset rs) -> {
              rs.tables().forEach(t -> tables.add(t.name().label()));
              for (Chain c : rs.tables().stream().flatMap(t -> t.chains().stream()).toList()) {
                for (Rule rule : c.rules()) {
                  rule.matches().forEach(m -> matches.add(kind(m)));
                  targets.add(targetKind(rule));
                }
              }
              try {
                r.render(rs);
                rendered.incrementAndGet();
              } catch (UnsupportedFeatureException e) {
                // counted below
              }
            });
    assertThat(matches)
        .containsExactlyInAnyOrder(
            "AddressMatch",
            "AddressTypeMatch",
            "ConntrackOriginalMatch",
            "ConntrackStateMatch",
            "IcmpTypeMatch",
            "InterfaceMatch",
            "LimitMatch",
            "MarkMatch",
            "PolicyMatch",
            "PortMatch",
            "ProtocolMatch",
            "SetMatch");
    assertThat(targets)
        .contains("DROP", "RETURN", "jump", "goto", "Log", "Reject", "Dnat", "Snat", "Masquerade");
    assertThat(tables).containsExactlyInAnyOrder("filter", "nat", "raw");
    assertThat(rendered.get()).isGreaterThanOrEqualTo(EXAMPLES * 2 / 3);
  }

  @Test
  void coversEveryMatchAndTargetKindAndMostlyRendersWithoutDocker() {
    assertCoversTheModelAndMostlyRenders(DockerBackend.NONE);
  }

  @Test
  void coversEveryMatchAndTargetKindAndMostlyRendersBesideDocker() {
    assertCoversTheModelAndMostlyRenders(DockerBackend.IPTABLES_NFT);
  }
}
