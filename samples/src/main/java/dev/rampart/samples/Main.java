package dev.rampart.samples;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code rampart-samples} command line.
 *
 * <pre>
 * java -jar rampart-samples.jar                      # minimal-host, own mode: pipe to iptables-restore
 * java -jar rampart-samples.jar list
 * java -jar rampart-samples.jar render minimal-host --format ip6tables --mode own
 * java -jar rampart-samples.jar bundle minimal-host /tmp/out
 * </pre>
 */
public final class Main {
  private Main() {}

  /** Runs the command line and exits with its status (0 ok, 2 usage error, 1 failure). */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    int status = new Cli(out, err).run(Arrays.asList(args));
    out.flush();
    System.exit(status);
  }
}
