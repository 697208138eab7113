package dev.rampart.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rampart.analysis.Exposure;
import dev.rampart.analysis.ExposureDiff;
import dev.rampart.analysis.SourceClass;
import dev.rampart.core.Chain;
import dev.rampart.core.Rule;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.eval.Host;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.render.iptables.IptablesParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The exact analyses at scale, single thread: the full exposure map from the internet (every
 * protocol and port, INPUT and DNAT + FORWARD) over {@link Rulesets#realistic(int)} rulesets of 5k
 * to 100k rules and over Docker's dump {@code swarm-portmap-28-S.txt}; the differential exposure of
 * two 10k rulesets one random edit apart. Memory per rule is {@link AnalysisMemory}'s.
 *
 * <p>Targets (issue 13): under 0.5 s at 5k rules, under 2 s at 10k; the diff under 4 s.
 *
 * <p>Run: {@code bench/run AnalysisBenchmark}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class AnalysisBenchmark {
  /** The node the rulesets run on: a public address, the Docker bridges, the default route. */
  static final Host HOST =
      Host.parse(
          "eth0=198.51.100.1/24,docker_gwbridge=172.18.0.1/16,docker0=172.17.0.1/16,default=eth0");

  /** The seed of the diff's edit. */
  static final long SEED = 13;

  /** A generated ruleset of each size. */
  @State(Scope.Benchmark)
  public static class Generated {
    /** The number of rules of the generated ruleset. */
    @Param({"5000", "10000", "50000", "100000"})
    public int rules;

    Ruleset ruleset = Ruleset.builder().build();

    /** Generates the ruleset. */
    @Setup
    public void setUp() {
      ruleset = Rulesets.realistic(rules);
    }
  }

  /** Docker's dump, parsed. */
  @State(Scope.Benchmark)
  public static class Docker {
    Snapshot snapshot = Snapshot.of(Ruleset.builder().build());

    /** Parses the dump. */
    @Setup
    public void setUp() {
      snapshot = docker();
    }
  }

  /** A 10k ruleset and its twin one random edit apart. */
  @State(Scope.Benchmark)
  public static class Pair {
    Ruleset before = Ruleset.builder().build();
    Ruleset after = Ruleset.builder().build();

    /** Generates the ruleset and edits a copy. */
    @Setup
    public void setUp() {
      before = Rulesets.realistic(10_000);
      after = edit(before, new SplittableRandom(SEED));
    }
  }

  /** The exposure map of a generated ruleset, from the internet. */
  @Benchmark
  public Exposure exposure(Generated g) {
    return Exposure.of(g.ruleset, HOST, SourceClass.internet());
  }

  /** The exposure map of Docker's dump (the fixture's 60-odd rules). */
  @Benchmark
  public Exposure exposureDocker(Docker d) {
    return Exposure.of(d.snapshot, HOST, SourceClass.internet());
  }

  /** The differential exposure of two 10k rulesets one edit apart (both analysed). */
  @Benchmark
  public ExposureDiff diff10k(Pair p) {
    return ExposureDiff.of(
        Exposure.of(p.before, HOST, SourceClass.internet()),
        Exposure.of(p.after, HOST, SourceClass.internet()));
  }

  /** Docker's dump {@code swarm-portmap-28-S.txt} (Docker 28, one published port), parsed. */
  static Snapshot docker() {
    try (InputStream in = AnalysisBenchmark.class.getResourceAsStream("swarm-portmap-28-S.txt")) {
      if (in == null) {
        throw new IllegalStateException("bench: resource missing: swarm-portmap-28-S.txt");
      }
      return IptablesParser.parse(new String(in.readAllBytes(), UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code rs} with one rule of one filter chain removed, both drawn from {@code random}: the
   * smallest edit an operator makes.
   */
  static Ruleset edit(Ruleset rs, SplittableRandom random) {
    Table filter = rs.table(TableName.FILTER).orElseThrow();
    List<Chain> chains = new ArrayList<>(filter.chains());
    int c = random.nextInt(chains.size());
    while (chains.get(c).rules().isEmpty()) {
      c = random.nextInt(chains.size());
    }
    Chain chain = chains.get(c);
    List<Rule> kept = new ArrayList<>(chain.rules());
    kept.remove(random.nextInt(kept.size()));
    chains.set(c, Chain.builder().from(chain).rules(kept).build());
    List<Table> tables = new ArrayList<>();
    for (Table t : rs.tables()) {
      tables.add(t.name() == TableName.FILTER ? Table.of(TableName.FILTER, chains) : t);
    }
    return Ruleset.builder().from(rs).tables(tables).build();
  }
}
