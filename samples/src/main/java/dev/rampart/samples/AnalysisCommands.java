package dev.rampart.samples;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import dev.rampart.analysis.DeadRules;
import dev.rampart.analysis.Exposure;
import dev.rampart.analysis.ExposureDiff;
import dev.rampart.analysis.Finding;
import dev.rampart.analysis.Invariants;
import dev.rampart.analysis.SourceClass;
import dev.rampart.core.ChainRef;
import dev.rampart.core.Cidr;
import dev.rampart.core.Coexist;
import dev.rampart.core.Family;
import dev.rampart.core.Place;
import dev.rampart.core.Printable;
import dev.rampart.core.Ruleset;
import dev.rampart.core.SwarmAccess;
import dev.rampart.core.TableName;
import dev.rampart.core.docker.DockerChains;
import dev.rampart.core.eval.Host;
import dev.rampart.core.snapshot.AfterApply;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.render.iptables.IptablesParseException;
import dev.rampart.render.iptables.IptablesParser;
import dev.rampart.samples.Cli.Options;
import dev.rampart.samples.Cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The analysis commands of the command line: {@code exposure} (a table, or for a scenario of
 * several nodes without {@code --node} a matrix of every node), {@code diff} and {@code check}.
 */
final class AnalysisCommands {
  private static final ImmutableSet<String> OPTIONS =
      ImmutableSet.of("--from", "--family", "--tsv", "--host", "--node", "--docker");

  private static final ImmutableSet<String> CHECK_OPTIONS =
      ImmutableSet.of("--host", "--node", "--docker");

  /** The related places a finding line shows before it says how many more there are. */
  private static final int RELATED_SHOWN = 3;

  private AnalysisCommands() {}

  /**
   * {@code check SOURCE [--docker FILE] [--host HOST] [--node NAME]}: for a dump file its summary,
   * then every finding, one per line; 0 without findings, 3 with, 1 when a dump does not parse.
   */
  static int check(List<String> args, PrintStream out, PrintStream err) throws IOException {
    Options o = Options.parse(args, CHECK_OPTIONS, "check");
    if (o.positional().size() != 1) {
      throw new UsageException("check needs exactly one scenario or dump file");
    }
    String source = o.positional().get(0);
    Optional<Scenario> scenario = Scenarios.named(source);
    Host host = Cli.host(scenario, o);
    String file = scenario.isPresent() ? o.value("--docker").orElse("") : source;
    List<Finding> findings;
    try {
      findings =
          scenario.isPresent()
              ? scenarioFindings(scenario.get(), host, o)
              : dumpFindings(source, host, o, out);
    } catch (IptablesParseException e) {
      String what = scenario.isPresent() ? "check: --docker: " : "";
      err.println("rampart-samples: " + what + Printable.of(file) + ": " + e.getMessage());
      return 1;
    }
    findings.forEach(f -> out.println(line(f)));
    return findings.isEmpty() ? 0 : 3;
  }

  /**
   * A scenario's findings: its dead and redundant rules (DOCKER-USER entered, as Docker's FORWARD
   * does), unless it allows a lockout the lockout of its admin access, then every invariant that
   * applies: replies first, DOCKER-USER neutral, IPv6 parity, and for a swarm scenario its swarm
   * ports and no plain VXLAN; over {@code --docker}, all of those of the host after the apply, and
   * our INPUT jump's place.
   */
  private static List<Finding> scenarioFindings(Scenario scenario, Host host, Options o)
      throws IOException {
    Ruleset policy = Cli.ruleset(scenario, o.value("--node"));
    Optional<SwarmAccess> access = swarmAccess(scenario, o.value("--node"));
    Optional<String> docker = o.value("--docker");
    ImmutableList.Builder<Finding> found = ImmutableList.builder();
    if (docker.isEmpty()) {
      DeadRules.of(policy, host).findings().stream()
          .filter(f -> !isDockerUserUnentered(f))
          .forEach(found::add);
      if (!policy.lockoutAllowed()) {
        found.addAll(Invariants.lockout(policy));
      }
      found.addAll(Invariants.repliesFirst(policy, host));
      found.addAll(Invariants.dockerUserNeutral(policy, host));
      found.addAll(Invariants.familyParity(policy, host));
      if (access.isPresent()) {
        found.addAll(Invariants.swarmPorts(policy, access.get()));
        found.addAll(Invariants.noPlainVxlan(policy, access.get(), host));
      }
      return found.build();
    }
    if (!Files.exists(Path.of(docker.get()))) {
      throw new UsageException("check: --docker: no such file: " + Printable.of(docker.get()));
    }
    Snapshot after = AfterApply.of(IptablesParser.parse(Path.of(docker.get())), policy);
    DeadRules.of(after, host).findings().stream()
        .filter(f -> !isRegistry(f.place()))
        .forEach(found::add);
    if (!policy.lockoutAllowed()) {
      found.addAll(Invariants.lockout(after, policy.adminAccess()));
    }
    found.addAll(Invariants.hostJumpFirst(after, Coexist.chainFor("INPUT")));
    found.addAll(Invariants.repliesFirst(after, host));
    found.addAll(Invariants.dockerUserNeutral(after, host));
    found.addAll(Invariants.familyParity(after, host));
    if (access.isPresent()) {
      found.addAll(Invariants.swarmPorts(after, access.get()));
      found.addAll(Invariants.noPlainVxlan(after, access.get(), host));
    }
    return found.build();
  }

