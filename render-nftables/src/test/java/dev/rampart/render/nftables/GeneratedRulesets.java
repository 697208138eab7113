package dev.rampart.render.nftables;

import dev.rampart.core.Ruleset;
import dev.rampart.testing.gen.QtGenerators;
import dev.rampart.testing.gen.RulesetOptions;
import dev.rampart.testing.gen.RulesetOptions.DockerUser;
import dev.rampart.testing.gen.RulesetOptions.MatchKind;
import dev.rampart.testing.gen.RulesetOptions.TargetKind;
import org.quicktheories.core.Gen;

/**
 * The rulesets the nftables properties draw ({@link dev.rampart.testing.gen.Generators}), without
 * what nftables cannot say (address ranges, packet types, TCP flags; NFLOG and MARK targets), and
 * for a Docker profile laid out {@link DockerUser#BESIDE_DOCKER}, which leaves out what {@link
 * DockerBackend#IPTABLES_NFT} rightly refuses. A few rules the renderer refuses in any profile
 * still occur, rarely (a negated ICMP type with a code; conntrack states with SNAT or DNAT), so the
 * refusal path is exercised too.
 */
final class GeneratedRulesets {
  private GeneratedRulesets() {}

  /** The options for {@code docker}. */
  static RulesetOptions options(DockerBackend docker) {
    return RulesetOptions.builder()
        .withoutMatches(MatchKind.IP_RANGE, MatchKind.PACKET_TYPE, MatchKind.TCP_FLAGS)
        .withoutTargets(TargetKind.NFLOG, TargetKind.MARK)
        .dockerUser(docker == DockerBackend.NONE ? DockerUser.NONE : DockerUser.BESIDE_DOCKER)
        .build();
  }

  /** Rulesets for {@code docker}: the generator avoids what that profile rightly refuses. */
  static Gen<Ruleset> rulesets(DockerBackend docker) {
    return QtGenerators.rulesets(options(docker));
  }
}
