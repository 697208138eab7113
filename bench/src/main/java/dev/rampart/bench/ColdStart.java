package dev.rampart.bench;

import dev.rampart.core.RenderMode;
import dev.rampart.render.iptables.IptablesRenderer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cold rows of {@code bench/run}: each run a fresh JVM, timed from outside (wall time, process
 * start included) or, for the build rows, by the child from its first line of {@code main}.
 *
 * <ul>
 *   <li>a bare JVM ({@code java -version}), for scale;
 *   <li>the command line with no arguments (renders {@code minimal-host}, 31 rules) through {@code
 *       java -jar} and through the {@code samples/rampart} launcher with its class data sharing
 *       archive (made once here, not timed);
 *   <li>{@code check} of a 100k-rule dump (the iptables rendering of {@link Rulesets#realistic})
 *       the same two ways;
 *   <li>the one-shot build (DSL and validation) and iptables render of 100k rules ({@link
 *       OneShot});
 *   <li>the first {@code Cluster.build} of 1,000 nodes ({@link FirstClusterBuild}).
 * </ul>
 *
 * <p>Run by {@code bench/run}: {@code java -cp bench/target/benchmarks.jar
 * dev.rampart.bench.ColdStart samples/target/rampart-samples.jar samples/rampart}. Prints Markdown
 * table rows, least and median seconds.
 */
public final class ColdStart {
  private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private final String benchJar = System.getProperty("java.class.path");
  private final String samplesJar;
  private final String launcher;

  private ColdStart(String samplesJar, String launcher) {
    this.samplesJar = samplesJar;
    this.launcher = launcher;
  }

  /** Arguments: the samples jar and the launcher script. */
  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: ColdStart SAMPLES_JAR LAUNCHER");
    }
    new ColdStart(args[0], args[1]).run();
  }

  private void run() throws IOException, InterruptedException {
    row("cold: bare JVM (java -version)", 5, java, "-version");
    row(
        "cold: java -jar samples, no arguments (minimal-host, 31 rules)",
        5,
        java,
        "-jar",
        samplesJar);
    run(List.of("sh", launcher, "--archive"));
    row("cold: samples/rampart launcher + archive, no arguments", 5, "sh", launcher);
    Path dump = Files.createTempFile("rampart-dump-", ".txt");
    try {
      Files.writeString(
          dump, IptablesRenderer.of(RenderMode.OWN).render(Rulesets.realistic(100_000)));
      String file = dump.toString();
      row(
          "cold: java -jar samples check, 100k-rule dump",
          3,
          java,
          "-jar",
          samplesJar,
          "check",
          file);
      row(
          "cold: samples/rampart launcher + archive check, 100k-rule dump",
          3,
          "sh",
          launcher,
          "check",
          file);
    } finally {
      Files.delete(dump);
    }
    List<Double> wall = new ArrayList<>();
    List<Double> build = new ArrayList<>();
    List<Double> render = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      String line = run(List.of(java, "-cp", benchJar, OneShot.class.getName(), "100000")).strip();
      wall.add((System.nanoTime() - start) / 1e9);
      int space = line.indexOf(' ');
      build.add(Double.parseDouble(line.substring(0, space)));
      render.add(Double.parseDouble(line.substring(space + 1)));
    }
    String params = "rules=100000, runs=3";
    System.out.println(
        Stats.row("cold: one-shot build and render (fresh JVM, wall)", params, wall, "s"));
    System.out.println(
        Stats.row("cold: one-shot, of which build (DSL, validation)", params, build, "s"));
    System.out.println(Stats.row("cold: one-shot, of which iptables render", params, render, "s"));
    List<Double> cluster = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      cluster.add(
          Double.parseDouble(
              run(List.of(java, "-cp", benchJar, FirstClusterBuild.class.getName())).strip()));
    }
    System.out.println(
        Stats.row("cold: first Cluster.build in a fresh JVM", "nodes=1000, runs=5", cluster, "s"));
  }

  /** Runs {@code argv} {@code runs} times and prints the row of its wall times. */
  private void row(String what, int runs, String... argv) throws IOException, InterruptedException {
    List<Double> seconds = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      run(List.of(argv));
      seconds.add((System.nanoTime() - start) / 1e9);
    }
    System.out.println(Stats.row(what, String.format(Locale.ROOT, "runs=%d", runs), seconds, "s"));
  }

  /**
   * Runs {@code argv}, standard error to this process's, and returns its standard output; exit
   * status 0 and 3 ({@code check} with findings) are success.
   */
  private static String run(List<String> argv) throws IOException, InterruptedException {
    // java -version writes its banner to standard error: not worth showing
    ProcessBuilder.Redirect err =
        argv.contains("-version")
            ? ProcessBuilder.Redirect.DISCARD
            : ProcessBuilder.Redirect.INHERIT;
    Process p = new ProcessBuilder(argv).redirectError(err).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int status = p.waitFor();
    if (status != 0 && status != 3) {
      throw new IllegalStateException(String.join(" ", argv) + ": exit status " + status);
    }
    return out;
  }
}
