package dev.rampart.render.nftables;

import static dev.rampart.render.nftables.Policies.dport;
import static dev.rampart.render.nftables.Policies.filter;
import static dev.rampart.render.nftables.Policies.input;
import static dev.rampart.render.nftables.Policies.rule;
import static dev.rampart.render.nftables.Policies.tcp;
import static dev.rampart.render.nftables.Policies.udp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.AddressSet;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.LimitMatch;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Verdict;
import dev.rampart.render.nftables.listing.NftListing;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ListSetsTest {
  private static final NftablesRenderer NONE =
      NftablesRenderer.builder().docker(DockerBackend.NONE).build();

  private static final List<PortMatch> THREE_LISTS =
      List.of(dport(80, 443), dport(53, 123, 5353), dport(8000, 8080));

  /** {@code rules} rules in chains of 100, each matching one of {@link #THREE_LISTS} in turn. */
  static Ruleset sharing(int rules) {
    List<Chain> chains = new ArrayList<>();
    List<Rule> jumps = new ArrayList<>();
    for (int c = 0; c * 100 < rules; c++) {
      List<Rule> chain = new ArrayList<>();
      for (int i = c * 100; i < Math.min(rules, c * 100 + 100); i++) {
        chain.add(rule(Verdict.ACCEPT, i % 2 == 0 ? tcp() : udp(), THREE_LISTS.get(i % 3)));
      }
      chains.add(Chain.of("svc" + c, chain));
      jumps.add(rule(Jump.to("svc" + c)));
    }
    chains.add(
        0, Chain.builder().name("INPUT").policy(ChainPolicy.DROP).addAllRules(jumps).build());
    // shapes of lists under test, not a host policy: admin access is not the point
    return Ruleset.builder()
        .lockoutAllowed(true)
        .addTables(Table.of(TableName.FILTER, chains))
        .build();
  }

  private static long anonymousSets(String script) {
    return script
        .lines()
        .filter(l -> l.startsWith("\t\t") && !l.startsWith("\t\telements") && l.contains("{"))
        .count();
  }

  private static long setDeclarations(String script) {
    return script.lines().filter(l -> l.startsWith("\tset ")).count();
  }

  private static List<String> rules(String script) {
    return NftListing.fromScript(script).tables().get("rampart").chains().stream()
        .flatMap(c -> c.rules().stream())
        .toList();
  }

  @Test
  void tenThousandRulesSharingThreePortListsDeclareThreeNamedSetsAndNoAnonymousOne() {
    String script = NONE.render(sharing(10_000));
    assertThat(setDeclarations(script)).isEqualTo(3);
    assertThat(anonymousSets(script)).isZero();
    assertThat(rules(script))
        .hasSize(10_000 + 100)
        .filteredOn(r -> r.contains(" dport "))
        .allMatch(r -> r.matches("(tcp|udp) dport @_ports_[123] accept"));
  }

  @Test
  void theNumberOfSetsDoesNotGrowWithTheRulesSharingThem() {
    assertThat(setDeclarations(NONE.render(sharing(6))))
        .isEqualTo(setDeclarations(NONE.render(sharing(3_000))))
        .isEqualTo(3);
  }

  @Test
  void declaresEachSharedListOnceWithItsElementsAsNftKeepsThem() {
    String script = NONE.render(sharing(6));
    assertThat(NftListing.fromScript(script).tables().get("rampart").sets())
        .containsExactly(
            new NftListing.SetView("_ports_1", "inet_service", List.of(), List.of("80", "443")),
            new NftListing.SetView(
                "_ports_2", "inet_service", List.of(), List.of("53", "123", "5353")),
            new NftListing.SetView("_ports_3", "inet_service", List.of(), List.of("8000", "8080")));
  }

  @Test
  void sharesAListBetweenRulesThatWriteItInAnotherOrderOrForm() {
    Ruleset rs =
        filter(
            input(
                rule(Verdict.ACCEPT, tcp(), dport(443, 80)),
                rule(Verdict.ACCEPT, udp(), dport(80, 443)),
                rule(
                    Verdict.DROP,
                    tcp(),
                    PortMatch.destination(
                            List.of(PortRange.range(80, 80), PortRange.range(443, 443)))
                        .negate())));
    String script = NONE.render(rs);
    assertThat(setDeclarations(script)).isEqualTo(1);
    assertThat(rules(script))
        .containsExactly(
            "tcp dport @_ports_1 accept",
            "udp dport @_ports_1 accept",
            "tcp dport != @_ports_1 drop");
  }

  @Test
  void sharesAddressListsPerFamilyWithIntervalsWhereNeeded() {
    AddressMatch v4 =
        AddressMatch.source(List.of(Cidr.parse("10.0.0.0/24"), Cidr.parse("10.0.2.0/24")));
    AddressMatch v6 =
        AddressMatch.destination(List.of(Cidr.parse("2001:db8::1"), Cidr.parse("2001:db8::2")));
    Ruleset rs =
        filter(
            input(
                rule(Verdict.ACCEPT, v4),
                rule(Verdict.DROP, v4, tcp(), dport(22)),
                rule(Verdict.ACCEPT, v6),
                rule(Verdict.ACCEPT, v6, udp())));
    String script = NONE.render(rs);
    assertThat(NftListing.fromScript(script).tables().get("rampart").sets())
        .containsExactly(
            new NftListing.SetView(
                "_ip_1", "ipv4_addr", List.of("interval"), List.of("10.0.0.0/24", "10.0.2.0/24")),
            new NftListing.SetView(
                "_ip6_1", "ipv6_addr", List.of(), List.of("2001:db8::1", "2001:db8::2")));
    assertThat(rules(script))
        .containsExactly(
            "ip saddr @_ip_1 accept",
            "ip saddr @_ip_1 tcp dport 22 drop",
            "ip6 daddr @_ip6_1 accept",
            "ip6 daddr @_ip6_1 meta l4proto udp accept");
  }

  @Test
  void namesItsSetsAroundTheRulesetsOwnSets() {
    Ruleset rs =
        Ruleset.builder()
            .lockoutAllowed(true)
            .addSets(
                AddressSet.of("_ports_1", Family.IPV4, List.of(Cidr.parse("192.0.2.1"))),
                AddressSet.of("__ports_1", Family.IPV4, List.of(Cidr.parse("192.0.2.2"))))
            .addTables(
                Table.of(
                    TableName.FILTER,
                    List.of(
                        input(
                            rule(Verdict.ACCEPT, tcp(), dport(80, 443)),
                            rule(Verdict.ACCEPT, udp(), dport(80, 443)),
                            rule(Verdict.ACCEPT, tcp(), dport(1, 2)),
                            rule(Verdict.ACCEPT, udp(), dport(1, 2))))))
            .build();
    String script = NONE.render(rs);
    List<String> names =
        NftListing.fromScript(script).tables().get("rampart").sets().stream()
            .map(NftListing.SetView::name)
            .toList();
    assertThat(names).containsExactly("_ports_1", "__ports_1", "___ports_1", "_ports_2");
    assertThat(names).allMatch(n -> NftNames.problem(n).isEmpty());
  }

  @Test
  void writesAListUsedOnceAsOneRuleLinePerElement() {
    Ruleset rs =
        filter(
            input(
                Rule.builder()
                    .addMatches(tcp(), dport(22, 80))
                    .target(Jump.to("LOGGED"))
                    .comment("web")
                    .build()),
            Chain.of("LOGGED", List.of()));
    assertThat(rules(NONE.render(rs)))
        .containsExactly(
            "tcp dport 22 jump LOGGED comment \"web\"", "tcp dport 80 jump LOGGED comment \"web\"");
  }

  @Test
  void keepsARuleWithARateLimitAsOneLineWithANamedSet() {
    Ruleset rs =
        filter(
            input(
                rule(
                    Verdict.ACCEPT,
                    tcp(),
                    dport(22, 80),
                    LimitMatch.of(5, LimitMatch.Unit.SECOND, 10))));
    String script = NONE.render(rs);
    assertThat(rules(script))
        .containsExactly("tcp dport @_ports_1 limit rate 5/second burst 10 packets accept");
  }

  @Test
  void expandsNoRuleOverTwoListsAndNoListLongerThanTheInlineLimit() {
    AddressMatch two =
        AddressMatch.source(List.of(Cidr.parse("192.0.2.1"), Cidr.parse("192.0.2.3")));
    int[] many = IntStream.rangeClosed(1, ListSets.MAX_INLINE + 1).map(i -> 2 * i).toArray();
    Ruleset rs =
        filter(
            input(
                rule(Verdict.ACCEPT, two, tcp(), dport(22, 80)),
                rule(Verdict.ACCEPT, udp(), dport(many)),
                rule(Verdict.DROP, udp(), dport(many).negate())));
    String script = NONE.render(rs);
    assertThat(rules(script))
        .containsExactly(
            "ip saddr @_ip_1 tcp dport @_ports_1 accept",
            "udp dport @_ports_2 accept",
            "udp dport != @_ports_2 drop");
  }

  @Test
  void writesANegatedListUsedOnceAsOneComparisonPerElement() {
    Ruleset rs = filter(input(rule(Verdict.DROP, tcp(), dport(22, 80, 443).negate())));
    String script = NONE.render(rs);
    assertThat(setDeclarations(script)).isZero();
    assertThat(rules(script))
        .containsExactly("tcp dport != 22 tcp dport != 80 tcp dport != 443 drop");
  }

  /**
   * {@code lists} distinct two-port lists {@code {2000 + 2i, 2001 + 2i}}, each used by a tcp and a
   * udp rule made by {@code rule}, after ten uses of {@code {80, 443, 8080}}.
   */
  private static Ruleset distinctSharedLists(
      int lists, java.util.function.BiFunction<Rule.Builder, PortMatch, Rule> rule) {
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rules.add(
          rule.apply(Rule.builder().addMatches(i % 2 == 0 ? tcp() : udp()), dport(80, 443, 8080)));
    }
    for (int i = 0; i < lists; i++) {
      PortMatch list = dport(2000 + 2 * i, 2001 + 2 * i);
      rules.add(rule.apply(Rule.builder().addMatches(tcp()), list));
      rules.add(rule.apply(Rule.builder().addMatches(udp()), list));
    }
    return filter(input(rules.toArray(Rule[]::new)));
  }

  @Test
  void beyondTheCapWritesTheSharedListsSavingFewestLinesAsOneLinePerElement() {
    int lists = ListSets.MAX_NAMED + 100;
    String script =
        NONE.render(
            distinctSharedLists(
                lists, (b, ports) -> b.addMatches(ports).target(Verdict.ACCEPT).build()));
    assertThat(setDeclarations(script)).isEqualTo(ListSets.MAX_NAMED);
    List<String> rules = rules(script);
    // 601 lists would be named sets: the list of ten uses saves the most lines and stays named; of
    // the two-use lists, the first 101 in order of first use are written one line per port
    assertThat(rules.subList(0, 10)).allMatch(r -> r.matches("(tcp|udp) dport @_ports_1 accept"));
    assertThat(rules).hasSize(10 + 2 * lists + 2 * 101);
    assertThat(rules.subList(10, 14))
        .containsExactly(
            "tcp dport 2000 accept", "tcp dport 2001 accept",
            "udp dport 2000 accept", "udp dport 2001 accept");
    int lastInline = 10 + 4 * 100;
    assertThat(rules.subList(lastInline, lastInline + 6))
        .containsExactly(
            "tcp dport 2200 accept", "tcp dport 2201 accept",
            "udp dport 2200 accept", "udp dport 2201 accept",
            "tcp dport @_ports_2 accept", "udp dport @_ports_2 accept");
    assertThat(rules.subList(lastInline + 4, rules.size()))
        .allMatch(r -> r.matches("(tcp|udp) dport @_ports_\\d+ accept"));
  }

  @Test
  void beyondTheCapWritesNegatedSharedListsAsOneComparisonPerElement() {
    int lists = ListSets.MAX_NAMED + 1;
    String script =
        NONE.render(
            distinctSharedLists(
                lists, (b, ports) -> b.addMatches(ports.negate()).target(Verdict.DROP).build()));
    assertThat(setDeclarations(script)).isEqualTo(ListSets.MAX_NAMED);
    assertThat(rules(script).subList(10, 12))
        .containsExactly(
            "tcp dport != 2000 tcp dport != 2001 drop", "udp dport != 2000 udp dport != 2001 drop");
  }

  @Test
  void keepsSharedListsNamedBeyondTheCapWhereNoLineCanStandForThem() {
    int lists = ListSets.MAX_NAMED + 10;
    String script =
        NONE.render(
            distinctSharedLists(
                lists,
                (b, ports) ->
                    b.addMatches(ports, LimitMatch.of(5, LimitMatch.Unit.SECOND, 10))
                        .target(Verdict.ACCEPT)
                        .build()));
    assertThat(setDeclarations(script)).isEqualTo(lists + 1);
    assertThat(rules(script)).hasSize(10 + 2 * lists);
  }

  @Test
  void rendersEqualModelsToIdenticalText() {
    assertThat(NONE.render(sharing(1_000))).isEqualTo(NONE.render(sharing(1_000)));
  }
}
