package dev.rampart.dsl;

import static dev.rampart.core.ChainPolicy.DROP;
import static dev.rampart.core.match.ConnState.ESTABLISHED;
import static dev.rampart.core.match.ConnState.RELATED;
import static dev.rampart.dsl.Rampart.DOCKER_USER;
import static dev.rampart.dsl.Rampart.FORWARD;
import static dev.rampart.dsl.Rampart.INPUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.AdminAccess;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainOwner;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.InvalidModelException;
import dev.rampart.core.RuleRef;
import dev.rampart.core.Ruleset;
import dev.rampart.core.SetRef;
import dev.rampart.core.TableName;
import dev.rampart.core.TableRef;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RulesetBuilderTest {
  @Test
  void declaresSshFromAnywhereAsAdminAccessByDefault() {
    assertThat(Rampart.ruleset().build().adminAccess()).isEqualTo(AdminAccess.ssh());
    assertThat(Rampart.ruleset().build().lockoutAllowed()).isFalse();
  }

  @Test
  void declaresAdminPortsSourcesAndInterfaces() {
    Ruleset rs =
        Rampart.ruleset()
            .adminPorts(2222)
            .adminSources("203.0.113.0/24", "2001:db8::/32")
            .adminInterfaces("eth0")
            .build();
    assertThat(rs.adminAccess())
        .isEqualTo(
            AdminAccess.builder()
                .addPorts(2222)
                .addSources(Cidr.parse("203.0.113.0/24"), Cidr.parse("2001:db8::/32"))
                .addInterfaces("eth0")
                .build());
  }

  @Test
  void allowsALockoutWhenAsked() {
    assertThat(Rampart.ruleset().allowLockout().build().lockoutAllowed()).isTrue();
  }

  @Test
  void buildsTheIssueExample() {
    Ruleset rs =
        Rampart.ruleset()
            .filter(
                t ->
                    t.chain(
                        INPUT,
                        c ->
                            c.policy(DROP)
                                .rule(r -> r.ctstate(ESTABLISHED, RELATED).accept())
                                .rule(r -> r.in("lo").accept())
                                .rule(r -> r.tcp().dport(22).comment("ssh").accept())))
            .build();

    Chain input = rs.table(TableName.FILTER).orElseThrow().chain(INPUT).orElseThrow();
    assertThat(input.policy()).contains(ChainPolicy.DROP);
    assertThat(input.rules()).hasSize(3);
    assertThat(input.rules().get(2).comment()).contains("ssh");
  }

  @Test
  void keepsChainsInTheOrderFirstMentionedAndAppendsOnRepeat() {
    Ruleset rs =
        Rampart.ruleset()
            .filter(
                t ->
                    t.chain("FILTERS", c -> c.rule(r -> r.in("lo").accept()))
                        .chain(INPUT, c -> c.rule(r -> r.jump("FILTERS"))))
            .filter(t -> t.chain("FILTERS", c -> c.rule(r -> r.drop())))
            .build();

    var table = rs.table(TableName.FILTER).orElseThrow();
    assertThat(table.chains()).extracting(Chain::name).containsExactly("FILTERS", INPUT);
    assertThat(table.chain("FILTERS").orElseThrow().rules()).hasSize(2);
  }

  @Test
  void declaresForeignChainsOnce() {
    Ruleset rs =
        Rampart.ruleset()
            .filter(
                t ->
                    t.foreign("DOCKER-FORWARD", "DOCKER-FORWARD")
                        .chain(FORWARD, c -> c.rule(r -> r.jump("DOCKER-FORWARD"))))
            .build();

    var table = rs.table(TableName.FILTER).orElseThrow();
    assertThat(table.chains())
        .extracting(Chain::name, Chain::owner)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(FORWARD, ChainOwner.MANAGED),
            org.assertj.core.groups.Tuple.tuple("DOCKER-FORWARD", ChainOwner.FOREIGN));
  }

  @Test
  void declaresSetsFromStrings() {
    Ruleset rs =
        Rampart.ruleset()
            .set("ip_allow", Family.IPV4, "192.0.2.10", "198.51.100.0/24")
            .filter(t -> t.chain(DOCKER_USER, c -> c.rule(r -> r.notSrcSet("ip_allow").drop())))
            .build();

    assertThat(rs.set("ip_allow").orElseThrow().elements())
        .containsExactly(Cidr.parse("192.0.2.10/32"), Cidr.parse("198.51.100.0/24"));
    assertThat(rs.familiesOf(rs.tables().get(0).chains().get(0).rules().get(0)))
        .containsExactly(Family.IPV4);
  }

  @Test
  void namesTheSetOfABadElement() {
    assertThatThrownBy(() -> Rampart.ruleset().set("ip_allow", Family.IPV4, "10.0.0.300"))
        .isInstanceOfSatisfying(
            InvalidModelException.class, e -> assertThat(e.place()).contains(SetRef.of("ip_allow")))
        .hasMessage("set ip_allow: not an IPv4 or IPv6 address or prefix: 10.0.0.300");
  }

  @Test
  void namesTheRuleOfABadValue() {
    assertThatThrownBy(
            () ->
                Rampart.ruleset()
                    .filter(
                        t ->
                            t.chain(
                                INPUT,
                                c ->
                                    c.rule(r -> r.in("lo").accept())
                                        .rule(r -> r.tcp().dport(70000).accept()))))
        .isInstanceOfSatisfying(
            InvalidModelException.class,
            e -> assertThat(e.place()).contains(RuleRef.of(TableName.FILTER, INPUT, 2)))
        .hasMessage("table filter, chain INPUT, rule 2: port out of range [0, 65535]: 70000");
  }

  @Test
  void namesTheRuleOfAStructuralProblemAtBuild() {
    var builder =
        Rampart.ruleset()
            .filter(
                t ->
                    t.chain(
                        INPUT,
                        c -> c.rule(r -> r.in("lo").accept()).rule(r -> r.dport(22).accept())));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "table filter, chain INPUT, rule 2: ports need a tcp, udp or sctp protocol match:"
                + " dport 22");
  }

  @Test
  void namesTheTableOfABadChainName() {
    var builder =
        Rampart.ruleset()
            .filter(t -> t.chain("THIS-CHAIN-NAME-IS-FAR-TOO-LONG", c -> c.rule(r -> r.drop())));

    assertThatThrownBy(builder::build)
        .isInstanceOfSatisfying(
            InvalidModelException.class,
            e -> assertThat(e.place()).contains(TableRef.of(TableName.FILTER)))
        .hasMessage(
            "table filter: chain name longer than 28 characters: THIS-CHAIN-NAME-IS-FAR-TOO-LONG");
  }

  @Test
  void namesTheTableOfABadForeignChainName() {
    assertThatThrownBy(() -> Rampart.ruleset().filter(t -> t.foreign("bad name")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("table filter: chain name may only hold");
  }

  @Test
  void declaresForeignChainsFromAnIterable() {
    Ruleset rs =
        Rampart.ruleset()
            .filter(
                t ->
                    t.foreign(List.of("DOCKER-FORWARD"))
                        .chain(FORWARD, c -> c.rule(r -> r.jump("DOCKER-FORWARD"))))
            .build();
    assertThat(
            rs.table(TableName.FILTER).orElseThrow().chain("DOCKER-FORWARD").orElseThrow().owner())
        .isEqualTo(ChainOwner.FOREIGN);
  }

  @Test
  void namesTheRuleAndTheParameterOfANullArgument() {
    String none = nothing();
    assertThatThrownBy(
            () ->
                Rampart.ruleset()
                    .filter(t -> t.chain(INPUT, c -> c.rule(r -> r.in(none).accept()))))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("table filter, chain INPUT, rule 1: iface");
  }

  @Test
  void namesTheNullParameterOfABuilderMethod() {
    assertThatThrownBy(() -> Rampart.ruleset().filter(nothing()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("body");
    assertThatThrownBy(() -> Rampart.ruleset().set(nothing(), Family.IPV4, List.of()))
        .hasMessage("name");
    assertThatThrownBy(
            () -> Rampart.ruleset().filter(t -> t.foreign(Arrays.asList("DOCKER", nothing()))))
        .hasMessage("chainNames element");
    assertThatThrownBy(
            () -> Rampart.ruleset().filter(t -> t.chain(INPUT, c -> c.policy(nothing()))))
        .hasMessage("policy");
  }

  @SuppressWarnings("NullAway") // the point: a caller without null checks passes null
  private static <T> T nothing() {
    return null;
  }
}
