package dev.rampart.samples;

import com.google.common.collect.ImmutableSet;
import dev.rampart.analysis.Exposure;
import dev.rampart.analysis.ExposureDiff;
import dev.rampart.analysis.SourceClass;
import dev.rampart.core.Cidr;
import dev.rampart.core.Family;
import dev.rampart.core.Printable;
import dev.rampart.core.eval.Host;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.samples.Cli.Options;
import dev.rampart.samples.Cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/** The analysis commands of the command line: {@code exposure} and {@code diff}. */
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
    Exposure e = exposure("exposure", o.positional().get(0), o);
    out.print(o.flag("--tsv") ? e.tsv() : e.toString());
    return 0;
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
