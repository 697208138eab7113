package dev.rampart.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Cidr;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.Evaluation;
import dev.rampart.core.eval.Evaluator;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.Packet;
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
import dev.rampart.core.snapshot.AfterApply;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Target;
import dev.rampart.core.target.Verdict;
import dev.rampart.render.iptables.IptablesParser;
import dev.rampart.testing.Fixtures;
import dev.rampart.testing.Seeds;
import dev.rampart.testing.gen.Generators;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The exposure map against the per-packet evaluator, on generated rulesets (with Docker's dump
 * under some) and generated packets: a new connection the evaluator lets through (or might) is
 * always reported, one it certainly stops never is, and every reported witness gets through.
 */
class ExposurePropertiesTest {
  private static final Host HOST =
      Host.parse(
          "eth0=198.51.100.1/24,docker_gwbridge=172.18.0.1/16,docker0=172.17.0.1/16,default=eth0");
  private static final int[] PORTS = {22, 53, 80, 443, 2377, 4789, 7946, 8080, 30000};
  private static final int RULESETS = 60;
  private static final int PACKETS = 100;

  @Test
  void exposureAgreesWithTheEvaluatorOnEveryGeneratedPacket() {
    long seed = Seeds.seed();
    Random random = new Random(seed);
    Snapshot docker = IptablesParser.parse(Fixtures.read("docker/swarm-portmap-28-S.txt"));
    int checked = 0;
    for (int i = 0; i < RULESETS; i++) {
      Ruleset policy = ruleset(random);
      Snapshot host = random.nextBoolean() ? AfterApply.of(docker, policy) : Snapshot.of(policy);
      Exposure exposure = Exposure.of(host, HOST, SourceClass.any().on("eth0", "eth1"));
      Evaluator evaluator = Evaluator.of(host, HOST);
      String where = "seed " + seed + " (-Drampart.seed), ruleset " + i + ":\n" + policy;
      for (Reachable r : exposure.entries()) {
        assertThat(evaluator.evaluate(r.witness()).decision())
            .as(where + "\nwitness of " + r)
            .isIn(Evaluation.Decision.ACCEPTED, Evaluation.Decision.DEPENDS);
      }
      for (int k = 0; k < PACKETS; k++) {
        Packet p = packet(random);
        Evaluation e = evaluator.evaluate(p);
        boolean through =
            e.decision() == Evaluation.Decision.ACCEPTED
                || e.decision() == Evaluation.Decision.DEPENDS;
        assertThat(exposure.reaches(p)).as(where + "\npacket " + p + "\n" + e).isEqualTo(through);
        if (e.decision() == Evaluation.Decision.ACCEPTED) {
          assertThat(exposure.entries().stream().anyMatch(r -> covers(r, p)))
              .as(where + "\nno line covers " + p + "\n" + exposure)
              .isTrue();
        }
        checked++;
      }
    }
    System.out.println(
        "ExposurePropertiesTest: "
            + checked
            + " packets over "
            + RULESETS
            + " rulesets agree (seed "
            + seed
            + ")");
  }

  private static boolean covers(Reachable r, Packet p) {
    return r.family() == p.family()
        && r.protocols().contains(p.protocol().number())
        && (r.ports().isEmpty() || r.ports().contains(p.destinationPort().orElse(-1)));
  }

  private static Packet packet(Random random) {
    int kind = random.nextInt(10);
    String in = random.nextInt(8) == 0 ? "eth1" : "eth0";
    String src =
        random.nextInt(6) == 0
            ? "203.0.113." + (1 + random.nextInt(20))
            : Generators.internetIpv4(random);
    String dst = "198.51.100.1";
    int port = random.nextBoolean() ? PORTS[random.nextInt(PORTS.length)] : Generators.port(random);
    Packet p =
        switch (kind) {
          case 0 -> Packet.icmp(8, 0).from(src).to(dst);
          case 1 -> Packet.of(Protocol.ESP).from(src).to(dst);
          case 2, 3, 4 -> Packet.udp().from(src, 40000).to(dst, port);
          default -> Packet.tcp().from(src, 40000).to(dst, port);
        };
    return p.in(in).state(ConnState.NEW);
  }

