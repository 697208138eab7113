package dev.rampart.dsl.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.match.IcmpTypeMatch;
import dev.rampart.core.match.LimitMatch;
import dev.rampart.core.target.Verdict;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IcmpEssentialsTest {
  private static List<String> types(List<Rule> rules) {
    return rules.stream()
        .map(
            r ->
                r.matches().stream()
                    .filter(IcmpTypeMatch.class::isInstance)
                    .map(IcmpTypeMatch.class::cast)
                    .map(m -> (m.family() == Family.IPV4 ? "v4:" : "v6:") + m.type())
                    .findFirst()
                    .orElseThrow())
        .toList();
  }

  @Test
  void acceptsTheTypesIpv4AndIpv6NeedInOrder() {
    assertThat(types(IcmpEssentials.rules()))
        .containsExactly(
            "v4:3", "v4:11", "v4:8", "v6:1", "v6:2", "v6:3", "v6:4", "v6:128", "v6:133", "v6:134",
            "v6:135", "v6:136");
    assertThat(IcmpEssentials.rules()).allMatch(r -> r.target() == Verdict.ACCEPT);
  }

  @Test
  void limitsOnlyEchoRequests() {
    LimitMatch limit = LimitMatch.of(2, LimitMatch.Unit.SECOND);
    List<Rule> rules = IcmpEssentials.rules(limit);
    List<String> limited = types(rules.stream().filter(r -> r.matches().contains(limit)).toList());
    assertThat(limited).containsExactly("v4:8", "v6:128");
    assertThat(IcmpEssentials.rules().get(2).matches()).contains(IcmpEssentials.DEFAULT_PING_LIMIT);
    assertThat(IcmpEssentials.DEFAULT_PING_LIMIT.burst()).isEqualTo(Optional.of(10));
  }
}
