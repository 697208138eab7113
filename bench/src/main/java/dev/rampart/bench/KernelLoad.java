package dev.rampart.bench;

import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Ruleset;
import dev.rampart.render.iptables.IptablesRenderer;
import dev.rampart.render.nftables.DockerBackend;
import dev.rampart.render.nftables.NftablesRenderer;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How long the kernel takes to load our output of {@link Rulesets#realistic} against a plain file
 * of the same rule count and shape without lists or sets ({@link Rulesets#plain}), measured side by
 * side in one run: {@code nft -f} of the nftables rendering, and {@code iptables-restore} (legacy
 * and nft flavours, where installed) of the iptables rendering after the {@code ipset restore} of
 * its sets (not timed).
 *
 * <p>Every load runs in a fresh network namespace this class creates (a {@link KernelLab}), which
 * is emptied after the load and deleted at the end: the machine's own firewall is never touched.
 * Loads of ours and of the plain file alternate, after one warm-up load per tool (so no measured
 * load pays for loading kernel modules). Needs root and {@code ip}, {@code nft} and {@code ipset}.
 *
 * <p>Run by {@code bench/run}; alone: {@code java -cp bench/target/benchmarks.jar
 * dev.rampart.bench.KernelLoad [RULES...]} (default 10000 100000). Prints one Markdown table row
 * per load and size (least and median seconds of the runs) and a ratio row, ours over the plain
 * file.
 */
public final class KernelLoad {
  /** The iptables-restore flavours measured, where installed. */
  static final List<String> RESTORES = List.of("iptables-legacy-restore", "iptables-nft-restore");

  private KernelLoad() {}

  /**
   * One measured load: the tool, the rule count, and the seconds of each run of ours and of the
   * plain file, in run order.
   *
   * @param tool the command, e.g. {@code nft -f}
   * @param rules the rule count of both files
   * @param ours the seconds of each load of our rendering
   * @param plain the seconds of each load of the plain file
   */
  public record Load(String tool, int rules, List<Double> ours, List<Double> plain) {
    /** The least time of ours over the least time of the plain file. */
    public double ratio() {
      return Stats.min(ours) / Stats.min(plain);
    }

    /** The three table rows: ours, the plain file, and the ratios of least and median times. */
    List<String> rows() {
      String params = String.format(Locale.ROOT, "rules=%d, runs=%d", rules, ours.size());
      return List.of(
          Stats.row("kernel load " + tool + ", ours", params, ours, "s"),
          Stats.row("kernel load " + tool + ", plain file", params, plain, "s"),
          String.format(
              Locale.ROOT,
              "| kernel load %s, ours / plain file | %s | %.2f | %.2f | ratio |",
              tool,
              params,
              ratio(),
              Stats.median(ours) / Stats.median(plain)));
    }
  }

  /** Measures the sizes given (default 10,000 and 100,000 rules) and prints the table rows. */
  public static void main(String[] args) throws IOException {
    List<Integer> sizes = new ArrayList<>();
    for (String a : args) {
      sizes.add(Integer.parseInt(a));
    }
    if (sizes.isEmpty()) {
      sizes = List.of(10_000, 100_000);
    }
    Optional<String> missing = missingPrerequisite();
    if (missing.isPresent()) {
      System.out.println("| kernel load rows | skipped: " + missing.get() + " | | | |");
      return;
    }
    try (KernelLab lab = KernelLab.open()) {
      for (int size : sizes) {
        for (Load load : measure(lab, size, size <= 10_000 ? 5 : 3)) {
          load.rows().forEach(System.out::println);
        }
      }
    }
  }

  /** Why the loads cannot run here (not root, a tool missing), if so. */
  static Optional<String> missingPrerequisite() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.of("needs root (network namespaces)");
    }
    for (String tool : List.of("ip", "nft", "ipset")) {
      if (!installed(tool)) {
        return Optional.of("needs " + tool);
      }
    }
    return Optional.empty();
  }

  /**
   * Loads {@code rules} rules of ours and of the plain file {@code runs} times each with every
   * installed tool, in namespaces of {@code lab}.
   */
  public static List<Load> measure(KernelLab lab, int rules, int runs) throws IOException {
    Path dir = Files.createTempDirectory("rampart-load");
    NftablesRenderer nft = NftablesRenderer.builder().docker(DockerBackend.NONE).build();
    IptablesRenderer iptables =
        IptablesRenderer.builder().family(Family.IPV4).mode(RenderMode.OWN).build();
    Ruleset ours = Rulesets.realistic(rules);
    Ruleset plain = Rulesets.plain(rules);
    String sets = IptablesRenderer.ipsetRestore(ours);
    List<Path> files = new ArrayList<>();
    try {
      Path oursNft = write(files, dir.resolve("ours.nft"), nft.render(ours));
      Path plainNft = write(files, dir.resolve("plain.nft"), nft.render(plain));
      Path oursIpt = write(files, dir.resolve("ours.v4"), iptables.render(ours));
      Path plainIpt = write(files, dir.resolve("plain.v4"), iptables.render(plain));
      Path warmNft = write(files, dir.resolve("warm.nft"), nft.render(Rulesets.plain(100)));
      Path warmIpt = write(files, dir.resolve("warm.v4"), iptables.render(Rulesets.plain(100)));
      List<Load> loads = new ArrayList<>();
      load(lab, "nft", warmNft, "");
      loads.add(alternate(lab, "nft -f", "nft", rules, runs, oursNft, sets, plainNft, false));
      for (String restore : RESTORES) {
        if (installed(restore)) {
          load(lab, restore, warmIpt, "");
          loads.add(alternate(lab, restore, restore, rules, runs, oursIpt, sets, plainIpt, true));
        }
      }
      return loads;
    } finally {
      for (Path f : files) {
        Files.deleteIfExists(f);
      }
      Files.delete(dir);
    }
  }

  private static Path write(List<Path> files, Path file, String text) throws IOException {
    files.add(file);
    return Files.writeString(file, text);
  }

  private static Load alternate(
      KernelLab lab,
      String name,
      String tool,
      int rules,
      int runs,
      Path ours,
      String sets,
      Path plain,
      boolean withSets) {
    List<Double> oursSeconds = new ArrayList<>();
    List<Double> plainSeconds = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      plainSeconds.add(load(lab, tool, plain, ""));
      oursSeconds.add(load(lab, tool, ours, withSets ? sets : ""));
    }
    return new Load(name, rules, List.copyOf(oursSeconds), List.copyOf(plainSeconds));
  }

  /**
   * The seconds {@code tool} takes to load {@code file} in a fresh namespace of {@code lab}, after
   * {@code ipset restore} of {@code sets} when not empty; the namespace is emptied afterwards, so
   * the lab's namespaces do not each hold a whole ruleset until it closes.
   */
  private static double load(KernelLab lab, String tool, Path file, String sets) {
    Netns ns = lab.namespace("load");
    if (!sets.isEmpty()) {
      ns.runWithInput(sets, "ipset", "restore");
    }
    String[] argv =
        tool.equals("nft")
            ? new String[] {"nft", "-f", file.toString()}
            : new String[] {tool, file.toString()};
    long start = System.nanoTime();
    ns.run(argv);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (tool.startsWith("iptables-legacy")) {
      ns.run("iptables-legacy", "-F");
      ns.run("iptables-legacy", "-X");
    } else {
      ns.run("nft", "flush", "ruleset");
    }
    return seconds;
  }

  private static boolean installed(String tool) {
    return List.of("/usr/sbin/", "/sbin/", "/usr/bin/", "/bin/").stream()
        .anyMatch(d -> Files.isExecutable(Path.of(d + tool)));
  }
}