  private static Ruleset ruleset(Random random) {
    List<Chain> filter = new ArrayList<>();
    List<String> users = List.of("HOST", "EXTRA");
    filter.add(chain("INPUT", random, users, true));
    for (String u : users) {
      filter.add(chain(u, random, List.of(), false));
    }
    if (random.nextBoolean()) {
      filter.add(chain("DOCKER-USER", random, List.of(), false));
    }
    List<Table> tables = new ArrayList<>();
    tables.add(Table.of(TableName.FILTER, filter));
    if (random.nextInt(3) == 0) {
      tables.add(
          Table.of(
              TableName.NAT,
              List.of(
                  Chain.builder()
                      .name("PREROUTING")
                      .addRules(
                          Rule.of(
                              List.of(
                                  ProtocolMatch.of(Protocol.TCP),
                                  PortMatch.destination(List.of(PortRange.of(9090)))),
                              Dnat.to(Cidr.parse("172.17.0.5"), 80)))
                      .build())));
      if (filter.stream().noneMatch(c -> c.name().equals("FORWARD"))) {
        tables.set(
            0, Table.of(TableName.FILTER, concat(filter, chain("FORWARD", random, users, true))));
      }
    }
    return Ruleset.builder().addAllTables(tables).build();
  }

  private static List<Chain> concat(List<Chain> a, Chain b) {
    List<Chain> out = new ArrayList<>(a);
    out.add(b);
    return out;
  }

  private static Chain chain(String name, Random random, List<String> jumps, boolean builtin) {
    Chain.Builder b = Chain.builder().name(name);
    if (builtin) {
      b.policy(random.nextBoolean() ? ChainPolicy.DROP : ChainPolicy.ACCEPT);
    }
    int n = random.nextInt(7);
    java.util.Set<Rule> rules = new java.util.LinkedHashSet<>();
    for (int i = 0; i < n; i++) {
      rules.add(rule(random, jumps, builtin)); // coexist inserts a built-in chain's rule once
    }
    b.addAllRules(rules);
    return b.build();
  }

  private static Rule rule(Random random, List<String> jumps, boolean builtin) {
    List<Match> matches = new ArrayList<>();
    int proto = random.nextInt(4);
    if (proto == 1 || proto == 2) {
      matches.add(ProtocolMatch.of(proto == 1 ? Protocol.TCP : Protocol.UDP));
      if (random.nextBoolean()) {
        int a = PORTS[random.nextInt(PORTS.length)];
        PortRange r =
            random.nextBoolean() ? PortRange.of(a) : PortRange.range(a, a + random.nextInt(2000));
        PortMatch m = PortMatch.destination(List.of(r));
        matches.add(random.nextInt(4) == 0 ? m.negate() : m);
      }
    } else if (proto == 3) {
      matches.add(
          random.nextBoolean() ? ProtocolMatch.of(Protocol.ESP) : ProtocolMatch.not(Protocol.TCP));
    }
    if (random.nextInt(3) == 0) {
      String[] prefixes = {"203.0.113.0/28", "0.0.0.0/1", "198.51.100.0/24", "10.0.0.0/8"};
      AddressMatch m =
          AddressMatch.source(List.of(Cidr.parse(prefixes[random.nextInt(prefixes.length)])));
      matches.add(random.nextInt(3) == 0 ? m.negate() : m);
    }
    if (random.nextInt(4) == 0) {
      InterfaceMatch m = InterfaceMatch.in(random.nextBoolean() ? "eth0" : "eth+");
      matches.add(random.nextBoolean() ? m.negate() : m);
    }
    if (random.nextInt(5) == 0) {
      matches.add(ConntrackStateMatch.of(List.of(ConnState.ESTABLISHED, ConnState.RELATED)));
    }
    if (random.nextInt(12) == 0) {
      matches.add(LimitMatch.of(5, LimitMatch.Unit.SECOND));
    }
    Target target;
    int t = random.nextInt(jumps.isEmpty() ? 4 : 6);
    target =
        switch (t) {
          case 0, 1 -> Verdict.ACCEPT;
          case 2 -> Verdict.DROP;
          case 3 -> builtin ? Verdict.DROP : Verdict.RETURN;
          default ->
              // coexist moves a built-in chain's rules into RAMPART-<chain>: goto only in user
              // chains
              !builtin && random.nextInt(3) == 0
                  ? Jump.goTo(jumps.get(random.nextInt(jumps.size())))
                  : Jump.to(jumps.get(random.nextInt(jumps.size())));
        };
    return Rule.of(matches, target);
  }
}
