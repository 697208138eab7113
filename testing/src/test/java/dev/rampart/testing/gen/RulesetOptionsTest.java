package dev.rampart.testing.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Family;
import dev.rampart.core.TableName;
import dev.rampart.testing.gen.RulesetOptions.DockerUser;
import dev.rampart.testing.gen.RulesetOptions.MatchKind;
import dev.rampart.testing.gen.RulesetOptions.TargetKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class RulesetOptionsTest {
  @Test
  void defaultsAllowEverythingWithoutDocker() {
    RulesetOptions d = RulesetOptions.defaults();

    assertThat(d.families()).containsExactly(Family.IPV4, Family.IPV6);
    assertThat(d.matches()).containsExactly(MatchKind.values());
    assertThat(d.targets()).containsExactly(TargetKind.values());
    assertThat(d.tables())
        .containsExactlyInAnyOrder(TableName.FILTER, TableName.NAT, TableName.RAW);
    assertThat(d.dockerUser()).isEqualTo(DockerUser.NONE);
    assertThat(d.canonicalMatches()).isFalse();
  }

  @Test
  void toBuilderKeepsEverySetting() {
    RulesetOptions o =
        RulesetOptions.builder()
            .families(Family.IPV4)
            .matches(MatchKind.PORTS, MatchKind.PROTOCOL)
            .targets(TargetKind.DROP)
            .tables()
            .maxRules(9)
            .maxUserChains(0)
            .dockerUser(DockerUser.BESIDE_DOCKER)
            .canonicalMatches(true)
            .build();

    assertThat(o.toBuilder().build()).hasToString(o.toString());
    assertThat(o.tables()).containsExactly(TableName.FILTER);
  }

  @Test
  void refusesNoFamily() {
    assertThatThrownBy(() -> RulesetOptions.builder().families(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ruleset options: no family: []");
  }

  @Test
  void refusesTargetsWithoutDropOrAccept() {
    assertThatThrownBy(() -> RulesetOptions.builder().targets(TargetKind.LOG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ruleset options: targets need DROP or ACCEPT: [LOG]");
  }

  @Test
  void refusesTheMangleTable() {
    assertThatThrownBy(() -> RulesetOptions.builder().tables(TableName.MANGLE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ruleset options: table not generated: mangle");
  }

  @Test
  void refusesANegativeRuleCount() {
    assertThatThrownBy(() -> RulesetOptions.builder().maxRules(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ruleset options: negative rule count: -1");
  }

  @Test
  void refusesMoreUserChainsThanLetters() {
    assertThatThrownBy(() -> RulesetOptions.builder().maxUserChains(27))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ruleset options: user chains out of range [0, 26]: 27");
  }
}
