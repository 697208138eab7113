package dev.rampart.bench;

import dev.rampart.core.Chain;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.match.AddressMatch;
import dev.rampart.core.match.AddressTypeMatch;
import dev.rampart.core.match.ConnState;
import dev.rampart.core.match.ConntrackOriginalMatch;
import dev.rampart.core.match.ConntrackStateMatch;
import dev.rampart.core.match.InterfaceMatch;
import dev.rampart.core.match.Match;
import dev.rampart.core.match.PortMatch;
import dev.rampart.core.match.PortRange;
import dev.rampart.core.match.Protocol;
import dev.rampart.core.match.ProtocolMatch;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.core.target.Dnat;
import dev.rampart.core.target.Jump;
import dev.rampart.core.target.Verdict;
import dev.rampart.render.iptables.IptablesParser;
import dev.rampart.render.iptables.IptablesRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long {@link IptablesParser} takes to read an {@code iptables-save} dump of {@code rules}
 * rules, rendered in the setup from a generated Docker-like model (filter and nat: addresses,
 * interfaces, ports, conntrack states and original ports, comments, DNAT). Rules per second =
 * {@code rules} / time per operation.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar ParseBenchmark}.
 *
 * <p>The fork runs on a fixed 4 GB heap touched in advance: on this project's virtual machine a
 * growing heap pays for the first touch of each new page, which made one iteration of the same
 * 100k-rule render take 250 ms and the next 1.8 s; the figures measure the code, not the host's
 * page faults.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch", "-XX:+UseTransparentHugePages"})
public class ParseBenchmark {
  /** Number of rules in the dump. */
  @Param({"5000", "100000"})
  public int rules;

  private String dump = "";

  /** Renders the dump measured by {@link #parse}. */
  @Setup
  public void setUp() {
    dump =
        IptablesRenderer.builder()
            .family(Family.IPV4)
            .mode(RenderMode.OWN)
            .build()
            .render(model(rules));
  }

  /** Parses the dump into a snapshot. */
  @Benchmark
  public Snapshot parse() {
    return IptablesParser.parse(dump);
  }

  /** A Docker-like model: 3/4 of the rules in filter, 1/4 DNATs in nat. */
  static Ruleset model(int count) {
    List<Rule> filter = new ArrayList<>();
    List<Rule> nat = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Cidr host = Cidr.parse("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
      int port = 1024 + i % 60000;
      List<Match> m = new ArrayList<>();
      switch (i % 4) {
        case 0 -> {
          m.add(AddressMatch.destination(List.of(host)));
          m.add(InterfaceMatch.in("docker0").negate());
          m.add(InterfaceMatch.out("docker0"));
          m.add(ProtocolMatch.of(Protocol.TCP));
          m.add(PortMatch.destination(List.of(PortRange.of(port))));
          filter.add(Rule.of(m, Verdict.ACCEPT));
        }
        case 1 -> {
          m.add(InterfaceMatch.out("br-" + Integer.toHexString(0x100000 + i)));
          m.add(ConntrackStateMatch.of(Set.of(ConnState.RELATED, ConnState.ESTABLISHED)));
          filter.add(
              Rule.builder()
                  .addAllMatches(m)
                  .target(Verdict.ACCEPT)
                  .comment("bridge " + i)
                  .build());
        }
        case 2 -> {
          m.add(AddressMatch.source(List.of(Cidr.parse("192.168." + (i >> 8 & 255) + ".0/24"))));
          m.add(ProtocolMatch.of(Protocol.UDP));
          m.add(PortMatch.destination(List.of(PortRange.of(53), PortRange.range(port, port + 10))));
          m.add(ConntrackOriginalMatch.destinationPort(PortRange.of(port)));
          filter.add(Rule.of(m, Verdict.DROP));
        }
        default -> {
          m.add(AddressTypeMatch.destination(AddressTypeMatch.Type.LOCAL));
          m.add(ProtocolMatch.of(Protocol.TCP));
          m.add(PortMatch.destination(List.of(PortRange.of(port))));
          nat.add(Rule.of(m, Dnat.to(Cidr.parse("172.18.0.2"), port)));
        }
      }
    }
    return Ruleset.builder()
        .addTables(
            Table.builder()
                .name(TableName.FILTER)
                .addChains(
                    Chain.builder()
                        .name("FORWARD")
                        .addRules(Rule.of(List.of(), Jump.to("DOCKER")))
                        .build(),
                    Chain.builder().name("DOCKER").addAllRules(filter).build())
                .build(),
            Table.builder()
                .name(TableName.NAT)
                .addChains(Chain.builder().name("DOCKER-INGRESS").addAllRules(nat).build())
                .build())
        .build();
  }
}
