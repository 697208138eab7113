package dev.rampart.render.iptables;

import static dev.rampart.testing.RendererFixtures.nothing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableSet;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.RuleRef;
import dev.rampart.core.TableName;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.ConntrackStateMatch;
import dev.rampart.core.match.IcmpTypeMatch;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.IpRangeMatch;
import dev.rampart.core.match.LimitMatch;
import dev.rampart.core.match.OpaqueMatch;
import dev.rampart.core.match.OwnerMatch;
import dev.rampart.core.match.PacketTypeMatch;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.RpFilterMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.match.TcpFlagsMatch;
import dev.rampart.core.snapshot.Counters;
import dev.rampart.core.snapshot.Origin;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.core.snapshot.SnapshotChain;
import dev.rampart.core.snapshot.SnapshotRule;
import dev.rampart.core.snapshot.SnapshotTable;
import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.OpaqueTarget;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Verdict;
import dev.rampart.testing.Fixtures;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class IptablesParserTest {
  private static final String CHAINS =
      ":" + Constructs.SUB + " - [0:0]\n:" + Constructs.FOREIGN + " - [0:0]\n";

  /**
   * Constructs whose model rule iptables stores in a canonical form (no test for every address or
   * port, the default burst, level or reject): the parser returns the canonical form.
   */
  private static final Set<String> CANONICALIZED =
      Set.of(
          "any interface is no test",
          "full tcp range is no test",
          "limit in another unit with burst",
          "limit with the default burst",
          "log with the default level",
          "reject with ICMP6_PORT_UNREACHABLE",
          "reject with ICMP_PORT_UNREACHABLE",
          "source /0 is no test");

  /** The one rule of a one-rule filter dump. */
  private static Rule only(String ruleText) {
    return onlyRule(
        IptablesParser.parse("*filter\n:SUB - [0:0]\n-A INPUT " + ruleText + "\nCOMMIT\n"));
  }

  private static Rule onlyRule(Snapshot s) {
    return s.tables().stream()
        .flatMap(t -> t.chains().stream())
        .flatMap(c -> c.rules().stream())
        .map(SnapshotRule::rule)
        .reduce(
            (a, b) -> {
              throw new AssertionError("more than one rule");
            })
        .orElseThrow();
  }

  /** Same rule, matches compared as a conjunction (order does not matter). */
  private static void assertSameRule(Rule actual, Rule expected) {
    assertThat(ImmutableSet.copyOf(actual.matches()))
        .isEqualTo(ImmutableSet.copyOf(expected.matches()));
    assertThat(actual.matches()).hasSameSizeAs(expected.matches());
    assertThat(actual.target()).isEqualTo(expected.target());
    assertThat(actual.comment()).isEqualTo(expected.comment());
  }

  private static IptablesParseException failure(String text) {
    try {
      IptablesParser.parse(text);
    } catch (IptablesParseException e) {
      return e;
    }
    throw new AssertionError("parsed: " + text);
  }

  static List<Object[]> constructs() {
    return Constructs.all().stream()
        .flatMap(
            c ->
                java.util.stream.Stream.of(Family.IPV4, Family.IPV6)
                    .filter(f -> c.expected(f).isPresent())
                    .map(f -> new Object[] {c, f}))
        .toList();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("constructs")
  void readsBackEveryConstructTheRendererWrites(Constructs.Case c, Family family) {
    String text =
        "*"
            + c.table().label()
            + "\n"
            + CHAINS
            + "-A "
            + c.chain()
            + " "
            + c.expected(family).orElseThrow()
            + "\nCOMMIT\n";

    Rule parsed = onlyRule(IptablesParser.parse(text, family));

    RuleRef place = RuleRef.of(c.table(), c.chain(), 1).in(family);
    if (!c.name().equals("full tcp range is no test")) { // -m tcp without options: no port test
      assertThat(RuleArgs.restoreText(family, place, parsed, name -> Optional.empty()))
          .isEqualTo(c.expected(family).orElseThrow());
    }
    if (!CANONICALIZED.contains(c.name())) {
      assertSameRule(parsed, c.rule());
    }
  }

  @Test
  void readsBothSpellingsOfTheGenericOptions() {
    Rule longForm =
        only(
            "--source 10.0.0.0/8 --destination 192.0.2.1/32 --in-interface eth+ --out-interface"
                + " docker0 --protocol tcp --match tcp --destination-port 22 --source-port"
                + " 1000:2000 --jump ACCEPT");
    Rule shortForm =
        only(
            "-s 10.0.0.0/8 -d 192.0.2.1/32 -i eth+ -o docker0 -p tcp -m tcp --dport 22 --sport"
                + " 1000:2000 -j ACCEPT");

    assertSameRule(longForm, shortForm);
    assertThat(shortForm.matches())
        .contains(
            AddressMatch.source(List.of(Cidr.parse("10.0.0.0/8"))),
            InterfaceMatch.in("eth+"),
            PortMatch.source(List.of(PortRange.range(1000, 2000))));
  }

  @Test
  void readsNegationBeforeTheOptionAndOldStyleBeforeTheValue() {
    assertSameRule(
        only("-s ! 10.0.0.0/8 -p tcp --dport ! 22 -j DROP"),
        only("! -s 10.0.0.0/8 -p tcp ! --dport 22 -j DROP"));
    assertThat(only("! -i lo -j DROP").matches()).containsExactly(InterfaceMatch.in("lo").negate());
  }

  @Test
  void readsStateAndConntrackStateAsOneMatch() {
    Rule expected =
        Rule.of(
            List.of(ConntrackStateMatch.of(Set.of(ConnState.RELATED, ConnState.ESTABLISHED))),
            Verdict.ACCEPT);

    assertSameRule(only("-m state --state RELATED,ESTABLISHED -j ACCEPT"), expected);
    assertSameRule(only("-m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT"), expected);
  }

  @Test
  void readsImplicitProtocolModulesNamesAndNumbers() {
    Rule expected =
        Rule.of(
            List.of(
                ProtocolMatch.of(Protocol.TCP), PortMatch.destination(List.of(PortRange.of(443)))),
            Verdict.ACCEPT);

    assertSameRule(only("-p tcp --dport 443 -j ACCEPT"), expected);
    assertSameRule(only("-p 6 -m tcp --dport 443 -j ACCEPT"), expected);
    assertSameRule(only("-p TCP -m tcp --dport 443 -j ACCEPT"), expected);
  }

  @Test
  void readsIcmpTypesByNameAndNumber() {
    assertThat(only("-p icmp -m icmp --icmp-type echo-request -j ACCEPT").matches())
        .contains(IcmpTypeMatch.icmp(8));
    assertThat(only("-p icmp --icmp-type 3/4 -j ACCEPT").matches())
        .contains(IcmpTypeMatch.of(Family.IPV4, 3, 4));
    assertThat(only("-p icmp -m icmp --icmp-type port-unreachable -j ACCEPT").matches())
        .contains(IcmpTypeMatch.of(Family.IPV4, 3, 3));
  }

  @Test
  void readsMultiportInBothSpellings() {
    PortMatch expected =
        PortMatch.destination(List.of(PortRange.of(80), PortRange.range(8000, 8080)));

    assertThat(only("-p tcp -m multiport --dports 80,8000:8080 -j ACCEPT").matches())
        .contains(expected);
    assertThat(only("-p tcp -m multiport --destination-ports 80,8000:8080 -j ACCEPT").matches())
        .contains(expected);
  }

  @Test
  void readsSetWithOneFlagAndTheSetShorthand() {
    assertThat(only("-m set --match-set trusted src -j ACCEPT").matches())
        .containsExactly(SetMatch.source("trusted"));
    assertThat(only("-m set ! --match-set trusted dst -j DROP").matches())
        .containsExactly(SetMatch.destination("trusted").negate());
    assertThat(only("-m set --set trusted src -j ACCEPT").matches())
        .containsExactly(SetMatch.source("trusted"));
  }

  @Test
  void readsLimitWithTheKernelDefaultBurstAsNoBurst() {
    assertThat(only("-m limit --limit 5/sec --limit-burst 5 -j ACCEPT").matches())
        .containsExactly(LimitMatch.of(5, LimitMatch.Unit.SECOND));
    assertThat(only("-m limit --limit 3/minute -j ACCEPT").matches())
        .containsExactly(LimitMatch.of(3, LimitMatch.Unit.MINUTE));
  }

  @Test
  void readsTheFamilyDefaultRejectAsRejectWithoutOption() {
    assertThat(only("-j REJECT --reject-with icmp-port-unreachable").target())
        .isEqualTo(Reject.of());
    assertThat(only("-p tcp -j REJECT --reject-with tcp-reset").target())
        .isEqualTo(Reject.with(Reject.With.TCP_RESET));
  }

  @Test
  void readsGotoAndJumpToDeclaredChains() {
    assertThat(only("-g SUB").target()).isEqualTo(Jump.goTo("SUB"));
    assertThat(only("--jump SUB").target()).isEqualTo(Jump.to("SUB"));
  }

  @Test
  void readsDnatWithPortsAndIpv6Brackets() {
    Rule v4 =
        onlyRule(
            IptablesParser.parse(
                "*nat\n:DOCKER - [0:0]\n-A DOCKER -p tcp -m tcp --dport 8080 -j DNAT"
                    + " --to-destination 172.18.0.2:80\nCOMMIT\n"));

    assertThat(v4.target()).isEqualTo(Dnat.to(Cidr.parse("172.18.0.2"), 80));
    assertThat(
            IptablesParser.parse(
                    "*nat\n:DOCKER - [0:0]\n-A DOCKER -p tcp -m tcp --dport 8081 -j DNAT"
                        + " --to-destination [fd00::2]:81\nCOMMIT\n")
                .families())
        .containsExactly(Family.IPV6);
  }

  @Test
  void readsCountersOnChainsAndRules() {
    Snapshot s =
        IptablesParser.parse(
            "*filter\n:INPUT DROP [10:2000]\n[3:180] -A INPUT -i lo -j ACCEPT\nCOMMIT\n");

    SnapshotChain input =
        s.table(Family.IPV4, TableName.FILTER).orElseThrow().chain("INPUT").orElseThrow();
    assertThat(input.policy()).contains(ChainPolicy.DROP);
    assertThat(input.counters()).contains(Counters.of(10, 2000));
    assertThat(input.rules().get(0).counters()).contains(Counters.of(3, 180));
    assertThat(input.rules().get(0).origin())
        .contains(Origin.of(3, "[3:180] -A INPUT -i lo -j ACCEPT"));
  }

  @Test
  void takesTheFamilyFromTheIp6tablesSaveBanner() {
    Snapshot s =
        IptablesParser.parse(
            "# Generated by ip6tables-save v1.8.9 (nf_tables) on Fri Feb 21 15:12:36 2025\n"
                + "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                + "-A INPUT -i lo -j ACCEPT\nCOMMIT\n"
                + "# Completed on Fri Feb 21 15:12:36 2025\n");

    assertThat(s.families()).containsExactly(Family.IPV6);
  }

  @Test
  void readsIptablesSaveOfBothFamiliesOneAfterTheOther() {
    String v4 =
        "# Generated by iptables-save v1.8.9\n*filter\n-A INPUT -s 10.0.0.1/32 -j ACCEPT\nCOMMIT\n";
    String v6 =
        "# Generated by ip6tables-save v1.8.9\n*filter\n-A INPUT -s ::1/128 -j ACCEPT\nCOMMIT\n";

    assertThat(IptablesParser.parse(v4 + v6).families()).containsExactly(Family.IPV4, Family.IPV6);
  }

  @Test
  void namesTheTableOfIptablesDashSByItsPolicies() {
    Snapshot s =
        IptablesParser.parse(
            "-P INPUT ACCEPT\n-P FORWARD DROP\n-P OUTPUT ACCEPT\n-N DOCKER\n-A FORWARD -j DOCKER\n"
                + "-P PREROUTING ACCEPT\n-P INPUT ACCEPT\n-P OUTPUT ACCEPT\n-P POSTROUTING ACCEPT\n"
                + "-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE\n");

    assertThat(s.tables())
        .extracting(SnapshotTable::name)
        .containsExactly(TableName.FILTER, TableName.NAT);
    assertThat(
            s.table(Family.IPV4, TableName.FILTER)
                .orElseThrow()
                .chain("FORWARD")
                .orElseThrow()
                .policy())
        .contains(ChainPolicy.DROP);
  }

  @Test
  void takesTheCallersTableForIptablesDashSWithoutAFullRunOfPolicies() {
    Snapshot s =
        IptablesParser.builder()
            .table(TableName.NAT)
            .build()
            .read(
                "-P PREROUTING ACCEPT\n-N DOCKER\n-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER\n");

    assertThat(s.tables()).extracting(SnapshotTable::name).containsExactly(TableName.NAT);
  }

  @Test
  void readsFromAReader() throws IOException {
    assertThat(IptablesParser.parse(new StringReader("*raw\nCOMMIT\n")).tables())
        .extracting(SnapshotTable::name)
        .containsExactly(TableName.RAW);
  }

  @Test
  void detectsTheFormat() {
    assertThat(IptablesParser.detectFormat("# x\n*filter\nCOMMIT\n"))
        .contains(IptablesParser.Format.SAVE);
    assertThat(IptablesParser.detectFormat("\n-P INPUT ACCEPT\n"))
        .contains(IptablesParser.Format.LIST);
    assertThat(IptablesParser.detectFormat("# nothing\n")).isEmpty();
  }

  @Test
  void reportsAnUnknownOptionOfAKnownModule() {
    IptablesParseException e =
        failure("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp -m tcp --foo 1 -j ACCEPT\nCOMMIT\n");

    assertThat(e)
        .hasMessage(
            "line 3: unknown option --foo of module tcp: -A INPUT -p tcp -m tcp --foo 1 -j ACCEPT");
    assertThat(e.line()).isEqualTo(3);
    assertThat(e.text()).isEqualTo("-A INPUT -p tcp -m tcp --foo 1 -j ACCEPT");
  }

  @Test
  void reportsAnUnknownGenericOption() {
    assertThat(failure("-P INPUT ACCEPT\n-A INPUT --foo -j ACCEPT\n"))
        .hasMessage("line 2: unknown option --foo: -A INPUT --foo -j ACCEPT");
  }

  @Test
  void reportsALineCutMidToken() {
    assertThat(
            failure(
                "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m comment --comment \"cut here\nCOMMIT\n"))
        .hasMessage("line 3: unterminated quote: -A INPUT -m comment --comment \"cut here");
    assertThat(failure("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport\nCOMMIT\n"))
        .hasMessage("line 3: option --dport needs a value: -A INPUT -p tcp --dport");
    assertThat(failure("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j\nCOMMIT\n"))
        .hasMessage("line 3: option -j needs a value: -A INPUT -j");
  }

  @Test
  void reportsATableWithoutCommit() {
    assertThat(failure("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j ACCEPT\n"))
        .hasMessage(
            "line 3: dump ends before COMMIT of table filter (opened at line 1): -A INPUT -j ACCEPT");
    assertThat(failure("*filter\n:INPUT ACCEPT [0:0]\n*nat\nCOMMIT\n"))
        .hasMessage(
            "line 3: table filter (opened at line 1, last line 2) not committed before the next table: *nat");
  }

  @Test
  void reportsAChainUsedBeforeItIsDeclared() {
    assertThat(failure("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j DOCKER-USER\nCOMMIT\n"))
        .hasMessage(
            "line 3: chain used before it is declared: DOCKER-USER: -A INPUT -j DOCKER-USER");
    assertThat(failure("*filter\n-A DOCKER -j ACCEPT\nCOMMIT\n"))
        .hasMessage("line 2: chain used before it is declared: DOCKER: -A DOCKER -j ACCEPT");
  }

  @Test
  void reportsARuleOfTheOtherFamily() {
    assertThat(
            failure(
                "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -s 10.0.0.1/32 -j ACCEPT\n-A INPUT -s ::1/128 -j ACCEPT\nCOMMIT\n"))
        .hasMessage(
            "line 4: ipv6 rule in an ipv4 table (ipv4 since line 3): -A INPUT -s ::1/128 -j ACCEPT");
  }

  @Test
  void reportsTwoDumpsOfOneTable() {
    assertThat(
            failure(
                "-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n-P INPUT DROP\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n"))
        .hasMessage("line 4: second dump of table filter ipv4 (first at line 1): -P INPUT DROP");
  }

  @Test
  void reportsWhatIsNeitherFormat() {
    assertThat(failure("hello\n"))
        .hasMessage("line 1: not a line of iptables-save or iptables -S: hello");
    assertThat(failure("*filter\n-P INPUT ACCEPT\nCOMMIT\n"))
        .hasMessage("line 2: iptables -S line in an iptables-save dump: -P INPUT ACCEPT");
  }

  @Test
  void skipsAPastedShellPromptAndComments() {
    Snapshot s =
        IptablesParser.parse(
            "[ec2-user@ip-10-0-0-168 ~]$ sudo iptables-save -c\n"
                + "# Warning: iptables-legacy tables present, use iptables-legacy to see them\n"
                + "*raw\n:PREROUTING ACCEPT [1:2]\nCOMMIT\n");

    assertThat(s.tables()).hasSize(1);
  }

  private static int ruleCount(Snapshot s) {
    return s.tables().stream()
        .flatMap(t -> t.chains().stream())
        .mapToInt(c -> c.rules().size())
        .sum();
  }

  @Test
  void readsTheSwarmPortmapFixtureOfIptablesDashS() {
    Snapshot s = IptablesParser.parse(Fixtures.read("docker/swarm-portmap-28-S.txt"));

    assertThat(s.tables())
        .extracting(SnapshotTable::name)
        .containsExactly(TableName.FILTER, TableName.NAT);
    assertThat(ruleCount(s)).isEqualTo(27);
    SnapshotChain ingress =
        s.table(Family.IPV4, TableName.NAT).orElseThrow().chain("DOCKER-INGRESS").orElseThrow();
    assertThat(ingress.rules().get(0).rule().target())
        .isEqualTo(Dnat.to(Cidr.parse("172.18.0.2"), 8080));
  }

  @Test
  void readsTheSwarm1705FilterFixtureWhoseCutFellOnALineBreak() {
    Snapshot s = IptablesParser.parse(Fixtures.read("docker/swarm-17.05-filter-S-partial.txt"));

    assertThat(ruleCount(s)).isEqualTo(16);
    assertThat(
            s.table(Family.IPV4, TableName.FILTER)
                .orElseThrow()
                .chain("INPUT")
                .orElseThrow()
                .rules()
                .get(5)
                .rule()
                .target())
        .isEqualTo(Reject.with(Reject.With.ICMP_HOST_PROHIBITED));
  }

  @Test
  void reportsTheSecondSnapshotOfTheVagrantFixture() {
    assertThat(failure(Fixtures.read("docker/swarm-17.05-vagrant-S-partial.txt")))
        .hasMessage("line 22: second dump of table filter ipv4 (first at line 4): -P INPUT ACCEPT");
  }

  @Test
  void reportsWhereTheGwbridgeFixtureIsCut() {
    assertThat(failure(Fixtures.read("docker/docker-28.0-gwbridge-partial.txt")))
        .hasMessage(
            "line 35: table filter (opened at line 5, last line 31) not committed before the next table: *raw");
  }

  @Test
  void reportsWhereTheAwsFixtureIsCut() {
    assertThat(failure(Fixtures.read("docker/swarm-aws-1.4.21-partial.txt")))
        .hasMessage(
            "line 34: dump ends before COMMIT of table nat (opened at line 21): [187:11220] -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE");
  }

  @Test
  void readsTheAwsFixtureUpToItsCutWithCountersAndAnOpaqueTrace() {
    String text = Fixtures.read("docker/swarm-aws-1.4.21-partial.txt");
    Snapshot s =
        IptablesParser.parse(text.substring(0, text.indexOf("# [the original")) + "COMMIT\n");

    SnapshotRule trace =
        s.table(Family.IPV4, TableName.RAW)
            .orElseThrow()
            .chain("PREROUTING")
            .orElseThrow()
            .rules()
            .get(0);
    assertThat(trace.rule().target()).isEqualTo(OpaqueTarget.of("TRACE", List.of()));
    assertThat(trace.counters()).contains(Counters.of(11722, 1036764));
  }

  @Test
  void keepsStatefulModulesOpaqueButNamed() {
    assertThat(only("-m recent --name ssh --rcheck --seconds 60 --hitcount 4 -j DROP").matches())
        .containsExactly(
            OpaqueMatch.of(
                "recent",
                List.of("--name", "ssh", "--rcheck", "--seconds", "60", "--hitcount", "4")));
    assertThat(only("-m set --match-set a src,dst -j DROP").matches())
        .containsExactly(OpaqueMatch.of("set", List.of("--match-set", "a", "src,dst")));
  }

  @Test
  void readsTheModulesWhoseMeaningIsPlain() {
    assertThat(only("-m iprange --src-range 10.0.0.1-10.0.0.9 -j ACCEPT").matches())
        .containsExactly(IpRangeMatch.source(Cidr.parse("10.0.0.1"), Cidr.parse("10.0.0.9")));
    assertThat(only("-m pkttype --pkt-type broadcast -j DROP").matches())
        .containsExactly(PacketTypeMatch.of(PacketTypeMatch.Type.BROADCAST));
    assertThat(only("-m owner --uid-owner 1000 -j ACCEPT").matches())
        .containsExactly(OwnerMatch.uid(1000));
    assertThat(only("-p tcp -m tcp --syn -j ACCEPT").matches()).contains(TcpFlagsMatch.syn());
    assertThat(only("-m rpfilter --invert -j DROP").matches())
        .containsExactly(RpFilterMatch.strict().negate());
    assertThat(only("-m rpfilter --loose --validmark --accept-local -j DROP").matches())
        .containsExactly(RpFilterMatch.loose().withValidMark().withAcceptLocal());
  }

  @Test
  void refusesAnRpfilterOptionNegatedWithABang() {
    assertThat(failure("*raw\n-A PREROUTING -m rpfilter ! --loose -j DROP\nCOMMIT\n"))
        .hasMessage(
            "line 2: rpfilter negates with --invert, not !: --loose:"
                + " -A PREROUTING -m rpfilter ! --loose -j DROP");
  }

  @Test
  void readsUnknownTargetsAsOpaque() {
    assertThat(only("-j NFQUEUE --queue-num 1").target())
        .isEqualTo(OpaqueTarget.of("NFQUEUE", List.of("--queue-num", "1")));
  }

  @Test
  void namesTheNullParameter() {
    assertThatThrownBy(() -> IptablesParser.parse((String) nothing()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("text");
    assertThatThrownBy(() -> IptablesParser.builder().table(nothing())).hasMessage("table");
    assertThatThrownBy(() -> IptablesParser.detectFormat(nothing())).hasMessage("text");
  }
}
