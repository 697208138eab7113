package dev.rampart.samples;

import com.google.common.collect.ImmutableSet;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import dev.rampart.analysis.Exposure;
import dev.rampart.analysis.ExposureDiff;
import dev.rampart.analysis.SourceClass;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Printable;
import dev.rampart.core.Ruleset;
import dev.rampart.core.eval.Host;
import dev.rampart.core.snapshot.AfterApply;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.samples.Cli.Options;
import dev.rampart.samples.Cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The analysis commands of the command line: {@code exposure} (a table, or for a scenario of
 * several nodes without {@code --node} a matrix of every node) and {@code diff}.
 */
final class AnalysisCommands {
  private static final ImmutableSet<String> OPTIONS =
      ImmutableSet.of("--from", "--family", "--tsv", "--host", "--node", "--docker");

  private AnalysisCommands() {}

  /** {@code exposure SOURCE [options]}: the exposure table (or TSV) of one source. */
  static int exposure(List<String> args, PrintStream out) throws IOException {
    Options o = Options.parse(args, OPTIONS, "exposure");
    if (o.positional().size() != 1) {
      throw new UsageException("exposure needs exactly one scenario or dump file");
    }
    String source = o.positional().get(0);
    Optional<Scenario> scenario = Scenarios.named(source);
    if (scenario.isPresent()
        && scenario.get() instanceof NodeScenario nodes
        && o.value("--node").isEmpty()) {
      ExposureMatrix m = matrix(nodes, o);
      out.print(o.flag("--tsv") ? m.tsv() : m.table());
      return 0;
    }
    Exposure e = exposure("exposure", source, o);
    out.print(o.flag("--tsv") ? e.tsv() : e.toString());
    return 0;
  }

  /**
   * The matrix of every node of {@code scenario}: each node's policy (over the {@code --docker}
   * dump if given) on its own host (or {@code --host}), from {@code --from}.
   */
  private static ExposureMatrix matrix(NodeScenario scenario, Options o) throws IOException {
    SourceClass from = from("exposure", o.value("--from").orElse("internet"));
    Optional<String> dockerFile = o.value("--docker");
    Optional<Snapshot> docker =
        dockerFile.isPresent()
            ? Optional.of(Cli.dump("--docker", dockerFile.get()))
            : Optional.empty();
    Map<String, Exposure> exposures = new LinkedHashMap<>();
    Map<Integer, RangeSet<Integer>> mesh = new TreeMap<>();
    for (String node : scenario.nodes()) {
      Ruleset policy = scenario.ruleset(node);
      Snapshot snapshot =
          docker.isPresent() ? AfterApply.of(docker.get(), policy) : Snapshot.of(policy);
      Host host =
          o.value("--host").isPresent() ? Cli.host(Optional.of(scenario), o) : scenario.host(node);
      Exposure e = Exposure.of(snapshot, host, from);
      Optional<String> family = o.value("--family");
      exposures.put(node, family.isPresent() ? e.only(family("exposure", family.get())) : e);
      scenario
          .meshPorts(node)
          .forEach((p, ports) -> mesh.computeIfAbsent(p, k -> TreeRangeSet.create()).addAll(ports));
    }
    return ExposureMatrix.of(from.toString(), exposures, mesh);
  }

  /** {@code diff OLD NEW [options]}: what became reachable and unreachable. */
  static int diff(List<String> args, PrintStream out) throws IOException {
    Options o = Options.parse(args, OPTIONS, "diff");
    if (o.positional().size() != 2) {
      throw new UsageException("diff needs two scenarios or dump files: OLD NEW");
    }
    ExposureDiff d =
        ExposureDiff.of(
            exposure("diff", o.positional().get(0), o), exposure("diff", o.positional().get(1), o));
    out.print(o.flag("--tsv") ? d.tsv() : d.toString());
    return 0;
  }

  private static Exposure exposure(String command, String source, Options o) throws IOException {
    Optional<Scenario> scenario = Scenarios.named(source);
    Host host = Cli.host(scenario, o);
    Snapshot snapshot = Cli.source(command, source, scenario, o);
    SourceClass from = from(command, o.value("--from").orElse("internet"));
    Optional<String> set = o.value("--from").filter(f -> from.toString().equals("set " + f));
    if (set.isPresent() && snapshot.set(set.get()).isEmpty()) {
      throw new UsageException(
          command
              + ": --from: no address set of that name in "
              + Printable.of(source)
              + ": "
              + Printable.of(set.get()));
    }
    Exposure e = Exposure.of(snapshot, host, from);
    Optional<String> family = o.value("--family");
    return family.isPresent() ? e.only(family(command, family.get())) : e;
  }

  private static SourceClass from(String command, String text) {
    return switch (text) {
      case "internet" -> SourceClass.internet();
      case "any" -> SourceClass.any();
      default ->
          Cidr.tryParse(text)
              .map(c -> SourceClass.cidr(text))
              .orElseGet(
                  () -> {
                    if (text.isEmpty() || text.startsWith("-")) {
                      throw new UsageException(
                          command
                              + ": --from: not a class, CIDR or set name: "
                              + Printable.of(text));
                    }
                    return SourceClass.set(text);
                  });
    };
  }

  private static Family family(String command, String text) {
    return switch (text) {
      case "ipv4" -> Family.IPV4;
      case "ipv6" -> Family.IPV6;
      default ->
          throw new UsageException(command + ": --family: ipv4 or ipv6, not " + Printable.of(text));
    };
  }
}
