package dev.rampart.samples;

import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import dev.rampart.core.Printable;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Ruleset;
import dev.rampart.core.UnsupportedFeatureException;
import dev.rampart.core.eval.Evaluation;
import dev.rampart.core.eval.Evaluator;
import dev.rampart.core.eval.Host;
import dev.rampart.core.eval.Packet;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/** Parses the arguments and runs one command; usage errors exit with 2, failures with 1. */
final class Cli {
  /** The scenario printed without arguments: complete, loadable with {@code iptables-restore}. */
  static final String DEFAULT_SCENARIO = "minimal-host";

  /** The text of {@code --help}, made when printed. */
  static String usage() {
    return String.join(
        "\n",
        "usage: rampart-samples [list | render SCENARIO --format FORMAT [--mode own|coexist]"
            + " [--node NAME] | bundle SCENARIO DIR [--node NAME] [--force]"
            + " | trace SCENARIO|FILE --packet PACKET [--host HOST] [--node NAME] [--docker FILE]"
            + " | check SCENARIO|FILE [--host HOST] [--node NAME] [--docker FILE]"
            + " | exposure SCENARIO|FILE [--from FROM] [--family F] [--tsv]"
            + " [--host HOST] [--node NAME] [--docker FILE]"
            + " | diff OLD NEW [same options as exposure] | --help |"
            + " --version]",
        "  (no arguments)  print the "
            + DEFAULT_SCENARIO
            + " policy (own mode, for a host without Docker); load it with: iptables-restore",
        "  --mode          default: coexist for a policy that declares Docker's chains, own"
            + " otherwise; iptables and ip6tables print own mode only (load with"
            + " iptables-restore): coexist needs the bundle's apply.sh",
        "  list            one scenario per line: name, then description",
        "  render          print one artifact; FORMAT: " + String.join("|", Backends.FORMATS),
        "  bundle          write every artifact of every backend under DIR/<backend>/ (coexist);"
            + " DIR must be new or empty, yours and writable by you only",
        "  --force         bundle into a non-empty DIR: replace the files the last bundle wrote,"
            + " keep the others",
        "  trace           what a scenario's rules, or a dump FILE's (iptables-save or"
            + " iptables -S), do with one packet: the verdict with the deciding rule, then the"
            + " trace",
        "  --docker FILE   trace the scenario's policy applied over this dump of Docker's rules",
        "  --packet        e.g. \"tcp 203.0.113.9:40000 > 198.51.100.1:22 in eth0\"; then any of"
            + " state new|established|related, out IF, local; IPv6 as [2001:db8::1]:22",
        "  --host          interfaces with addresses: \"eth0=198.51.100.1/24,docker_gwbridge="
            + "172.18.0.1/16,default=eth0\" (default: "
            + Scenario.DEFAULT_HOST
            + ")",
        "  check           the findings, one per line with its place: dead and redundant rules"
            + " (with the rules that cover them; for a scenario without --docker, DOCKER-USER"
            + " counts as entered from Docker's FORWARD), the ordering invariants (replies first,"
            + " DOCKER-USER neutral, IPv6 parity), for a scenario the lockout of its admin"
            + " access (unless it allows one), for a swarm scenario its swarm ports and no plain"
            + " VXLAN, and, with --docker, all of them after the apply and our INPUT jump not"
            + " first; a dump FILE (iptables-save, ip6tables-save or iptables -S, format"
            + " detected) is summarized first and checked for dead and redundant rules and the"
            + " ordering invariants (a dump declares no admin or swarm access); exit 0 without findings, 3 with findings, 1 when a dump does"
            + " not parse (with its line), 2 on usage errors",
        "  exposure        what new connections from FROM reach on the host (INPUT, and DNAT +"
            + " FORWARD to containers), every port at once, exactly: one line per protocol,"
            + " ports and destination, with a witness source and the rule that lets it through;"
            + " for a scenario of several nodes (cluster) without --node, one matrix: nodes down,"
            + " protocol/port across, 4/6 where reachable over ipv4/ipv6, * on routing-mesh ports",
        "  --from          internet (default: every address outside the private ranges and the"
            + " host's subnets), any, a CIDR, or the name of an address set of the policy",
        "  --family        ipv4 or ipv6 (default: both); --tsv: tab-separated lines for tools",
        "  diff            what changes between the exposure of OLD and of NEW (each a scenario or"
            + " a dump file): became reachable (+), became unreachable (-)",
        "  --node NAME     the node of a scenario that describes several (default: its first)",
        "  --opt=VALUE     same as --opt VALUE; an option may be given once",
        "  --help          print this text; --version: print the version");
  }

  /** The formats whose coexist text lacks what only {@code apply.sh} adds. */
  private static final ImmutableSet<String> APPLY_SCRIPT_ONLY =
      ImmutableSet.of("iptables", "ip6tables");

  private final PrintStream out;
  private final PrintStream err;
  private final Function<String, Optional<Scenario>> scenarios;

  Cli(PrintStream out, PrintStream err) {
    this(out, err, new Named());
  }

