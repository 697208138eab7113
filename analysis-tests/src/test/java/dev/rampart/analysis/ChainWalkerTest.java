package dev.rampart.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.ChainRef;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.RuleRef;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.Host;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.render.iptables.IptablesParser;
import org.junit.jupiter.api.Test;

/** {@link ChainWalker} records the reach of the rules a caller watches, and of no other. */
class ChainWalkerTest {
  private static final Host HOST = Host.parse("eth0=198.51.100.1/24,default=eth0");
  private static final ChainRef INPUT = ChainRef.of(Family.IPV4, TableName.FILTER, "INPUT");

  private static final Snapshot DUMP =
      IptablesParser.parse(
          "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
              + ":MINE - [0:0]\n"
              + "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
              + "-A INPUT -j MINE\n"
              + "-A INPUT -p tcp --dport 22 -j ACCEPT\n"
              + "-A MINE -s 10.0.0.0/8 -j DROP\n"
              + "COMMIT\n");

  private static Analysis walked(RuleRef... watched) {
    Analysis a = Flows.analysis(DUMP, Family.IPV4, HOST);
    for (RuleRef r : watched) {
      a.walker().watch(r);
    }
    Cube all = Flows.arriving(a, DUMP, HOST, ConnState.NEW).orElseThrow();
    a.path().run(Flows.piece(PacketSet.of(a.space(), all)));
    return a;
  }

  @Test
  void recordsNothingWhenNothingIsWatched() {
    assertThat(walked().walker().recorded()).isEmpty();
  }

  @Test
  void recordsOnlyTheWatchedRule() {
    RuleRef third = INPUT.rule(3);
    Analysis a = walked(third);
    assertThat(a.walker().recorded()).containsExactly(third);
    // the NEW packets from 10/8 were dropped in MINE: the rest reached rule 3
    PacketSet reached = a.walker().reached(third).orElseThrow();
    Space space = a.space();
    PacketSet tenSlash8 =
        PacketSet.of(
            space, space.where(Field.SOURCE, Conditions.address(Cidr.parse("10.0.0.0/8"))));
    assertThat(reached.intersect(tenSlash8).isEmpty()).isTrue();
    assertThat(reached.isEmpty()).isFalse();
  }

  @Test
  void aWatchedRuleNoPacketReachesIsEmpty() {
    RuleRef beyond = INPUT.rule(9);
    assertThat(walked(beyond).walker().reached(beyond)).isEmpty();
  }

  @Test
  void refusesToAnswerForAnUnwatchedRule() {
    Analysis a = walked(INPUT.rule(1));
    assertThatThrownBy(() -> a.walker().reached(INPUT.rule(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not watched");
  }
}
