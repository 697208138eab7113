package dev.rampart.samples;

import com.google.common.collect.ImmutableSortedMap;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Ruleset;
import dev.rampart.core.UnsupportedFeatureException;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.render.iptables.IptablesParseException;
import dev.rampart.render.iptables.IptablesParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Parses the arguments and runs one command; usage errors exit with 2. */
final class Cli {
  static final String USAGE =
      String.join(
          "\n",
          "usage: rampart-samples [list | render SCENARIO --format FORMAT [--mode own|coexist]"
              + " [--node NAME] | bundle SCENARIO DIR [--node NAME] | check FILE]",
          "  (no arguments)  render the default scenario in iptables-restore format",
          "  --mode          default: coexist for a policy that declares Docker's chains (load with"
              + " iptables-restore --noflush, or run a bundle's apply.sh), own otherwise",
          "  list            one scenario per line: name, then description",
          "  render          print one artifact; FORMAT: "
              + String.join("|", Backends.FORMATS.keySet()),
          "  bundle          write every artifact of every backend under DIR/<backend>/ (coexist)",
          "  --node NAME     the node of a scenario that describes several (default: its first)",
          "  check FILE      parse an iptables-save, ip6tables-save or iptables -S dump (format"
              + " detected) and summarize it; exit 1 with the line of the first problem");

  private final PrintStream out;
  private final PrintStream err;

  Cli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int run(List<String> args) {
    try {
      if (args.isEmpty()) {
        err.println(USAGE);
        Ruleset rs = Scenarios.defaultScenario().ruleset();
        out.print(render(rs, "iptables", defaultMode(rs)));
        return 0;
      }
      return switch (args.get(0)) {
        case "list" -> list(args);
        case "render" -> render(args);
        case "bundle" -> bundle(args);
        case "check" -> check(args);
        case "-h", "--help", "help" -> help();
        default -> throw new UsageException("unknown command: " + args.get(0));
      };
    } catch (UsageException e) {
      err.println("rampart-samples: " + e.getMessage());
      return 2;
    } catch (UnsupportedFeatureException | IllegalArgumentException e) {
      err.println("rampart-samples: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("rampart-samples: " + e);
      return 1;
    }
  }

  private int help() {
    out.println(USAGE);
    return 0;
  }

  private int list(List<String> args) {
    expectArgs(args, 1, "list");
    Scenarios.all().forEach(s -> out.println(s.name() + "\t" + s.description()));
    return 0;
  }

  private int render(List<String> all) {
    List<String> args = new ArrayList<>(all);
    Optional<String> node = takeNode(args);
    List<String> positional = new ArrayList<>();
    Optional<String> format = Optional.empty();
    Optional<RenderMode> mode = Optional.empty();
    for (int i = 1; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--format")) {
        format = Optional.of(value(args, ++i, a));
      } else if (a.equals("--mode")) {
        mode = Optional.of(mode(value(args, ++i, a)));
      } else if (a.startsWith("--")) {
        throw new UsageException("unknown option: " + a);
      } else {
        positional.add(a);
      }
    }
    if (positional.size() != 1) {
      throw new UsageException("render needs exactly one scenario");
    }
    String f = format.orElseThrow(() -> new UsageException("render needs --format"));
    Ruleset rs = ruleset(scenario(positional.get(0)), node);
    out.print(render(rs, f, mode.orElse(defaultMode(rs))));
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

  private int bundle(List<String> all) throws IOException {
    List<String> args = new ArrayList<>(all);
    Optional<String> node = takeNode(args);
    expectArgs(args, 3, "bundle SCENARIO DIR [--node NAME]");
    Ruleset rs = ruleset(scenario(args.get(1)), node);
    Path dir = Path.of(args.get(2));
    for (var backend : Backends.BUNDLES.entrySet()) {
      write(dir.resolve(backend.getKey()), backend.getValue().apply(rs));
    }
    return 0;
  }

  private int check(List<String> args) throws IOException {
    expectArgs(args, 2, "check FILE");
    String text = Files.readString(Path.of(args.get(1)), StandardCharsets.UTF_8);
    try {
      Snapshot snapshot = IptablesParser.parse(text);
      String format =
          IptablesParser.detectFormat(text)
              .map(f -> f == IptablesParser.Format.SAVE ? "iptables-save" : "iptables -S")
              .orElse("empty");
      out.print(DumpSummary.of(format, snapshot));
      return 0;
    } catch (IptablesParseException e) {
      err.println("rampart-samples: " + args.get(1) + ": " + e.getMessage());
      return 1;
    }
  }

  private static void write(Path dir, ImmutableSortedMap<String, String> files) throws IOException {
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path file = dir.resolve(f.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, f.getValue(), StandardCharsets.UTF_8);
      if (f.getKey().endsWith(".sh")) {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
  }

  private static String render(Ruleset rs, String format, RenderMode mode) {
    var renderer = Backends.FORMATS.get(format);
    if (renderer == null) {
      throw new UsageException(
          "unknown format: "
              + format
              + " (available: "
              + String.join(", ", Backends.FORMATS.keySet())
              + ")");
    }
    return renderer.apply(rs, mode);
  }

  private static Scenario scenario(String name) {
    return Scenarios.named(name)
        .orElseThrow(() -> new UsageException("unknown scenario: " + name + " (try: list)"));
  }

  /** Removes {@code --node NAME} from {@code args} and returns the name, if given. */
  private static Optional<String> takeNode(List<String> args) {
    int i = args.indexOf("--node");
    if (i < 0) {
      return Optional.empty();
    }
    String name = value(args, i + 1, "--node");
    args.subList(i, i + 2).clear();
    return Optional.of(name);
  }

  private static Ruleset ruleset(Scenario scenario, Optional<String> node) {
    if (node.isEmpty()) {
      return scenario.ruleset();
    }
    if (!(scenario instanceof NodeScenario nodes)) {
      throw new UsageException("scenario " + scenario.name() + " has no nodes: drop --node");
    }
    if (!nodes.nodes().contains(node.get())) {
      throw new UsageException(
          "unknown node: " + node.get() + " (nodes: " + String.join(", ", nodes.nodes()) + ")");
    }
    return nodes.ruleset(node.get());
  }

  private static RenderMode mode(String text) {
    return switch (text) {
      case "own" -> RenderMode.OWN;
      case "coexist" -> RenderMode.COEXIST;
      default -> throw new UsageException("unknown mode: " + text + " (own or coexist)");
    };
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new UsageException(option + " needs a value");
    }
    return args.get(i);
  }

  private static void expectArgs(List<String> args, int n, String shape) {
    if (args.size() != n) {
      throw new UsageException("usage: rampart-samples " + shape);
    }
  }

  /** A command line mistake: one line on stderr, exit status 2. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
