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
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Names;
import dev.rampart.core.Rule;
import dev.rampart.core.RuleRef;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.UnsupportedFeatureException;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.AddressTypeMatch;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.ConntrackOriginalMatch;
import dev.rampart.core.match.ConntrackStateMatch;
import dev.rampart.core.match.IcmpTypeMatch;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.LimitMatch;
import dev.rampart.core.match.MarkMatch;
import dev.rampart.core.match.PolicyMatch;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Log;
import dev.rampart.core.target.Masquerade;
import dev.rampart.core.target.Reject;
import dev.rampart.core.target.Snat;
import dev.rampart.core.target.Verdict;
import dev.rampart.render.nftables.listing.NftListing;
import dev.rampart.testing.DockerDump;
import dev.rampart.testing.Fixtures;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Link;
import dev.rampart.testing.Netns;
import dev.rampart.testing.Seeds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

@KernelTest(tools = {"ip", "nft", "iptables", "iptables-save"})
class NftablesRendererKernelTest {
  private static final String SWARM_DUMP = "docker/swarm-portmap-28-S.txt";

  /** Every construct the renderer has, in one ruleset (profile NONE). */
  static Ruleset everything() {
    Cidr net = Cidr.parse("192.0.2.0/24");
    return Ruleset.builder()
        .lockoutAllowed(true) // every construct, not a host policy: admin access is not the point
        .addSets(
            AddressSet.of("trusted4", Family.IPV4, List.of(net, Cidr.parse("192.0.2.7"))),
            AddressSet.of("trusted6", Family.IPV6, List.of(Cidr.parse("2001:db8::/64"))),
            AddressSet.builder()
                .name("hosts")
                .family(Family.IPV4)
                .kind(AddressSet.Kind.IP)
                .addElements(Cidr.parse("198.51.100.1"))
                .build())
        .addTables(
            Table.of(
                TableName.FILTER,
                List.of(
                    input(
                        rule(Verdict.ACCEPT, InterfaceMatch.in("lo")),
                        rule(
                            Verdict.ACCEPT,
                            ConntrackStateMatch.of(
                                List.of(ConnState.ESTABLISHED, ConnState.RELATED))),
                        rule(Verdict.DROP, ConntrackStateMatch.of(List.of(ConnState.INVALID))),
                        rule(
                            Verdict.DROP,
                            ConntrackStateMatch.not(List.of(ConnState.NEW, ConnState.UNTRACKED)),
                            InterfaceMatch.in("veth+")),
                        rule(Verdict.ACCEPT, ConntrackStateMatch.of(List.of(ConnState.DNAT))),
                        rule(
                            Verdict.ACCEPT,
                            ConntrackStateMatch.not(List.of(ConnState.SNAT, ConnState.DNAT)),
                            ProtocolMatch.of(Protocol.ESP)),
                        rule(
                            Verdict.ACCEPT,
                            ProtocolMatch.of(Protocol.ICMP),
                            IcmpTypeMatch.icmp(8),
                            LimitMatch.of(5, LimitMatch.Unit.SECOND, 10)),
                        rule(
                            Verdict.ACCEPT,
                            ProtocolMatch.of(Protocol.ICMP),
                            IcmpTypeMatch.of(Family.IPV4, 3, 4)),
                        rule(Verdict.ACCEPT, ProtocolMatch.of(Protocol.ICMP)),
                        rule(Verdict.ACCEPT, ProtocolMatch.of(Protocol.ICMPV6)),
                        rule(
                            Verdict.ACCEPT,
                            ProtocolMatch.of(Protocol.ICMPV6),
                            IcmpTypeMatch.icmpv6(128).negate()),
                        rule(
                            Verdict.ACCEPT,
                            tcp(),
                            PortMatch.destination(
                                List.of(
                                    PortRange.of(22),
                                    PortRange.range(30000, 32767),
                                    PortRange.of(23)))),
                        rule(Verdict.DROP, udp(), dport(53, 5353).negate()),
                        rule(
                            Verdict.ACCEPT,
                            tcp(),
                            ConntrackOriginalMatch.builder()
                                .destination(net)
                                .destinationPort(PortRange.of(8080))
                                .build()),
                        rule(
                            Verdict.ACCEPT,
                            udp(),
                            dport(4789),
                            PolicyMatch.of(PolicyMatch.Dir.IN, PolicyMatch.Processing.IPSEC)),
                        rule(
                            Verdict.DROP,
                            udp(),
                            dport(4789),
                            PolicyMatch.of(PolicyMatch.Dir.IN, PolicyMatch.Processing.NONE)),
                        rule(Verdict.ACCEPT, SetMatch.source("trusted4")),
                        rule(Jump.to("FILTERS"), SetMatch.source("trusted6").negate()),
                        rule(Verdict.ACCEPT, SetMatch.destination("hosts")),
                        rule(
                            Verdict.ACCEPT,
                            AddressMatch.source(
                                List.of(
                                    Cidr.parse("10.0.0.0/24"),
                                    Cidr.parse("10.0.1.0/24"),
                                    Cidr.parse("10.0.3.0/24")))),
                        rule(
                            Verdict.DROP,
                            AddressMatch.destination(List.of(Cidr.parse("2001:db8::/32"))).negate(),
                            AddressTypeMatch.destination(AddressTypeMatch.Type.LOCAL).negate()),
                        rule(Verdict.ACCEPT, MarkMatch.of(0x10, 0xf0)),
                        rule(Log.builder().prefix("rampart in: ").level(6).build()),
                        rule(Reject.with(Reject.With.TCP_RESET), tcp()),
                        rule(Reject.with(Reject.With.ICMP_ADMIN_PROHIBITED)),
                        rule(Reject.with(Reject.With.ICMP6_ADDR_UNREACHABLE)),
                        Rule.builder().target(Reject.of()).comment("the end; }").build()),
                    Chain.of(
                        "FILTERS", List.of(rule(Jump.goTo("OTHER"), udp()), rule(Verdict.RETURN))),
                    Chain.of("OTHER", List.of()),
                    Chain.of(
                        "OUTPUT",
                        List.of(
                            rule(
                                Verdict.ACCEPT,
                                PolicyMatch.of(
                                    PolicyMatch.Dir.OUT, PolicyMatch.Processing.IPSEC)))))),
            Table.of(
                TableName.NAT,
                List.of(
                    Chain.of(
                        "PREROUTING",
                        List.of(
                            rule(Dnat.to(Cidr.parse("172.18.0.2"), 8080), tcp(), dport(8080)),
                            rule(Dnat.to(Cidr.parse("2001:db8::2"), 80), tcp(), dport(80)))),
                    Chain.of(
                        "POSTROUTING",
                        List.of(
                            rule(
                                Masquerade.of(),
                                AddressMatch.source(List.of(Cidr.parse("172.18.0.0/16"))),
                                InterfaceMatch.out("docker_gwbridge").negate()),
                            rule(Snat.to(Cidr.parse("192.0.2.1"))))))),
            Table.of(
                TableName.RAW,
                List.of(
                    Chain.of(
                        "PREROUTING",
                        List.of(
                            rule(
                                Verdict.DROP,
                                AddressMatch.destination(List.of(Cidr.parse("172.18.0.2"))),
                                InterfaceMatch.in("docker_gwbridge").negate()))))))
        .build();
  }

