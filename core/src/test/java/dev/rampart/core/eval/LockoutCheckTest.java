package dev.rampart.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.core.AddressSet;
import dev.rampart.core.AdminAccess;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.ChainRef;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.InvalidModelException;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.ConntrackStateMatch;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.LimitMatch;
import dev.rampart.core.match.Match;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Redirect;
import dev.rampart.core.target.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LockoutCheckTest {
  private static final List<Family> BOTH = List.of(Family.IPV4, Family.IPV6);

  private static Rule ssh(Match... more) {
    List<Match> m = new ArrayList<>();
    m.add(ProtocolMatch.of(Protocol.TCP));
    m.add(PortMatch.destination(List.of(PortRange.of(22))));
    m.addAll(List.of(more));
    return Rule.of(m, Verdict.ACCEPT);
  }

  private static Rule established() {
    return Rule.of(
        List.of(ConntrackStateMatch.of(List.of(ConnState.ESTABLISHED, ConnState.RELATED))),
        Verdict.ACCEPT);
  }

  private static Ruleset.Builder input(Chain.Builder input) {
    return Ruleset.builder().addTables(Table.of(TableName.FILTER, List.of(input.build())));
  }

  private static Chain.Builder dropInput(Rule... rules) {
    return Chain.builder().name("INPUT").policy(ChainPolicy.DROP).addRules(rules);
  }

  private static final AdminAccess OFFICE =
      AdminAccess.builder().addPorts(22).addSources(Cidr.parse("203.0.113.0/24")).build();

  /**
   * The guides' IPv4-only policy: SSH from the office's IPv4 network, INPUT DROP in both families;
   * the office is the declared admin source.
   */
  private static Ruleset guidePolicy() {
    return input(
            dropInput(
                established(), ssh(AddressMatch.source(List.of(Cidr.parse("203.0.113.0/24"))))))
        .adminAccess(OFFICE)
        .build();
  }

  @Test
  void refusesTheGuidesIpv4OnlyPolicyForIpv6() {
    assertThatThrownBy(() -> LockoutCheck.check(guidePolicy(), BOTH))
        .isInstanceOf(InvalidModelException.class)
        .hasMessage(
            "ipv6 table filter, chain INPUT: admin access would be dropped (accept it, or call"
                + " allowLockout() if that is meant): port 22/tcp from admin source ::/0 on"
                + " interface eth0 (every interface is checked unless the admin interfaces are"
                + " declared): tcp [2001:db8:a::10]:40000 > [2001:db8:1::1]:22 in eth0 state new"
                + " flags syn: DROPPED by ipv6 table filter, chain INPUT: policy DROP")
        .extracting(e -> ((InvalidModelException) e).place().orElseThrow())
        .isEqualTo(ChainRef.of(Family.IPV6, TableName.FILTER, "INPUT"));
  }

  @Test
  void findsTheSameLockoutInTheSnapshotOfAPolicy() {
    Snapshot snapshot = Snapshot.of(guidePolicy());

    assertThat(LockoutCheck.findLockout(snapshot, OFFICE, BOTH).map(Throwable::getMessage))
        .isEqualTo(LockoutCheck.findLockout(guidePolicy(), BOTH).map(Throwable::getMessage))
        .isPresent();
    assertThat(LockoutCheck.findLockout(snapshot, OFFICE, List.of(Family.IPV4))).isEmpty();
  }

  @Test
  void ignoresMartianSourcesTheKernelDropsAnyway() {
    Rule dropLoopback4 =
        Rule.of(List.of(AddressMatch.source(List.of(Cidr.parse("127.0.0.0/8")))), Verdict.DROP);
    Rule dropLoopback6 =
        Rule.of(List.of(AddressMatch.source(List.of(Cidr.parse("::1/128")))), Verdict.DROP);
    Ruleset rs = input(dropInput(dropLoopback4, dropLoopback6, established(), ssh())).build();

    assertThat(LockoutCheck.findLockout(rs, BOTH)).isEmpty();
  }

  @Test
  void acceptsTheGuidesPolicyForIpv4() {
    assertThatCode(() -> LockoutCheck.check(guidePolicy(), List.of(Family.IPV4)))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesAnIpv4DropOfAdminSourcesOutsideTheAcceptedNetworkWhenNoneAreDeclared() {
    Ruleset rs = Ruleset.builder().from(guidePolicy()).adminAccess(AdminAccess.ssh()).build();
    assertThatThrownBy(() -> LockoutCheck.check(rs, List.of(Family.IPV4)))
        .hasMessageContaining("ipv4 table filter, chain INPUT: admin access would be dropped")
        .hasMessageContaining("from admin source 0.0.0.0/0");
  }

  @Test
  void acceptsTheGuidesPolicyWhenTheAdministratorComesInOverIpv4Only() {
    Ruleset rs =
        Ruleset.builder()
            .from(guidePolicy())
            .adminAccess(AdminAccess.builder().from(OFFICE).addFamilies(Family.IPV4).build())
            .build();
    assertThatCode(() -> LockoutCheck.check(rs, BOTH)).doesNotThrowAnyException();
  }

  @Test
  void allowLockoutLetsTheGuidesPolicyThrough() {
    Ruleset rs = Ruleset.builder().from(guidePolicy()).lockoutAllowed(true).build();
    assertThatCode(() -> LockoutCheck.check(rs, BOTH)).doesNotThrowAnyException();
    assertThat(LockoutCheck.findLockout(rs, BOTH)).isPresent();
  }

  @Test
  void acceptsSshFromAnywhereInBothFamilies() {
    Ruleset rs = input(dropInput(established(), ssh())).build();
    assertThat(LockoutCheck.findLockout(rs, BOTH)).isEmpty();
  }

  @Test
  void acceptsAPolicyThatDropsNothing() {
    Ruleset rs = input(Chain.builder().name("INPUT")).build();
    assertThat(LockoutCheck.findLockout(rs, BOTH)).isEmpty();
  }

  @Test
  void checksEachFamilyByItsOwnPolicy() {
    Ruleset rs =
        input(
                Chain.builder()
                    .name("INPUT")
                    .putFamilyPolicy(Family.IPV4, ChainPolicy.DROP)
                    .putFamilyPolicy(Family.IPV6, ChainPolicy.ACCEPT)
                    .addRules(ssh(AddressMatch.source(List.of(Cidr.parse("0.0.0.0/0"))))))
            .build();
    assertThat(LockoutCheck.findLockout(rs, BOTH)).isEmpty();
    Ruleset v6Drops =
        input(
                Chain.builder()
                    .name("INPUT")
                    .putFamilyPolicy(Family.IPV6, ChainPolicy.DROP)
                    .addRules(ssh(AddressMatch.source(List.of(Cidr.parse("0.0.0.0/0"))))))
            .build();
    assertThat(LockoutCheck.findLockout(v6Drops, List.of(Family.IPV4))).isEmpty();
    assertThat(LockoutCheck.findLockout(v6Drops, BOTH).orElseThrow().place())
        .contains(ChainRef.of(Family.IPV6, TableName.FILTER, "INPUT"));
  }

  @Test
  void namesTheRuleThatDrops() {
    Rule dropAll = Rule.of(List.of(InterfaceMatch.in("eth0")), Verdict.DROP);
    Ruleset rs = input(Chain.builder().name("INPUT").addRules(dropAll, ssh())).build();
    assertThat(LockoutCheck.findLockout(rs, BOTH).orElseThrow())
        .hasMessageEndingWith("DROPPED by ipv4 table filter, chain INPUT, rule 1: -i eth0 -j DROP");
  }

  @Test
  void findsTheInterfaceNoRuleAccepts() {
    Ruleset rs =
        input(dropInput(ssh(InterfaceMatch.in("eth0")), ssh(InterfaceMatch.in("wg+")))).build();
    InvalidModelException e = LockoutCheck.findLockout(rs, BOTH).orElseThrow();
    assertThat(e.getMessage()).contains("on interface ens3 (every interface is checked");
  }

  @Test
  void checksOnlyTheDeclaredAdminInterfaces() {
    Ruleset rs =
        input(dropInput(ssh(InterfaceMatch.in("eth0"))))
            .adminAccess(AdminAccess.builder().addPorts(22).addInterfaces("eth0").build())
            .build();
    assertThat(LockoutCheck.findLockout(rs, BOTH)).isEmpty();
    Ruleset other =
        Ruleset.builder()
            .from(rs)
            .adminAccess(AdminAccess.builder().addPorts(22).addInterfaces("eth1").build())
            .build();
    assertThat(LockoutCheck.findLockout(other, BOTH).orElseThrow())
        .hasMessageContaining("on admin interface eth1: ");
  }

  @Test
  void findsTheSourceASetLeavesOut() {
    Ruleset rs =
        input(dropInput(ssh(SetMatch.source("admins"))))
            .addSets(
                AddressSet.of("admins", Family.IPV4, List.of(Cidr.parse("192.0.2.0/24"))),
                AddressSet.of("admins6", Family.IPV6, List.of(Cidr.parse("2001:db8::/32"))))
            .adminAccess(
                AdminAccess.builder().addPorts(22).addSources(Cidr.parse("192.0.2.0/23")).build())
            .build();
    assertThat(LockoutCheck.findLockout(rs, BOTH).orElseThrow())
        .hasMessageContaining("from admin source 192.0.2.0/23")
        .hasMessageContaining("tcp 192.0.3.1:40000");
  }

  @Test
  void checksEveryAdminPort() {
    Ruleset rs =
        input(dropInput(ssh()))
            .adminAccess(AdminAccess.builder().addPorts(22, 2222).build())
            .build();
    assertThat(LockoutCheck.findLockout(rs, BOTH).orElseThrow())
        .hasMessageContaining("port 2222/tcp from admin source 0.0.0.0/0");
  }

  @Test
  void followsJumpsIntoUserChains() {
    Ruleset rs =
        Ruleset.builder()
            .addTables(
                Table.of(
                    TableName.FILTER,
                    List.of(
                        dropInput(Rule.of(List.of(), Jump.to("FILTERS"))).build(),
                        Chain.of("FILTERS", List.of(ssh())))))
            .build();
    assertThat(LockoutCheck.findLockout(rs, BOTH)).isEmpty();
  }

  @Test
  void countsARateLimitedAcceptAsALockout() {
    Ruleset rs = input(dropInput(ssh(LimitMatch.of(3, LimitMatch.Unit.MINUTE)))).build();
    assertThat(LockoutCheck.findLockout(rs, BOTH).orElseThrow()).hasMessageContaining("DEPENDS");
  }

  @Test
  void countsADropInRawPreroutingAsALockout() {
    Ruleset rs =
        Ruleset.builder()
            .addTables(
                Table.of(
                    TableName.RAW,
                    List.of(
                        Chain.builder()
                            .name("PREROUTING")
                            .addRules(
                                Rule.of(
                                    List.of(
                                        AddressMatch.source(List.of(Cidr.parse("198.18.0.0/15")))),
                                    Verdict.DROP))
                            .build())))
            .build();
    assertThat(LockoutCheck.findLockout(rs, BOTH).orElseThrow())
        .hasMessageContaining("tcp 198.18.0.1:40000")
        .hasMessageContaining("DROPPED by ipv4 table raw, chain PREROUTING, rule 1");
  }

  /**
   * The office's SSH accept behind {@code n} rules in three user chains that no admin packet meets
   * (UDP, other ports, sources outside the office, established-only, loopback), each testing its
   * own source in the office and destination, and a set of office hosts tested for HTTPS only.
   */
  private static Ruleset behindRulesNoAdminMeets(int n) {
    List<Chain> chains = new ArrayList<>();
    List<Rule> input = new ArrayList<>();
    input.add(established());
    List<Cidr> customers = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      customers.add(Cidr.parse("203.0.113." + i + "/32"));
    }
    for (int c = 0; c < 3; c++) {
      List<Rule> rules = new ArrayList<>();
      for (int j = 0; j < n / 3; j++) {
        Cidr office = Cidr.parse("203.0.113." + j % 250 + "/32");
        Cidr dst = Cidr.parse("198.51.100." + j % 250 + "/32");
        List<Match> m = new ArrayList<>();
        switch (j % 5) {
          case 0 -> m.add(ProtocolMatch.of(Protocol.UDP));
          case 1 -> {
            m.add(ProtocolMatch.of(Protocol.TCP));
            m.add(PortMatch.destination(List.of(PortRange.of(1000 + j))));
          }
          case 2 -> {
            m.add(ProtocolMatch.of(Protocol.TCP));
            m.add(SetMatch.source("customers"));
            m.add(PortMatch.destination(List.of(PortRange.of(443))));
          }
          case 3 ->
              m.add(ConntrackStateMatch.of(List.of(ConnState.ESTABLISHED, ConnState.RELATED)));
          default -> m.add(InterfaceMatch.in("lo"));
        }
        m.add(AddressMatch.source(List.of(j % 5 == 2 ? Cidr.parse("0.0.0.0/0") : office)));
        m.add(AddressMatch.destination(List.of(dst)));
        rules.add(Rule.of(m, j % 2 == 0 ? Verdict.ACCEPT : Verdict.DROP));
      }
      chains.add(Chain.of("svc" + c, rules));
      input.add(Rule.of(List.of(), Jump.to("svc" + c)));
    }
    input.add(ssh(AddressMatch.source(List.of(Cidr.parse("203.0.113.0/24")))));
    chains.add(dropInput(input.toArray(Rule[]::new)).build());
    return Ruleset.builder()
        .addTables(Table.of(TableName.FILTER, chains))
        .addSets(AddressSet.of("customers", Family.IPV4, customers))
        .adminAccess(AdminAccess.builder().from(OFFICE).addFamilies(Family.IPV4).build())
        .build();
  }

  @Test
  void triesAsManyPacketsOverAsManyRulesHoweverManyRulesNoAdminPacketMeets() {
    Ruleset small = behindRulesNoAdminMeets(30);
    Ruleset large = behindRulesNoAdminMeets(3000);
    LockoutCheck.Work work = LockoutCheck.work(large, BOTH);
    // one source class (the office), one destination, one interface, one port
    assertThat(work.packets(1)).isEqualTo(1);
    // INPUT's three jumps and the SSH accept; the three user chains are empty
    assertThat(work.rules()).isEqualTo(4);
    assertThat(LockoutCheck.work(small, BOTH).packets(1)).isEqualTo(work.packets(1));
    assertThat(LockoutCheck.work(small, BOTH).rules()).isEqualTo(work.rules());
    assertThat(LockoutCheck.findLockout(large, BOTH)).isEmpty();
  }

  @Test
  void namesADropByItsPlaceInTheWholeChain() {
    Ruleset rs =
        input(
                dropInput(
                    Rule.of(List.of(ProtocolMatch.of(Protocol.UDP)), Verdict.ACCEPT),
                    Rule.of(
                        List.of(
                            ProtocolMatch.of(Protocol.TCP),
                            PortMatch.destination(List.of(PortRange.of(80)))),
                        Verdict.ACCEPT),
                    Rule.of(List.of(InterfaceMatch.in("eth0")), Verdict.DROP),
                    ssh()))
            .build();
    assertThat(LockoutCheck.findLockout(rs, BOTH).orElseThrow())
        .hasMessageEndingWith("DROPPED by ipv4 table filter, chain INPUT, rule 3: -i eth0 -j DROP");
  }

  private static Ruleset redirected(Rule filterRule) {
    Rule redirect =
        Rule.of(
            List.of(
                ProtocolMatch.of(Protocol.TCP), PortMatch.destination(List.of(PortRange.of(22)))),
            Redirect.toPort(2222));
    return Ruleset.builder()
        .addTables(
            Table.of(
                TableName.NAT,
                List.of(Chain.builder().name("PREROUTING").addRules(redirect).build())),
            Table.of(TableName.FILTER, List.of(dropInput(filterRule).build())))
        .adminAccess(AdminAccess.builder().addPorts(22).addFamilies(Family.IPV4).build())
        .build();
  }

  @Test
  void keepsRulesForTheNewPortWhenNatRedirectsTheAdminPort() {
    Rule newPort =
        Rule.of(
            List.of(
                ProtocolMatch.of(Protocol.TCP), PortMatch.destination(List.of(PortRange.of(2222)))),
            Verdict.ACCEPT);
    assertThat(LockoutCheck.findLockout(redirected(newPort), BOTH)).isEmpty();
    assertThat(LockoutCheck.findLockout(redirected(ssh()), BOTH).orElseThrow())
        .hasMessageContaining("DROPPED by ipv4 table filter, chain INPUT: policy DROP");
  }
}
