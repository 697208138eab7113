package dev.rampart.samples;

import dev.rampart.core.Printable;
import dev.rampart.core.Ruleset;
import dev.rampart.core.snapshot.AfterApply;
import dev.rampart.core.snapshot.Snapshot;
import dev.rampart.render.iptables.IptablesParseException;
import dev.rampart.render.iptables.IptablesParser;
import dev.rampart.samples.Cli.Options;
import dev.rampart.samples.Cli.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the commands that read rules take them from: a scenario's policy or a dump file. Apart from
 * {@link Cli} so that printing the usage or a policy loads no parser class.
 */
final class Sources {
  private Sources() {}

  /**
   * What {@code trace}, {@code exposure} and {@code diff} read: a scenario's policy (over the
   * {@code --docker} dump if given), or a dump file that is not a scenario's name.
   */
  static Snapshot source(String command, String source, Optional<Scenario> scenario, Options o)
      throws IOException {
    if (scenario.isPresent()) {
      Ruleset policy = Cli.ruleset(scenario.get(), o.value("--node"));
      Optional<String> docker = o.value("--docker");
      return docker.isPresent()
          ? AfterApply.of(dump("--docker", docker.get()), policy)
          : Snapshot.of(policy);
    }
    if (!Files.exists(Path.of(source))) {
      throw new UsageException(
          command + ": no such scenario or file: " + Printable.of(source) + " (try: list)");
    }
    if (o.value("--docker").isPresent() || o.value("--node").isPresent()) {
      throw new UsageException(
          command
              + ": --docker and --node need a scenario, not a dump file: "
              + Printable.of(source));
    }
    return dump(command, source);
  }

  /** The dump in {@code file}, parsed; a problem in it is a usage error naming its line. */
  static Snapshot dump(String what, String file) throws IOException {
    try {
      return IptablesParser.parse(Path.of(file));
    } catch (IptablesParseException e) {
      throw new UsageException(what + ": " + Printable.of(file) + ": " + e.getMessage(), e);
    }
  }
}