  /** {@link Scenarios#named}, as a class: no lambda to bootstrap before the usage is printed. */
  private static final class Named implements Function<String, Optional<Scenario>> {
    @Override
    public Optional<Scenario> apply(String name) {
      return Scenarios.named(name);
    }
  }

  /** A command line that finds scenarios with {@code scenarios} (tests add their own). */
  Cli(PrintStream out, PrintStream err, Function<String, Optional<Scenario>> scenarios) {
    this.out = out;
    this.err = err;
    this.scenarios = scenarios;
  }

  int run(List<String> args) {
    try {
      int status = dispatch(args);
      if (out.checkError()) {
        err.println("rampart-samples: standard output: i/o error: the output is incomplete");
        return 1;
      }
      return status;
    } catch (UsageException e) {
      err.println("rampart-samples: " + e.getMessage());
      return 2;
    } catch (UnsupportedFeatureException | IllegalArgumentException e) {
      err.println("rampart-samples: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("rampart-samples: " + Printable.of(BundleWriter.describe(e)));
      return 1;
    }
  }

  private int dispatch(List<String> args) throws IOException {
    if (args.isEmpty()) {
      Ruleset rs = scenario(DEFAULT_SCENARIO).ruleset();
      out.print(render(rs, "iptables", RenderMode.OWN));
      return 0;
    }
    return switch (args.get(0)) {
      case "list" -> list(args);
      case "render" -> render(args);
      case "bundle" -> bundle(args);
      case "trace" -> trace(args);
      case "check" -> AnalysisCommands.check(args, out, err);
      case "exposure" -> AnalysisCommands.exposure(args, out);
      case "diff" -> AnalysisCommands.diff(args, out);
      case "-h", "--help", "help" -> help(args);
      case "--version", "version" -> version(args);
      default -> throw new UsageException("unknown command: " + Printable.of(args.get(0)));
    };
  }

  private int help(List<String> args) {
    expectArgs(args, 1, "--help");
    out.println(usage());
    return 0;
  }

  private int version(List<String> args) throws IOException {
    expectArgs(args, 1, "--version");
    out.println("rampart-samples " + version());
    return 0;
  }

  /** The project version, from the resource the build writes. */
  static String version() throws IOException {
    Properties p = new Properties();
    try (InputStream in = Cli.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IOException("version: resource missing: version.properties");
      }
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return p.getProperty("version", "unknown");
  }

  private int list(List<String> args) {
    expectArgs(args, 1, "list");
    Scenarios.all().forEach(s -> out.println(s.name() + "\t" + s.description()));
    return 0;
  }

  private int render(List<String> args) {
    Options o = Options.parse(args, ImmutableSet.of("--format", "--mode", "--node"), "render");
    if (o.positional().size() != 1) {
      throw new UsageException("render needs exactly one scenario");
    }
    String f = o.value("--format").orElseThrow(() -> new UsageException("render needs --format"));
    Ruleset rs = ruleset(scenario(o.positional().get(0)), o.value("--node"));
    RenderMode mode = o.value("--mode").map(Cli::mode).orElse(defaultMode(rs));
    if (mode == RenderMode.COEXIST && APPLY_SCRIPT_ONLY.contains(f)) {
      throw new UsageException(
          "render: "
              + f
              + " text in coexist mode lacks the INPUT jump, the built-in chains' rules and"
              + " policies (only the bundle's apply.sh adds them): run bundle "
              + Printable.of(o.positional().get(0))
              + " DIR, or give --mode own for a host without Docker");
    }
    out.print(render(rs, f, mode));
    return 0;
  }

  /**
   * Coexist for a policy that declares Docker's chains (loading it in own mode would wipe them),
   * own otherwise.
   */
  static RenderMode defaultMode(Ruleset rs) {
    boolean docker =
        rs.tables().stream().flatMap(t -> t.chains().stream()).anyMatch(c -> !c.isManaged());
    return docker ? RenderMode.COEXIST : RenderMode.OWN;
  }

  private int bundle(List<String> args) throws IOException {
    Options o = Options.parse(args, ImmutableSet.of("--node", "--force"), "bundle");
    if (o.positional().size() != 2) {
      throw new UsageException(
          "usage: rampart-samples bundle SCENARIO DIR [--node NAME] [--force]");
    }
    Ruleset rs = ruleset(scenario(o.positional().get(0)), o.value("--node"));
    String dir = o.positional().get(1);
    if (dir.isEmpty()) {
      throw new UsageException("bundle: empty directory name: \"\"");
    }
    ImmutableSortedMap.Builder<String, String> files = ImmutableSortedMap.naturalOrder();
    for (var backend : Backends.bundles().entrySet()) {
      backend
          .getValue()
          .bundle(rs)
          .files()
          .forEach((name, text) -> files.put(backend.getKey() + "/" + name, text));
    }
    BundleWriter.write(Path.of(dir), files.build(), o.flag("--force"));
    return 0;
  }

  private int trace(List<String> args) throws IOException {
    Options o =
        Options.parse(args, ImmutableSet.of("--packet", "--host", "--node", "--docker"), "trace");
    if (o.positional().size() != 1) {
      throw new UsageException("trace needs exactly one scenario or dump file");
    }
    String source = o.positional().get(0);
    Packet p =
        parse(
            o.value("--packet").orElseThrow(() -> new UsageException("trace needs --packet")),
            Packet::parse);
    Optional<Scenario> scenario = Scenarios.named(source);
    Host h = host(scenario, o);
    Evaluation e = Evaluator.of(Sources.source("trace", source, scenario, o), h).evaluate(p);
    out.println(verdict(e));
    String text = e.toString();
    out.print(text.substring(text.indexOf('\n') + 1));
    return 0;
  }

  /** The {@code --host} option, else the scenario's host, else the default host. */
  static Host host(Optional<Scenario> scenario, Options o) {
    Optional<String> host = o.value("--host");
    return host.isPresent()
        ? parse(host.get(), Host::parse)
        : scenario.map(Scenario::host).orElseGet(() -> Host.parse(Scenario.DEFAULT_HOST));
  }

  /** The first line of {@code trace}: {@code DROP by <place>: <reason>}, as iptables names it. */
  static String verdict(Evaluation e) {
    String headline = e.headline();
    String word =
        switch (e.decision()) {
          case ACCEPTED -> "ACCEPT";
          case DROPPED -> "DROP";
          case REJECTED -> "REJECT";
          case DEPENDS -> "DEPENDS";
        };
    return word + headline.substring(e.decision().name().length());
  }

  static <T> T parse(String text, Function<String, T> parser) {
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException(String.valueOf(e.getMessage()), e);
    }
  }

