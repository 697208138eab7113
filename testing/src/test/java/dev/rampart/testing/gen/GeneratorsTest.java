package dev.rampart.testing.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ContiguousSet;
import com.google.common.collect.DiscreteDomain;
import com.google.common.collect.Range;
import com.google.common.net.InetAddresses;
import dev.rampart.core.Chain;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.match.AddressTypeMatch;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Verdict;
import dev.rampart.testing.Seeds;
import dev.rampart.testing.gen.RulesetOptions.DockerUser;
import dev.rampart.testing.gen.RulesetOptions.MatchKind;
import dev.rampart.testing.gen.RulesetOptions.TargetKind;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class GeneratorsTest {
  /** The simple name of a value's type, without Immutables' prefix. */
  static String kind(Object o) {
    String name = o.getClass().getSimpleName();
    return name.startsWith("Immutable") ? name.substring("Immutable".length()) : name;
  }

  static Stream<Chain> chains(Ruleset rs) {
    return rs.tables().stream().flatMap(t -> t.chains().stream());
  }

  static Stream<Rule> rules(Ruleset rs) {
    return chains(rs).flatMap(c -> c.rules().stream());
  }

  static List<Ruleset> draw(RulesetOptions options, int n) {
    SplittableRandom r = new SplittableRandom(Seeds.seed());
    return IntStream.range(0, n).mapToObj(i -> Generators.ruleset(r, options)).toList();
  }

  @Test
  void packetsAreOfTheFamilyAskedAndOftenForTheHost() {
    SplittableRandom r = new SplittableRandom(Seeds.seed());
    for (Family f : Family.values()) {
      List<Packet> packets =
          IntStream.range(0, 200).mapToObj(i -> Generators.packet(r, f)).toList();
      assertThat(packets).allSatisfy(p -> assertThat(p.family()).isEqualTo(f));
      assertThat(packets.stream().filter(p -> Generators.host().isLocal(p.destination().get())))
          .hasSizeBetween(40, 120);
      assertThat(packets.stream().map(p -> p.protocol().toString()).distinct())
          .hasSizeGreaterThan(3);
      assertThat(packets).anyMatch(Packet::isLocal).anyMatch(p -> !p.isLocal());
    }
    assertThat(Generators.packet(new SplittableRandom(7)))
        .isEqualTo(Generators.packet(new SplittableRandom(7)));
  }

  @Test
  void theSameSeedDrawsTheSameRulesets() {
    assertThat(draw(RulesetOptions.defaults(), 20)).isEqualTo(draw(RulesetOptions.defaults(), 20));
  }

  @Test
  void rulesetsCoverEveryMatchTargetAndTableKind() {
    Set<String> matches = new TreeSet<>();
    Set<String> targets = new TreeSet<>();
    Set<String> tables = new TreeSet<>();
    for (Ruleset rs : draw(RulesetOptions.defaults(), 150)) {
      rs.tables().forEach(t -> tables.add(t.name().label()));
      rules(rs).forEach(r -> r.matches().forEach(m -> matches.add(kind(m))));
      rules(rs).forEach(r -> targets.add(kind(r.target())));
    }

    assertThat(matches)
        .containsExactlyInAnyOrder(
            "AddressMatch",
            "AddressTypeMatch",
            "ConntrackOriginalMatch",
            "ConntrackStateMatch",
            "IcmpTypeMatch",
            "InterfaceMatch",
            "IpRangeMatch",
            "LimitMatch",
            "MarkMatch",
            "PacketTypeMatch",
            "PolicyMatch",
            "PortMatch",
            "ProtocolMatch",
            "SetMatch",
            "TcpFlagsMatch");
    assertThat(targets)
        .containsExactlyInAnyOrder(
            "Verdict", "Jump", "Log", "Reject", "Nflog", "Mark", "Dnat", "Snat", "Masquerade");
    assertThat(tables).containsExactlyInAnyOrder("filter", "nat", "raw");
  }

  @Test
  void excludedKindsNeverOccur() {
    RulesetOptions o =
        RulesetOptions.builder()
            .withoutMatches(MatchKind.LIMIT, MatchKind.SET, MatchKind.PORTS)
            .withoutTargets(TargetKind.LOG, TargetKind.JUMP, TargetKind.DNAT)
            .tables(TableName.NAT)
            .build();

    for (Ruleset rs : draw(o, 100)) {
      assertThat(rs.sets()).isEmpty();
      assertThat(rs.tables()).allSatisfy(t -> assertThat(t.name()).isNotEqualTo(TableName.RAW));
      assertThat(rules(rs).flatMap(r -> r.matches().stream()).map(GeneratorsTest::kind))
          .doesNotContain("LimitMatch", "SetMatch", "PortMatch");
      assertThat(rules(rs).map(Rule::target))
          .allSatisfy(t -> assertThat(kind(t)).isNotIn("Log", "Dnat"))
          .noneMatch(t -> t instanceof Jump j && !j.isGoto());
    }
  }

  @Test
  void oneFamilyRestrictsEveryRuleToIt() {
    RulesetOptions v6 = RulesetOptions.builder().families(Family.IPV6).build();

    List<Ruleset> drawn = draw(v6, 50);

    assertThat(drawn.stream().flatMap(GeneratorsTest::rules))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.family()).contains(Family.IPV6));
    assertThat(drawn.stream().flatMap(rs -> rs.sets().stream()))
        .allSatisfy(s -> assertThat(s.family()).isEqualTo(Family.IPV6));
  }

  @Test
  void besideDockerNothingOnTheForwardPathAcceptsAndForwardKeepsItsEnd() {
    RulesetOptions o = RulesetOptions.builder().dockerUser(DockerUser.BESIDE_DOCKER).build();

    for (Ruleset rs : draw(o, 100)) {
      Chain forward = rs.table(TableName.FILTER).orElseThrow().chain("FORWARD").orElseThrow();
      assertThat(forward.policy()).isEmpty();
      assertThat(forward.rules())
          .extracting(Rule::target)
          .doesNotContain(Verdict.ACCEPT, Verdict.RETURN)
          .noneMatch(t -> t instanceof Jump j && j.isGoto());
      Chain dockerUser =
          rs.table(TableName.FILTER).orElseThrow().chain("DOCKER-USER").orElseThrow();
      assertThat(dockerUser.rules()).extracting(Rule::target).doesNotContain(Verdict.ACCEPT);
      assertThat(forward.rules()).noneMatch(r -> r.target().equals(Jump.to("DOCKER-USER")));
    }
  }

  /** ip6tables refuses {@code -m addrtype --src-type BROADCAST}: IPv6 has no broadcast. */
  @Test
  void aBroadcastAddressTypeIsOnlyInRulesForIpv4Alone() {
    int checked = 0;
    for (Ruleset rs : draw(RulesetOptions.defaults(), 400)) {
      for (Rule r : rules(rs).filter(GeneratorsTest::namesBroadcast).toList()) {
        assertThat(rs.familiesOf(r)).as("%s", r).containsExactly(Family.IPV4);
        checked++;
      }
    }
    assertThat(checked).as("rules with a broadcast address type").isPositive();
  }

  private static boolean namesBroadcast(Rule r) {
    AddressTypeMatch.Type b = AddressTypeMatch.Type.BROADCAST;
    return Stream.of(AddressTypeMatch.source(b), AddressTypeMatch.destination(b))
        .anyMatch(m -> r.matches().contains(m) || r.matches().contains(m.negate()));
  }

  @Test
  void jumpedFromForwardDockerUserIsForwardsFirstJump() {
    RulesetOptions o = RulesetOptions.builder().dockerUser(DockerUser.JUMPED_FROM_FORWARD).build();

    for (Ruleset rs : draw(o, 50)) {
      Chain forward = rs.table(TableName.FILTER).orElseThrow().chain("FORWARD").orElseThrow();
      assertThat(forward.rules().get(0).target()).isEqualTo(Jump.to("DOCKER-USER"));
      assertThat(forward.rules().get(0).matches()).isEmpty();
      assertThat(rs.table(TableName.FILTER).orElseThrow().chain("DOCKER-USER")).isPresent();
    }
  }

  @Test
  void aRuleFitsItsHook() {
    SplittableRandom r = new SplittableRandom(Seeds.seed());
    RulesetOptions o = RulesetOptions.builder().matches(MatchKind.INTERFACE).build();

    for (int i = 0; i < 300; i++) {
      Rule rule = Generators.rule(r, o, "INPUT");
      assertThat(rule.matches())
          .allSatisfy(
              m ->
                  assertThat(m)
                      .isInstanceOfSatisfying(
                          InterfaceMatch.class,
                          im -> assertThat(im.side()).isEqualTo(InterfaceMatch.Side.IN)));
      assertThat(rule.target()).isNotInstanceOf(Jump.class);
    }
  }

  @Test
  void aRuleNeedsAFilterBuiltinChain() {
    assertThatThrownBy(
            () -> Generators.rule(new SplittableRandom(1), RulesetOptions.defaults(), "DOCKER"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("generators: not a filter built-in chain: DOCKER");
  }

  @Test
  void prefixesAreOfTheFamilyAsked() {
    SplittableRandom r = new SplittableRandom(Seeds.seed());

    for (int i = 0; i < 200; i++) {
      assertThat(Generators.prefix(r, Family.IPV6).family()).isEqualTo(Family.IPV6);
      assertThat(Generators.prefix(r, Family.IPV4).family()).isEqualTo(Family.IPV4);
    }
  }

  @Test
  void theSameSeedDrawsTheSameValues() {
    SplittableRandom a = new SplittableRandom(Seeds.seed());
    SplittableRandom b = new SplittableRandom(Seeds.seed());

    for (int i = 0; i < 100; i++) {
      assertThat(Generators.fromInternet(a, "eth0", "198.51.100.1"))
          .isEqualTo(Generators.fromInternet(b, "eth0", "198.51.100.1"));
    }
  }

  @Test
  void portsAreValidAndOftenWellKnown() {
    SplittableRandom r = new SplittableRandom(Seeds.seed());
    List<Integer> ports = IntStream.range(0, 1000).mapToObj(i -> Generators.port(r)).toList();

    assertThat(ports).allSatisfy(p -> assertThat(p).isBetween(1, 65_535));
    assertThat(ports.stream().filter(Generators.WELL_KNOWN::contains).count()).isGreaterThan(300);
  }

  @Test
  void portOutsideNeverDrawsAnExcludedPort() {
    SplittableRandom r = new SplittableRandom(Seeds.seed());
    List<Integer> excluded = List.of(22, 80, 443, 8080);

    for (int i = 0; i < 1000; i++) {
      assertThat(Generators.portOutside(r, excluded)).isNotIn(excluded);
    }
  }

  @Test
  void portOutsideRefusesToExcludeEveryPort() {
    assertThatThrownBy(
            () ->
                Generators.portOutside(
                    new SplittableRandom(1),
                    ContiguousSet.create(Range.closed(1, 65_535), DiscreteDomain.integers())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("generators: every port is excluded: 65535");
  }

  @Test
  void internetAddressesAreNeverPrivateLoopbackOrMulticast() {
    SplittableRandom r = new SplittableRandom(Seeds.seed());

    for (int i = 0; i < 2000; i++) {
      InetAddress a = InetAddresses.forString(Generators.internetIpv4(r));
      assertThat(a.isSiteLocalAddress() || a.isLoopbackAddress() || a.isMulticastAddress())
          .as("%s", a)
          .isFalse();
      assertThat(a.isLinkLocalAddress() || a.isAnyLocalAddress()).as("%s", a).isFalse();
    }
  }

  @Test
  void aNewTcpConnectionFromTheInternetGoesToTheGivenPortInTheGivenInterface() {
    Packet p = Generators.newTcpFromInternet(new SplittableRandom(7), "eth0", "198.51.100.1", 25);

    assertThat(p.destinationPort()).hasValue(25);
    assertThat(p.destination()).contains(InetAddresses.forString("198.51.100.1"));
    assertThat(p.inInterface()).contains("eth0");
    assertThat(p.state()).isEqualTo(ConnState.NEW);
    assertThat(p.sourcePort().getAsInt()).isBetween(32_768, 60_999);
  }
}
