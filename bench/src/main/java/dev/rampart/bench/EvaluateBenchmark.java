package dev.rampart.bench;

import dev.rampart.core.AddressSet;
import dev.rampart.core.Chain;
import dev.rampart.core.ChainPolicy;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.CompiledEvaluator;
import dev.rampart.core.eval.Evaluation;
import dev.rampart.core.eval.Evaluator;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.Packet;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.AddressTypeMatch;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.ConntrackStateMatch;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.Match;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.match.SetMatch;
import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Packets per second the compiled evaluator answers, and the tracing one, on a ruleset of about
 * 10,000 rules shaped like a busy swarm node: INPUT accepts conntrack replies, then jumps per
 * service port (single ports, lists, ranges) into chains of source prefixes and sets; FORWARD
 * passes DOCKER-USER (prefix rules) before DOCKER-FORWARD; nat DNATs published ports.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar EvaluateBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EvaluateBenchmark {
  static final int SERVICES = 50;
  static final int PREFIXES_PER_SERVICE = 190;
  static final int USER_RULES = 300;
  static final int PUBLISHED = 20;
  private static final int PACKETS = 1024;

  private final Host host =
      Host.parse("eth0=198.51.100.1/24,ens11=10.10.10.1/24,docker_gwbridge=172.18.0.1/16");
  private Evaluator evaluator = Evaluator.of(Ruleset.builder().build(), host);
  private CompiledEvaluator compiled = evaluator.compile();
  private CompiledEvaluator.Prepared[] prepared = new CompiledEvaluator.Prepared[0];
  private Packet[] packets = new Packet[0];
  private int next;

  /** Builds the ruleset, compiles it and prepares the packets. */
  @Setup
  public void setUp() {
    Ruleset rs = ruleset();
    evaluator = Evaluator.of(rs, host);
    compiled = evaluator.compile();
    SplittableRandom r = new SplittableRandom(7);
    packets = new Packet[PACKETS];
    prepared = new CompiledEvaluator.Prepared[PACKETS];
    for (int i = 0; i < PACKETS; i++) {
      packets[i] = packet(r);
      prepared[i] = compiled.prepare(packets[i]);
    }
  }

  /** One packet through the compiled evaluator. */
  @Benchmark
  public Evaluation.Decision compiled() {
    return compiled.decide(prepared[next++ & (PACKETS - 1)]);
  }

  /** One packet through the tracing evaluator, for comparison. */
  @Benchmark
  public Evaluation traced() {
    return evaluator.evaluate(packets[next++ & (PACKETS - 1)]);
  }

  /** The number of rules of {@link #ruleset()}. */
  static int ruleCount(Ruleset rs) {
    return rs.tables().stream()
        .flatMap(t -> t.chains().stream())
        .mapToInt(c -> c.rules().size())
        .sum();
  }

  static int servicePort(int i) {
    return 1000 + 37 * i;
  }

  static Ruleset ruleset() {
    List<Chain> filter = new ArrayList<>();
    List<Rule> input = new ArrayList<>();
    input.add(Rule.of(List.of(InterfaceMatch.in("lo")), Verdict.ACCEPT));
    input.add(
        Rule.of(
            List.of(ConntrackStateMatch.of(List.of(ConnState.ESTABLISHED, ConnState.RELATED))),
            Verdict.ACCEPT));
    input.add(Rule.of(List.of(ProtocolMatch.of(Protocol.ICMP)), Verdict.ACCEPT));
    for (int s = 0; s < SERVICES; s++) {
      List<PortRange> ports =
          s % 5 == 0
              ? List.of(
                  PortRange.of(servicePort(s)),
                  PortRange.range(servicePort(s) + 1, servicePort(s) + 9))
              : List.of(PortRange.of(servicePort(s)));
      input.add(
          Rule.of(
              List.of(
                  ProtocolMatch.of(s % 7 == 0 ? Protocol.UDP : Protocol.TCP),
                  PortMatch.destination(ports)),
              Jump.to("SVC" + s)));
      List<Rule> svc = new ArrayList<>();
      for (int k = 0; k < PREFIXES_PER_SERVICE; k++) {
        Match source =
            k % 50 == 49
                ? SetMatch.source("trusted")
                : AddressMatch.source(List.of(Cidr.parse("10." + s + "." + k + ".0/24")));
        svc.add(Rule.of(List.of(source), k % 10 == 9 ? Verdict.DROP : Verdict.ACCEPT));
      }
      svc.add(Rule.of(List.of(), Verdict.RETURN));
      filter.add(Chain.of("SVC" + s, svc));
    }
    filter.add(
        0, Chain.builder().name("INPUT").policy(ChainPolicy.DROP).addAllRules(input).build());
    filter.add(
        Chain.builder()
            .name("FORWARD")
            .policy(ChainPolicy.DROP)
            .addRules(Rule.of(List.of(), Jump.to("DOCKER-USER")))
            .addRules(Rule.of(List.of(), Jump.to("DOCKER-FORWARD")))
            .build());
    List<Rule> user = new ArrayList<>();
    user.add(
        Rule.of(
            List.of(ConntrackStateMatch.of(List.of(ConnState.ESTABLISHED, ConnState.RELATED))),
            Verdict.RETURN));
    for (int k = 0; k < USER_RULES; k++) {
      user.add(
          Rule.of(
              List.of(
                  AddressMatch.source(
                      List.of(Cidr.parse("100." + (64 + k / 250) + "." + (k % 250) + ".0/24"))),
                  InterfaceMatch.out("docker_gwbridge")),
              Verdict.RETURN));
    }
    user.add(
        Rule.of(
            List.of(InterfaceMatch.in("eth0"), InterfaceMatch.out("docker_gwbridge")),
            Verdict.DROP));
    filter.add(Chain.of("DOCKER-USER", user));
    filter.add(
        Chain.of(
            "DOCKER-FORWARD",
            List.of(
                Rule.of(List.of(InterfaceMatch.out("docker_gwbridge")), Verdict.ACCEPT),
                Rule.of(List.of(InterfaceMatch.in("docker_gwbridge")), Verdict.ACCEPT))));
    List<Rule> ingress = new ArrayList<>();
    for (int p = 0; p < PUBLISHED; p++) {
      ingress.add(
          Rule.of(
              List.of(
                  ProtocolMatch.of(Protocol.TCP),
                  PortMatch.destination(List.of(PortRange.of(8000 + p)))),
              Dnat.to(Cidr.parse("172.18.0.2"), 8000 + p)));
    }
    ingress.add(Rule.of(List.of(), Verdict.RETURN));
    Table nat =
        Table.of(
            TableName.NAT,
            List.of(
                Chain.of(
                    "PREROUTING",
                    List.of(
                        Rule.of(
                            List.of(AddressTypeMatch.destination(AddressTypeMatch.Type.LOCAL)),
                            Jump.to("DOCKER-INGRESS")))),
                Chain.of("DOCKER-INGRESS", ingress)));
    List<Cidr> trusted = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      trusted.add(Cidr.parse("192.168." + i + ".0/24"));
    }
    return Ruleset.builder()
        .addSets(AddressSet.of("trusted", Family.IPV4, trusted))
        .addTables(Table.of(TableName.FILTER, filter), nat)
        .build();
  }

  static Packet packet(SplittableRandom r) {
    int kind = r.nextInt(10);
    String src =
        switch (r.nextInt(4)) {
          case 0 -> "10." + r.nextInt(SERVICES) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
          case 1 -> "192.168." + r.nextInt(80) + ".9";
          case 2 -> "100." + (64 + r.nextInt(2)) + "." + r.nextInt(250) + ".3";
          default -> "203.0.113." + (1 + r.nextInt(254));
        };
    if (kind < 6) {
      int s = r.nextInt(SERVICES + 5);
      Packet p = s % 7 == 0 ? Packet.udp() : Packet.tcp();
      return p.from(src, 1024 + r.nextInt(60000)).to("198.51.100.1", servicePort(s)).in("eth0");
    }
    if (kind < 8) {
      return Packet.tcp()
          .from(src, 1024 + r.nextInt(60000))
          .to("198.51.100.1", 8000 + r.nextInt(PUBLISHED + 5))
          .in("eth0");
    }
    return Packet.tcp()
        .from(src, 1024 + r.nextInt(60000))
        .to("198.51.100.1", servicePort(r.nextInt(SERVICES)))
        .in("eth0")
        .state(ConnState.ESTABLISHED);
  }
}
