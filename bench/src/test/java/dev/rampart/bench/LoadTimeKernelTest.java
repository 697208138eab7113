package dev.rampart.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Ruleset;
import dev.rampart.render.iptables.IptablesRenderer;
import dev.rampart.render.nftables.DockerBackend;
import dev.rampart.render.nftables.NftablesRenderer;
import dev.rampart.testing.KernelLab;
import dev.rampart.testing.KernelTest;
import dev.rampart.testing.Netns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * How long the kernel takes to load our output of {@link Rulesets#realistic} (10k and 100k rules)
 * against a plain file of the same rule count and shape without lists or sets ({@link
 * Rulesets#plain}): {@code nft -f} of the nftables rendering, {@code iptables-restore} (legacy and
 * nft flavours, where installed) of the iptables rendering after its {@code ipset restore}. Prints
 * one table; asserts that {@code nft -f} of ours takes less than twice the plain file.
 *
 * <p>A measurement, minutes long: runs only with {@code -Drampart.scale=true}, e.g. {@code ./mvnw
 * -B -pl bench -am verify -Dtest=LoadTimeKernelTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Drampart.scale=true}.
 */
@KernelTest(tools = {"ip", "nft", "ipset"})
class LoadTimeKernelTest {
  private static final List<Integer> SIZES = List.of(10_000, 100_000);

  private record Row(int rules, String tool, double ours, double plain) {
    String text() {
      return String.format(
          Locale.ROOT,
          "| %,d | %s | %.2f s | %.2f s | %.2f |",
          rules,
          tool,
          ours,
          plain,
          ours / plain);
    }
  }

  /**
   * The least seconds {@code argv} takes, reading {@code file}, in {@code runs} fresh namespaces
   * (each run after a first load of the same kind, so no run pays for loading kernel modules).
   */
  private double seconds(KernelLab lab, int runs, Path file, String... argv) {
    List<String> command = new ArrayList<>(List.of(argv));
    command.add(file.toString());
    double best = Double.MAX_VALUE;
    for (int i = 0; i < runs; i++) {
      Netns ns = lab.namespace("l" + namespaces++);
      long start = System.nanoTime();
      ns.run(command.toArray(String[]::new));
      best = Math.min(best, (System.nanoTime() - start) / 1e9);
      flush(ns, argv[0]);
    }
    return best;
  }

  private int namespaces;

  /** The least seconds {@code restore} of our file takes after the ipset restore of its sets. */
  private double restoreWithSets(KernelLab lab, int runs, Ruleset ours, Path file, String restore) {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < runs; i++) {
      Netns ns = lab.namespace("l" + namespaces++);
      ns.runWithInput(IptablesRenderer.ipsetRestore(ours), "ipset", "restore");
      long start = System.nanoTime();
      ns.run(restore, file.toString());
      best = Math.min(best, (System.nanoTime() - start) / 1e9);
      flush(ns, restore);
    }
    return best;
  }

  /** Empties the namespace's tables, so the lab's namespaces do not hold 100k rules each. */
  private static void flush(Netns ns, String tool) {
    if (tool.startsWith("iptables-legacy")) {
      ns.run("iptables-legacy", "-F");
      ns.run("iptables-legacy", "-X");
    } else {
      ns.run("nft", "flush", "ruleset");
    }
  }

  private static Ruleset plain(int rules) {
    return Rulesets.plain(rules);
  }

  private static boolean installed(String tool) {
    return List.of("/usr/sbin/", "/sbin/", "/usr/bin/").stream()
        .anyMatch(d -> Files.isExecutable(Path.of(d + tool)));
  }

  @Test
  void nftLoadsOurOutputWithinTwiceAPlainFileOfTheSameRules(KernelLab lab) throws Exception {
    assumeTrue(
        Boolean.getBoolean("rampart.scale"),
        "a measurement of minutes: run with -Drampart.scale=true");
    Path dir = Files.createTempDirectory("rampart-load");
    NftablesRenderer nft = NftablesRenderer.builder().docker(DockerBackend.NONE).build();
    IptablesRenderer iptables =
        IptablesRenderer.builder().family(Family.IPV4).mode(RenderMode.OWN).build();
    List<Row> rows = new ArrayList<>();
    try {
      for (int size : SIZES) {
        int runs = size <= 10_000 ? 3 : 1;
        Ruleset ours = Rulesets.realistic(size);
        Ruleset plain = Rulesets.plain(size);
        Path oursNft = Files.writeString(dir.resolve("ours.nft"), nft.render(ours));
        Path plainNft = Files.writeString(dir.resolve("plain.nft"), nft.render(plain));
        seconds(
            lab,
            1,
            Files.writeString(dir.resolve("warm.nft"), nft.render(plain(100))),
            "nft",
            "-f");
        double plainSeconds = seconds(lab, runs, plainNft, "nft", "-f");
        rows.add(new Row(size, "nft -f", seconds(lab, runs, oursNft, "nft", "-f"), plainSeconds));
        Path oursIpt = Files.writeString(dir.resolve("ours.v4"), iptables.render(ours));
        Path plainIpt = Files.writeString(dir.resolve("plain.v4"), iptables.render(plain));
        for (String restore : List.of("iptables-legacy-restore", "iptables-nft-restore")) {
          if (installed(restore)) {
            double plainRestore = seconds(lab, runs, plainIpt, restore);
            rows.add(
                new Row(
                    size,
                    restore,
                    restoreWithSets(lab, runs, ours, oursIpt, restore),
                    plainRestore));
          }
        }
      }
    } finally {
      for (String f : List.of("ours.nft", "plain.nft", "warm.nft", "ours.v4", "plain.v4")) {
        Files.deleteIfExists(dir.resolve(f));
      }
      Files.delete(dir);
    }
    System.out.println("| rules | load | ours | plain file | ratio |");
    System.out.println("| ---: | --- | ---: | ---: | ---: |");
    rows.forEach(r -> System.out.println(r.text()));
    assertThat(rows)
        .filteredOn(r -> r.tool().equals("nft -f"))
        .allSatisfy(r -> assertThat(r.ours() / r.plain()).as(r.text()).isLessThan(2));
  }
}