  private static void load(Netns ns, String script) {
    ns.runWithInput(script, "nft", "-f", "-");
  }

  private static NftListing listing(Netns ns) {
    return NftListing.fromJson(ns.run("nft", "-j", "-n", "list", "ruleset"));
  }

  private static void assertKernelHolds(Netns ns, NftablesRenderer r, Ruleset rs) {
    String script = r.render(rs);
    ns.run("sh", "-c", "nft -c -f - <<'EOF'\n" + script + "EOF\n");
    load(ns, script);
    assertThat(listing(ns)).isEqualTo(NftListing.fromScript(script));
  }

  @Test
  void loadsEveryConstructAndListsExactlyWhatWasRendered(KernelLab lab) {
    assertKernelHolds(
        lab.namespace("all"),
        NftablesRenderer.builder().docker(DockerBackend.NONE).build(),
        everything());
  }

  @Test
  void loadsASetWithTimeoutAndSizeAndNftListsThem(KernelLab lab) {
    Netns ns = lab.namespace("setopts");
    Ruleset rs =
        Ruleset.builder()
            .lockoutAllowed(true) // set options under test, not admin access
            .addSets(
                AddressSet.builder()
                    .name("banned")
                    .family(Family.IPV4)
                    .timeout(600)
                    .maxElements(1000)
                    .hashSize(4096)
                    .addElements(Cidr.parse("192.0.2.0/24"))
                    .build())
            .addTables(
                Table.of(
                    TableName.FILTER,
                    List.of(input(rule(Verdict.DROP, SetMatch.source("banned"))))))
            .build();
    load(ns, NftablesRenderer.builder().docker(DockerBackend.NONE).build().render(rs));

    String set = ns.run("nft", "list", "sets");
    assertThat(set)
        .contains("set banned {", "flags interval,timeout", "timeout 10m", "size 1000")
        .contains("elements = { 192.0.2.0/24 expires ");
  }

