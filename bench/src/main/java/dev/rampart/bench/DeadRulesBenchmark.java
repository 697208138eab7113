package dev.rampart.bench;

import static dev.rampart.core.ChainPolicy.DROP;
import static dev.rampart.core.match.ConnState.ESTABLISHED;
import static dev.rampart.core.match.ConnState.NEW;
import static dev.rampart.core.match.ConnState.RELATED;

import dev.rampart.analysis.DeadRules;
import dev.rampart.core.Family;
import dev.rampart.core.Ruleset;
import dev.rampart.core.eval.Host;
import dev.rampart.dsl.ChainBuilder;
import dev.rampart.dsl.Rampart;
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
 * Dead and redundant rules of a whole ruleset, with their explanations, single thread (target:
 * under 1 s at 10k rules, under 5 s at 50k). Two shapes: {@link Rulesets#realistic(int)} (whose
 * first service chain ends in a DROP, so every later service chain is unreachable: the analysis
 * reports them once each), and {@code reachable}, the same service chains each jumped to for its
 * own source prefix only, so every chain is walked (and the rules on the sets' sources, outside
 * that prefix, are dead).
 *
 * <p>Run: {@code bench/run DeadRulesBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class DeadRulesBenchmark {
  /** The number of rules. */
  @Param({"10000", "50000"})
  public int rules;

  /** {@code realistic} or {@code reachable}. */
  @Param({"realistic", "reachable"})
  public String shape = "realistic";

  private final Host host = Host.parse("eth0=198.51.100.1/24,ens11=10.10.10.1/24,default=eth0");
  private Ruleset ruleset = Rampart.ruleset().build();

  /** Builds the ruleset. */
  @Setup
  public void setUp() {
    ruleset = shape.equals("realistic") ? Rulesets.realistic(rules) : reachable(rules);
  }

  /** Finds the dead and redundant rules of both families, with the rules that explain each. */
  @Benchmark
  public DeadRules deadRules() {
    return DeadRules.of(ruleset, host);
  }

  /**
   * About {@code rules} filter rules in user chains of {@value Rulesets#CHAIN} rules, each jumped
   * to for sources in its own {@code 10.x.y.0/20} only.
   */
  static Ruleset reachable(int rules) {
    int chains = Math.max(1, rules / Rulesets.CHAIN);
    return Rampart.ruleset()
        .allowLockout()
        .set("customers", Family.IPV4, Rulesets.addresses(1_000, 32))
        .set("admins", Family.IPV4, Rulesets.addresses(16, 24))
        .filter(
            t -> {
              t.chain(
                  "INPUT",
                  c -> {
                    c.policy(DROP);
                    c.rule(r -> r.ctstate(ESTABLISHED, RELATED).accept());
                    for (int i = 0; i < chains; i++) {
                      String name = "svc" + i;
                      String from = "10." + i % 256 + "." + i / 256 * 16 + ".0/20";
                      c.rule(r -> r.src(from).jump(name));
                    }
                  });
              for (int i = 0; i < chains; i++) {
                int service = i;
                t.chain("svc" + i, c -> service(c, service));
              }
            })
        .build();
  }

  private static void service(ChainBuilder c, int service) {
    for (int j = 0; j < Rulesets.CHAIN - 1; j++) {
      int port = 1024 + (service * Rulesets.CHAIN + j) % 60_000;
      String prefix = "10." + service % 256 + "." + (service / 256 * 16 + j % 16) + ".0/24";
      switch (j % 4) {
        case 0 -> c.rule(r -> r.src(prefix).tcp().dport(80, 443, port).accept());
        case 1 -> c.rule(r -> r.srcSet("customers").tcp().dportRange(port, port + 10).accept());
        case 2 -> c.rule(r -> r.ctstate(NEW).src(prefix).udp().dport(53, 123).accept());
        default -> c.rule(r -> r.srcSet("admins").tcp().dport(22).accept());
      }
    }
    c.rule(r -> r.drop());
  }
}
