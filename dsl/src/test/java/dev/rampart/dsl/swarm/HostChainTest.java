package dev.rampart.dsl.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.TableName;
import dev.rampart.core.target.Jump;
import dev.rampart.dsl.Rampart;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostChainTest {
  @Test
  void jumpsFromInputFirstAndHoldsItsRules() {
    HostChain host = HostChain.of("FILTERS", IcmpEssentials.rules());
    Ruleset rs =
        Rampart.ruleset()
            .filter(t -> host.applyTo(t).chain("INPUT", c -> c.rule(r -> r.in("lo").accept())))
            .build();
    var table = rs.table(TableName.FILTER).orElseThrow();
    Chain input = table.chain("INPUT").orElseThrow();
    assertThat(input.rules()).extracting(Rule::target).first().isEqualTo(Jump.to("FILTERS"));
    assertThat(input.policy()).isEmpty();
    assertThat(table.chain("FILTERS").orElseThrow().rules()).isEqualTo(IcmpEssentials.rules());
  }

  @Test
  void setsInputsPolicyOnlyWhenAsked() {
    HostChain host = HostChain.of("FILTERS", List.of()).withInputPolicy(ChainPolicy.DROP);
    Ruleset rs = Rampart.ruleset().filter(host::applyTo).build();
    assertThat(rs.table(TableName.FILTER).orElseThrow().chain("INPUT").orElseThrow().policy())
        .contains(ChainPolicy.DROP);
    assertThat(host.inputPolicy()).contains(ChainPolicy.DROP);
  }

  @Test
  void rejectsAChainNameTheKernelRefuses() {
    assertThatThrownBy(() -> HostChain.of("A-CHAIN-NAME-LONGER-THAN-28-CHARS", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chain name longer than 28 characters: A-CHAIN-NAME-LONGER-THAN-28-CHARS");
  }
}