  @Test
  void loadsTheHostPolicyInEveryProfile(KernelLab lab) {
    for (DockerBackend d : DockerBackend.values()) {
      Netns ns = lab.namespace("p" + d.ordinal());
      assertKernelHolds(
          ns,
          NftablesRenderer.builder().docker(d).build(),
          Policies.host(Cidr.parse("10.9.0.0/16")));
    }
  }

  @Test
  void appliesTwiceToTheSameRulesetAndReplacesStaleTables(KernelLab lab) throws IOException {
    Netns ns = lab.namespace("twice");
    NftablesRenderer r = NftablesRenderer.builder().docker(DockerBackend.NONE).build();
    load(ns, r.render(everything()));
    Path dir = Files.createTempDirectory("rampart-nft");
    try {
      for (Map.Entry<String, String> f :
          r.bundle(filter(input(rule(Verdict.ACCEPT, tcp(), dport(22))))).files().entrySet()) {
        Files.writeString(dir.resolve(f.getKey()), f.getValue());
      }
      ns.run("sh", dir.resolve("apply.sh").toString());
      String once = ns.run("nft", "list", "ruleset");
      ns.run("sh", dir.resolve("apply.sh").toString());
      assertThat(ns.run("nft", "list", "ruleset")).isEqualTo(once);
      assertThat(once).doesNotContain("rampart-nat").doesNotContain("trusted4");
      assertThat(NftListing.fromJson(ns.run("nft", "-j", "-n", "list", "ruleset")).tables())
          .containsOnlyKeys("rampart");
    } finally {
      try (var files = Files.list(dir)) {
        files.forEach(p -> p.toFile().delete());
      } catch (UncheckedIOException e) {
        // best effort
      }
      Files.delete(dir);
    }
  }

  @Test
  void leavesDockersIptablesRulesUntouched(KernelLab lab) {
    Netns ns = lab.namespace("docker");
    DockerDump.load(ns, "iptables", Fixtures.read(SWARM_DUMP));
    String before = ns.run("iptables-save");
    String nftBefore =
        ns.run("nft", "list", "table", "ip", "filter")
            + ns.run("nft", "list", "table", "ip", "nat");
    NftablesRenderer r = NftablesRenderer.builder().docker(DockerBackend.IPTABLES_NFT).build();
    String script = r.render(Policies.host(Cidr.parse("10.9.0.0/16")));
    load(ns, script);
    load(ns, script);
    assertThat(withoutComments(ns.run("iptables-save"))).isEqualTo(withoutComments(before));
    assertThat(
            ns.run("nft", "list", "table", "ip", "filter")
                + ns.run("nft", "list", "table", "ip", "nat"))
        .isEqualTo(nftBefore);
    assertThat(script).doesNotContain("table ip ").doesNotContain("table ip6 ");
  }