  /** The swarm access of {@code scenario} (of its node {@code node}), when it is a swarm one. */
  private static Optional<SwarmAccess> swarmAccess(Scenario scenario, Optional<String> node) {
    if (node.isPresent() && scenario instanceof NodeScenario nodes) {
      return nodes.swarmAccess(node.get());
    }
    return scenario.swarmAccess();
  }

  /**
   * Whether {@code f} says no rule jumps to DOCKER-USER: Docker's FORWARD does, which a policy
   * alone does not hold (with {@code --docker} the whole path is checked).
   */
  private static boolean isDockerUserUnentered(Finding f) {
    return f.kind() == Finding.Kind.UNREACHABLE_CHAIN
        && f.related().isEmpty()
        && f.place() instanceof ChainRef c
        && c.table() == TableName.FILTER
        && c.name().equals(DockerChains.DOCKER_USER);
  }

  /** Whether {@code p} is the registry chain: records of what an apply created, never entered. */
  private static boolean isRegistry(Place p) {
    return p instanceof ChainRef c && c.name().equals(Coexist.REGISTRY);
  }

  /**
   * A dump's summary (printed), its dead and redundant rules (the registry left out), and the
   * invariants a dump alone can be held to: replies first, DOCKER-USER neutral, IPv6 parity.
   */
  private static List<Finding> dumpFindings(String file, Host host, Options o, PrintStream out)
      throws IOException {
    if (!Files.exists(Path.of(file))) {
      throw new UsageException(
          "check: no such scenario or file: " + Printable.of(file) + " (try: list)");
    }
    if (o.value("--docker").isPresent() || o.value("--node").isPresent()) {
      throw new UsageException(
          "check: --docker and --node need a scenario, not a dump file: " + Printable.of(file));
    }
    String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
    Snapshot snapshot = IptablesParser.parse(text);
    String format =
        IptablesParser.detectFormat(text)
            .map(f -> f == IptablesParser.Format.SAVE ? "iptables-save" : "iptables -S")
            .orElse("empty");
    out.print(DumpSummary.of(format, snapshot));
    ImmutableList.Builder<Finding> found = ImmutableList.builder();
    DeadRules.of(snapshot, host).findings().stream()
        .filter(f -> !isRegistry(f.place()))
        .forEach(found::add);
    found.addAll(Invariants.repliesFirst(snapshot, host));
    found.addAll(Invariants.dockerUserNeutral(snapshot, host));
    found.addAll(Invariants.familyParity(snapshot, host));
    return found.build();
  }

  /** A finding's line: the finding, then up to three of its related places. */
  static String line(Finding f) {
    List<Place> related = f.related();
    if (related.isEmpty()) {
      return f.toString();
    }
    String label =
        f.kind() == Finding.Kind.DEAD_RULE || f.kind() == Finding.Kind.REDUNDANT_RULE
            ? "covered by"
            : "see";
    String shown =
        related.stream()
            .limit(RELATED_SHOWN)
            .map(Place::toString)
            .collect(Collectors.joining("; "));
    int more = related.size() - RELATED_SHOWN;
    return f + "  " + label + ": " + shown + (more > 0 ? " and " + more + " more" : "");
  }

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
            ? Optional.of(Sources.dump("--docker", dockerFile.get()))
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
    Snapshot snapshot = Sources.source(command, source, scenario, o);
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
