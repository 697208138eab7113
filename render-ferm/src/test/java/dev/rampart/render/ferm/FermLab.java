package dev.rampart.render.ferm;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableMap;
import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Ruleset;
import dev.rampart.render.iptables.IptablesRenderer;
import dev.rampart.testing.ExecResult;
import dev.rampart.testing.FermLines;
import dev.rampart.testing.Netns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/** Runs ferm on rendered files inside a namespace, and loads the iptables renderer beside it. */
final class FermLab {
  private FermLab() {}

  /** Writes {@code files} into a new temporary directory and returns it. */
  static Path write(Map<String, String> files) {
    try {
      Path dir = Files.createTempDirectory("rampart-ferm");
      for (var e : files.entrySet()) {
        Path file = dir.resolve(e.getKey());
        Files.createDirectories(file.getParent());
        Files.writeString(file, e.getValue());
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a directory made by {@link #write}. */
  static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs {@code ferm --noexec --lines} on {@code conf} in {@code ns}; the result, whatever it is.
   */
  static ExecResult lines(Netns ns, String conf) {
    Path dir = write(ImmutableMap.of("ferm.conf", conf));
    try {
      return ns.exec("", "ferm", "--noexec", "--lines", dir.resolve("ferm.conf").toString());
    } finally {
      delete(dir);
    }
  }

  /** The commands ferm's {@code --lines} output shows outside the restore texts (the hooks). */
  static java.util.List<String> commands(String lines) {
    java.util.List<String> out = new java.util.ArrayList<>();
    boolean inTable = false;
    for (String line : lines.split("\n", -1)) {
      if (inTable || line.startsWith("*")) {
        inTable = !line.equals("COMMIT");
      } else if (!line.isEmpty() && !line.startsWith("#")) {
        out.add(line);
      }
    }
    return out;
  }

  /** Writes the bundle of {@code ruleset} and runs its {@code apply.sh} in {@code ns}. */
  static void apply(Netns ns, FermRenderer renderer, Ruleset ruleset) {
    ExecResult r = tryApply(ns, renderer, ruleset);
    assertThat(r.exitCode()).as("apply.sh: %s", r.stderr()).isZero();
  }

  /** Like {@link #apply}, returning the result of {@code apply.sh} whatever it is. */
  static ExecResult tryApply(Netns ns, FermRenderer renderer, Ruleset ruleset) {
    Path dir = write(renderer.bundle(ruleset).files());
    try {
      return ns.exec("", "sh", dir.resolve("apply.sh").toString());
    } finally {
      delete(dir);
    }
  }

  /**
   * The legacy save of {@code family} in {@code ns}, reduced to the declarations and rules of the
   * chains {@code ruleset} declares (comment lines and other chains dropped), per table: the
   * declarations in save order, then each chain's rules. Coexist mode's layout is folded back into
   * the built-in chains: the marked jump {@code -m comment --comment rampart -j RAMPART-INPUT} is
   * dropped and the rules of {@code RAMPART-INPUT} read as rules of {@code INPUT}, so that both
   * modes compare.
   */
  static String legacySave(Netns ns, Family family, Ruleset ruleset) {
    String save = ns.run(family == Family.IPV4 ? "iptables-legacy-save" : "ip6tables-legacy-save");
    StringBuilder out = new StringBuilder();
    java.util.Set<String> chains = java.util.Set.of();
    java.util.Map<String, StringBuilder> rules = new java.util.LinkedHashMap<>();
    java.util.regex.Pattern managed = java.util.regex.Pattern.compile("^-A RAMPART-(\\S+) ");
    for (String line : save.split("\n")) {
      if (line.startsWith("*")) {
        String table = line.substring(1);
        chains =
            ruleset.tables().stream()
                .filter(t -> t.name().label().equals(table))
                .flatMap(t -> t.chains().stream())
                .map(dev.rampart.core.Chain::name)
                .collect(java.util.stream.Collectors.toSet());
        if (!chains.isEmpty()) {
          out.append(line).append('\n');
        }
      } else if (line.equals("COMMIT")) {
        rules.values().forEach(out::append);
        rules.clear();
      } else if (line.startsWith(":") || line.startsWith("-A ")) {
        if (line.contains(" -m comment --comment rampart -j RAMPART-")) {
          continue;
        }
        java.util.regex.Matcher m = managed.matcher(line);
        String folded = m.find() ? "-A " + m.group(1) + " " + line.substring(m.end()) : line;
        String chain = folded.substring(folded.startsWith(":") ? 1 : 3).split(" ")[0];
        if (!chains.contains(chain)) {
          continue;
        }
        if (folded.startsWith(":")) {
          out.append(folded).append('\n');
          rules.put(chain, new StringBuilder());
        } else {
          rules.computeIfAbsent(chain, c -> new StringBuilder()).append(folded).append('\n');
        }
      }
    }
    return out.toString();
  }

  /** Empties every legacy table of both families in {@code ns}: built-in chains ACCEPT. */
  static void resetLegacy(Netns ns) {
    for (String tool : java.util.List.of("iptables-legacy-restore", "ip6tables-legacy-restore")) {
      StringBuilder text = new StringBuilder();
      for (dev.rampart.core.TableName t : dev.rampart.core.TableName.values()) {
        text.append('*').append(t.label()).append('\n');
        t.builtinChains().forEach(c -> text.append(':').append(c).append(" ACCEPT [0:0]\n"));
        text.append("COMMIT\n");
      }
      ns.runWithInput(text.toString(), tool);
    }
  }

  /** Loads what ferm would load for {@code ruleset} into {@code ns} with the nft tools. */
  static void loadFerm(Netns ns, FermRenderer renderer, Ruleset ruleset) {
    ImmutableMap<String, String> bundle = renderer.bundle(ruleset).files();
    if (bundle.containsKey("ipset.rules")) {
      ns.runWithInput(bundle.get("ipset.rules"), "ipset", "restore", "-exist");
    }
    ExecResult result = lines(ns, renderer.render(ruleset));
    assertThat(result.exitCode()).as("ferm --lines: %s", result.stderr()).isZero();
    Map<Family, String> texts = FermLines.restoreTexts(result.stdout());
    for (Family f : Family.values()) {
      if (texts.containsKey(f)) {
        ns.runWithInput(texts.get(f), f == Family.IPV4 ? "iptables-restore" : "ip6tables-restore");
      }
    }
  }

  /** Loads the iptables renderer's own-mode output for {@code ruleset} into {@code ns}. */
  static void loadIptables(Netns ns, Ruleset original) {
    Ruleset ruleset = Rulesets.expandLists(original);
    if (!ruleset.sets().isEmpty()) {
      ns.runWithInput(IptablesRenderer.ipsetRestore(ruleset), "ipset", "restore", "-exist");
    }
    ns.runWithInput(IptablesRenderer.of(RenderMode.OWN).render(ruleset), "iptables-restore");
    ns.runWithInput(
        IptablesRenderer.builder().family(Family.IPV6).mode(RenderMode.OWN).build().render(ruleset),
        "ip6tables-restore");
  }
}