  private static String withoutComments(String save) {
    return save.lines().filter(l -> !l.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
  }

  /** Opens ports 22, 80 and 8081 on the host; the client probes them over the link. */
  private static Map<Integer, Boolean> probe(Netns client, InetAddress host) {
    return client.tcpAnswers(host, List.of(22, 80, 8081));
  }

  @Test
  void answersExactlyOnThePortsThePolicyOpens(KernelLab lab) {
    Netns host = lab.namespace("host");
    Netns client = lab.namespace("client");
    Link link = lab.link(host, client);
    host.listen(List.of(22, 80, 8081), List.of());
    DockerDump.load(host, "iptables", Fixtures.read(SWARM_DUMP));
    Cidr clientNet = link.subnet(Family.IPV4);
    load(
        host,
        NftablesRenderer.builder()
            .docker(DockerBackend.IPTABLES_NFT)
            .build()
            .render(Policies.host(clientNet)));
    assertThat(probe(client, link.address(host, Family.IPV4)))
        .isEqualTo(Map.of(22, true, 80, false, 8081, true));
    assertThat(probe(client, link.address(host, Family.IPV6)))
        .isEqualTo(Map.of(22, true, 80, false, 8081, false));
    load(
        host,
        NftablesRenderer.builder()
            .docker(DockerBackend.IPTABLES_NFT)
            .build()
            .render(Policies.host(Cidr.parse("192.0.2.0/24"))));
    assertThat(probe(client, link.address(host, Family.IPV4)))
        .isEqualTo(Map.of(22, true, 80, false, 8081, false));
  }

  /**
   * Shared lists (named sets), a list used once beside a shared one (one line per element), a
   * rate-limited list (a named set of its own) and a negated list (one comparison per element): the
   * kernel loads them as written and answers as the policy says.
   */
  @Test
  void loadsRepeatedListsAsNamedSetsAndAnswersAsThePolicySays(KernelLab lab) {
    Netns host = lab.namespace("lists");
    Netns client = lab.namespace("lclient");
    Link link = lab.link(host, client);
    List<Integer> ports = List.of(22, 80, 443, 8080, 8443, 9000, 9001, 9100);
    host.listen(ports, List.of());
    AddressMatch clientAndDocs =
        AddressMatch.source(List.of(Cidr.parse("192.0.2.0/24"), link.subnet(Family.IPV4)));
    AddressMatch elsewhere =
        AddressMatch.source(List.of(Cidr.parse("198.51.100.0/24"), Cidr.parse("203.0.113.0/24")));
    Ruleset rs =
        filter(
            input(
                rule(
                    Verdict.ACCEPT,
                    ConntrackStateMatch.of(List.of(ConnState.ESTABLISHED, ConnState.RELATED))),
                rule(Verdict.DROP, clientAndDocs, tcp(), dport(8443, 9000)),
                rule(Verdict.ACCEPT, clientAndDocs, tcp(), dport(80, 443)),
                rule(Verdict.ACCEPT, elsewhere, tcp(), dport(80, 443)),
                rule(Verdict.ACCEPT, tcp(), dport(8443, 9000)),
                rule(
                    Verdict.ACCEPT,
                    tcp(),
                    dport(8080, 9100),
                    LimitMatch.of(100, LimitMatch.Unit.SECOND, 100)),
                rule(Verdict.DROP, tcp(), dport(22, 80, 443, 8080, 8443, 9000, 9100).negate()),
                rule(Verdict.ACCEPT, tcp(), dport(22, 9001))));
    NftablesRenderer r = NftablesRenderer.builder().docker(DockerBackend.NONE).build();
    String script = r.render(rs);
    assertThat(script.lines().filter(l -> l.startsWith("\t\t") && l.contains(" { ")))
        .allMatch(l -> l.startsWith("\t\telements = { "));
    assertThat(script.lines().filter(l -> l.startsWith("\tset "))).hasSize(4);
    assertKernelHolds(host, r, rs);
    Map<Integer, Boolean> expected = new java.util.HashMap<>();
    ports.forEach(p -> expected.put(p, true));
    expected.putAll(Map.of(8443, false, 9000, false, 9001, false));
    assertThat(client.tcpAnswers(link.address(host, Family.IPV4), ports)).isEqualTo(expected);
  }

  /**
   * More shared lists than a table declares as named sets: the 100 that save the fewest lines are
   * written one rule line per port, the rest stay named sets; the kernel loads what was written and
   * answers every kind of list as the policy says.
   */
  @Test
  void writesSharedListsBeyondTheCapOneLinePerPortAndAnswersAsThePolicySays(KernelLab lab) {
    Netns host = lab.namespace("cap");
    Netns client = lab.namespace("cclient");
    Link link = lab.link(host, client);
    List<Integer> ports = List.of(1999, 2000, 2199, 2200, 3199, 3200);
    host.listen(ports, List.of());
    AddressMatch fromClient = AddressMatch.source(List.of(link.subnet(Family.IPV4)));
    List<Rule> rules = new ArrayList<>();
    rules.add(
        rule(
            Verdict.ACCEPT,
            ConntrackStateMatch.of(List.of(ConnState.ESTABLISHED, ConnState.RELATED))));
    for (int i = 0; i < ListSets.MAX_NAMED + 100; i++) {
      PortMatch list = dport(2000 + 2 * i, 2001 + 2 * i);
      rules.add(rule(Verdict.ACCEPT, fromClient, tcp(), list));
      rules.add(rule(Verdict.ACCEPT, udp(), list));
    }
    Ruleset rs = filter(input(rules.toArray(Rule[]::new)));
    NftablesRenderer r = NftablesRenderer.builder().docker(DockerBackend.NONE).build();
    String script = r.render(rs);
    assertThat(script.lines().filter(l -> l.startsWith("\tset "))).hasSize(ListSets.MAX_NAMED);
    assertThat(script).contains("tcp dport 2199 accept").contains("tcp dport @_ports_1 accept");
    assertKernelHolds(host, r, rs);
    assertThat(client.tcpAnswers(link.address(host, Family.IPV4), ports))
        .isEqualTo(
            Map.of(1999, false, 2000, true, 2199, true, 2200, true, 3199, true, 3200, false));
  }

  /**
   * {@code tcp sport != 1 tcp dport != 22 drop} drops what goes to neither; nft 1.0.6 merges the
   * two adjacent {@code !=} into one that drops unless both ports are equal, so it dropped ssh too.
   */
  @Test
  void aRuleExcludingBothPortsDropsOnlyWhatMatchesNeither(KernelLab lab) {
    Netns host = lab.namespace("neq");
    Netns client = lab.namespace("nclient");
    Link link = lab.link(host, client);
    host.listen(List.of(22, 80), List.of());
    Ruleset rs =
        filter(
            Chain.of(
                "INPUT",
                List.of(
                    rule(
                        Verdict.DROP,
                        tcp(),
                        PortMatch.source(List.of(PortRange.of(1))).negate(),
                        dport(22).negate()))));
    NftablesRenderer r = NftablesRenderer.builder().docker(DockerBackend.NONE).build();
    assertKernelHolds(host, r, rs);
    assertThat(client.tcpAnswers(link.address(host, Family.IPV4), List.of(22, 80)))
        .isEqualTo(Map.of(22, true, 80, false));
  }

  @Test
  void dropInDockerUserIsFinalAndReturnHandsOverToDocker(KernelLab lab) {
    Netns router = lab.namespace("router");
    Netns client = lab.namespace("client");
    Netns server = lab.namespace("server");
    Link in = lab.link(client, router);
    Link out = lab.link(router, server);
    router.sysctl("net.ipv4.ip_forward", "1");
    client.run(
        "ip",
        "route",
        "add",
        out.subnet(Family.IPV4).toString(),
        "via",
        in.address(router, Family.IPV4).getHostAddress());
    server.run(
        "ip",
        "route",
        "add",
        in.subnet(Family.IPV4).toString(),
        "via",
        out.address(router, Family.IPV4).getHostAddress());
    server.listen(List.of(80, 443), List.of());
    DockerDump.load(router, "iptables", Fixtures.read(SWARM_DUMP));
    Ruleset rs =
        filter(
            Chain.of(
                "DOCKER-USER",
                List.of(rule(Verdict.DROP, tcp(), dport(443)), rule(Verdict.RETURN))));
    load(router, NftablesRenderer.builder().docker(DockerBackend.IPTABLES_NFT).build().render(rs));
    assertThat(client.tcpAnswers(out.address(server, Family.IPV4), List.of(80, 443)))
        .isEqualTo(Map.of(80, true, 443, false));
  }

  /** Examples per generated-ruleset property: each costs four nft runs. */
  private static final int GENERATED = 30;

  /**
   * The refusals the generator provokes on purpose, rarely (see {@link GeneratedRulesets}); any
   * other refusal of a generated ruleset would be a renderer bug or a generator bug.
   */
  private static final List<String> EXPECTED_REFUSALS =
      List.of(
          "a negated ICMP type with a code (nft cannot negate the pair in one rule;",
          "conntrack states mixed with SNAT or DNAT in one match (");

  /**
   * For generated rulesets of profile {@code docker}: each either is refused for one of {@link
   * #EXPECTED_REFUSALS}, naming the rule, or {@code nft -c -f} accepts it, the loaded listing is
   * exactly the rendered one, and applying it again leaves the ruleset as it was. At least two
   * thirds must render, so the property is not vacuous.
   */
  private static void assertGeneratedRulesetsHold(KernelLab lab, DockerBackend docker) {
    Netns ns = lab.namespace("gen");
    NftablesRenderer r = NftablesRenderer.builder().docker(docker).build();
    AtomicInteger rendered = new AtomicInteger();
    List<String> refused = new ArrayList<>();
    Seeds.qt()
        .withExamples(GENERATED)
        .withShrinkCycles(10)
        .forAll(GeneratedRulesets.rulesets(docker))
        .checkAssert(
            rs -> {
              String script;
              try {
                script = r.render(rs);
              } catch (UnsupportedFeatureException e) {
                assertThat(EXPECTED_REFUSALS).anyMatch(e.feature()::startsWith);
                assertThat(e.place()).isInstanceOf(RuleRef.class);
                assertThat(e.place().toString())
                    .matches("table (filter|nat|raw), chain \\S+, rule \\d+");
                refused.add(e.getMessage());
                return;
              }
              rendered.incrementAndGet();
              ns.runWithInput(script, "nft", "-c", "-f", "-");
              load(ns, script);
              NftListing once = listing(ns);
              assertThat(once).as(script).isEqualTo(NftListing.fromScript(script));
              String text = ns.run("nft", "list", "ruleset");
              load(ns, script);
              assertThat(listing(ns)).as(script).isEqualTo(once);
              assertThat(ns.run("nft", "list", "ruleset")).isEqualTo(text);
            });
    assertThat(rendered.get()).as("refused: %s", refused).isGreaterThanOrEqualTo(GENERATED * 2 / 3);
  }

  @Test
  void loadsGeneratedRulesetsExactlyAndIdempotently(KernelLab lab) {
    assertGeneratedRulesetsHold(lab, DockerBackend.NONE);
  }

  @Test
  void loadsGeneratedRulesetsBesideDockerExactlyAndIdempotently(KernelLab lab) {
    assertGeneratedRulesetsHold(lab, DockerBackend.IPTABLES_NFT);
  }

  /** Every comment core accepts, up to nft's 128 characters. */
  static Gen<String> comments() {
    return SourceDSL.strings()
        .betweenCodePoints(0x20, 0x7e)
        .ofLengthBetween(1, RuleWriter.MAX_COMMENT)
        .map(NftablesRendererKernelTest::nftSyntax)
        .assuming(
            s -> {
              try {
                Names.checkComment(s);
                return true;
              } catch (IllegalArgumentException e) {
                return false;
              }
            });
  }

  /** Trades the characters core refuses for ones nft's syntax cares about, so most pass core. */
  private static String nftSyntax(String s) {
    return s.replace('"', ';')
        .replace('\'', '}')
        .replace('\\', '#')
        .replace('`', '{')
        .replace('$', '@');
  }

  @Test
  void loadsEveryCoreCommentAsExactlyOneRuleWithThatComment(KernelLab lab) {
    Netns ns = lab.namespace("hostile");
    NftablesRenderer r = NftablesRenderer.builder().docker(DockerBackend.NONE).build();
    Seeds.qt()
        .withExamples(40)
        .withShrinkCycles(20)
        .forAll(comments())
        .checkAssert(
            c -> {
              Ruleset rs =
                  filter(
                      input(
                          Rule.builder()
                              .target(Verdict.ACCEPT)
                              .comment(c)
                              .addMatches(tcp(), dport(22))
                              .build()));
              load(ns, r.render(rs));
              NftListing.TableView t =
                  NftListing.fromJson(ns.run("nft", "-j", "-n", "list", "ruleset"))
                      .tables()
                      .get("rampart");
              assertThat(t.chains()).hasSize(1);
              assertThat(t.chains().get(0).rules())
                  .containsExactly("tcp dport 22 accept comment \"" + c + "\"");
            });
  }
}