  private static String render(Ruleset rs, String format, RenderMode mode) {
    return Backends.render(format, rs, mode)
        .orElseThrow(
            () ->
                new UsageException(
                    "unknown format: "
                        + Printable.of(format)
                        + " (available: "
                        + String.join(", ", Backends.FORMATS)
                        + ")"));
  }

  private Scenario scenario(String name) {
    return scenarios
        .apply(name)
        .orElseThrow(
            () -> new UsageException("unknown scenario: " + Printable.of(name) + " (try: list)"));
  }

  /** The scenario's policy, or that of its node {@code node}. */
  static Ruleset ruleset(Scenario scenario, Optional<String> node) {
    if (node.isEmpty()) {
      return scenario.ruleset();
    }
    if (!(scenario instanceof NodeScenario nodes)) {
      throw new UsageException("scenario " + scenario.name() + " has no nodes: drop --node");
    }
    if (!nodes.nodes().contains(node.get())) {
      throw new UsageException(
          "unknown node: "
              + Printable.of(node.get())
              + " (nodes: "
              + String.join(", ", nodes.nodes())
              + ")");
    }
    return nodes.ruleset(node.get());
  }

  private static RenderMode mode(String text) {
    return switch (text) {
      case "own" -> RenderMode.OWN;
      case "coexist" -> RenderMode.COEXIST;
      default ->
          throw new UsageException("unknown mode: " + Printable.of(text) + " (own or coexist)");
    };
  }

  private static void expectArgs(List<String> args, int n, String shape) {
    if (args.size() != n) {
      throw new UsageException("usage: rampart-samples " + shape);
    }
  }

  /**
   * The arguments after a command: positional ones, and options given once each as {@code --opt
   * VALUE} or {@code --opt=VALUE}; {@code --force} takes no value.
   */
  record Options(List<String> positional, Map<String, String> values) {
    private static final ImmutableSet<String> FLAGS = ImmutableSet.of("--force", "--tsv");

    static Options parse(List<String> args, ImmutableSet<String> known, String command) {
      List<String> positional = new ArrayList<>();
      Map<String, String> values = new HashMap<>();
      for (int i = 1; i < args.size(); i++) {
        String a = args.get(i);
        if (!a.startsWith("--")) {
          positional.add(a);
          continue;
        }
        int eq = a.indexOf('=');
        String name = eq < 0 ? a : a.substring(0, eq);
        if (!known.contains(name)) {
          throw new UsageException(command + ": unknown option: " + Printable.of(name));
        }
        String value;
        if (FLAGS.contains(name)) {
          if (eq >= 0) {
            throw new UsageException(command + ": option takes no value: " + Printable.of(a));
          }
          value = "";
        } else if (eq >= 0) {
          value = a.substring(eq + 1);
        } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
          value = args.get(++i);
        } else {
          throw new UsageException(name + " needs a value");
        }
        if (values.putIfAbsent(name, value) != null) {
          throw new UsageException(command + ": option given twice: " + Printable.of(name));
        }
      }
      return new Options(List.copyOf(positional), Map.copyOf(values));
    }

    Optional<String> value(String name) {
      return Optional.ofNullable(values.get(name));
    }

    boolean flag(String name) {
      return values.containsKey(name);
    }
  }

  /** A command line mistake: one line on stderr, exit status 2. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }

    UsageException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
