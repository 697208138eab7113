package dev.rampart.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.AdminAccess;
import dev.rampart.core.Family;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.LockoutCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

class RulesetAssertTest {
  @Test
  void onRoutesOnTheGivenHost() {
    Host router = Host.parse("eth0=198.51.100.2/24,eth1=192.0.2.1/24,default=eth0");

    new RulesetAssert(VerdictAssertTest.RULESET).on(router).forwards(VerdictAssertTest.to(80));
    assertThatThrownBy(
            () ->
                new RulesetAssert(VerdictAssertTest.RULESET)
                    .on(VerdictAssertTest.HOST)
                    .forwards(VerdictAssertTest.to(80)))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void keepsAdminAccessPassesWhenTheAdminPortIsAccepted() {
    new RulesetAssert(VerdictAssertTest.RULESET)
        .keepsAdminAccess(AdminAccess.builder().addPorts(80).build());
  }

  @Test
  void keepsAdminAccessFailsWithTheLockoutCheckMessage() {
    String lockout =
        LockoutCheck.findLockout(VerdictAssertTest.RULESET, List.of(Family.IPV4))
            .orElseThrow()
            .getMessage();

    assertThatThrownBy(() -> new RulesetAssert(VerdictAssertTest.RULESET).keepsAdminAccess())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "expected the ruleset to keep AdminAccess{ports=[22], sources=[], families=[],"
                + " interfaces=[]}\nbut "
                + lockout);
  }
}
