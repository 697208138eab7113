package dev.rampart.samples;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.Maps;
import dev.rampart.core.Bundle;
import dev.rampart.core.Ruleset;
import dev.rampart.testing.DockerDump;
import dev.rampart.testing.ExecResult;
import dev.rampart.testing.Fixtures;
import dev.rampart.testing.Netns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the apply-script kernel tests ({@link ApplyKernelTest}) share: the backends as a {@code
 * MethodSource}, each backend's bundle (rendered once), a node with Docker's rules in the flavour a
 * backend uses, a bundle written to disk, runs of its {@code apply.sh} with the node's own run
 * directory ({@code RAMPART_RUN_DIR}, {@link Netns#runDir()}: never the machine's {@code
 * /run/rampart}), and the state the scripts touch read back.
 *
 * <pre>{@code
 * @ApplyKernelTest
 * class FooKernelTest {
 *   @ParameterizedTest
 *   @MethodSource("dev.rampart.samples.ApplyRuns#backends")
 *   void applies(String backend, KernelLab lab, @TempDir Path dir) {
 *     Netns node = ApplyRuns.dockerNode(lab, backend);
 *     ExecResult r = ApplyRuns.apply(node, ApplyRuns.write(backend, dir));
 *   }
 * }
 * }</pre>
 */
final class ApplyRuns {
  /** The policy every test applies: a swarm manager with a set, FILTERS, DOCKER-USER. */
  static final Ruleset POLICY = Scenarios.named("swarm-manager").orElseThrow().ruleset();

  /** Each backend's bundle of {@link #POLICY}, rendered once for every test. */
  private static final ImmutableMap<String, Bundle> BUNDLES =
      ImmutableMap.copyOf(Maps.transformValues(Backends.bundles(), r -> r.bundle(POLICY)));

  /** The three backends of the {@code bundle} command, as its directory names. */
  static List<String> backends() {
    return List.copyOf(Backends.bundles().keySet());
  }

  private ApplyRuns() {}

  /** The bundle {@code bundle} writes for {@code backend}. */
  static Bundle bundle(String backend) {
    return BUNDLES.get(backend);
  }

  /** Writes {@link #bundle(String) backend's bundle} under {@code dir} and returns apply.sh. */
  static Path write(String backend, Path dir) {
    return write(bundle(backend).files(), dir);
  }

  /** The iptables binary Docker and the backend share: ferm drives iptables-legacy. */
  static String flavour(String backend) {
    return backend.equals("ferm") ? "iptables-legacy" : "iptables";
  }

  /** A namespace holding Docker's swarm rules (Docker 28) in the backend's flavour. */
  static Netns dockerNode(dev.rampart.testing.KernelLab lab, String backend) {
    Netns node = lab.namespace(backend.substring(0, 3) + "-node");
    node.runWithInput(
        DockerDump.toRestore(Fixtures.read("docker/swarm-portmap-28-S.txt")),
        flavour(backend) + "-restore");
    return node;
  }

  /** Writes {@code files} under {@code dir} ({@code *.sh} executable) and returns apply.sh. */
  static Path write(Map<String, String> files, Path dir) {
    try {
      for (Map.Entry<String, String> f : files.entrySet()) {
        Path file = dir.resolve(f.getKey());
        Files.createDirectories(file.getParent());
        Files.writeString(file, f.getValue(), StandardCharsets.UTF_8);
        if (f.getKey().endsWith(".sh")) {
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir.resolve("apply.sh");
  }

  /**
   * Runs {@code sh SCRIPT ARGS...} in {@code node}, whose commands have its own {@code
   * RAMPART_RUN_DIR} ({@link Netns#runDir()}).
   */
  static ExecResult apply(Netns node, Path script, String... args) {
    List<String> argv = new ArrayList<>(List.of("sh", script.toString()));
    argv.addAll(List.of(args));
    return node.exec("", argv.toArray(new String[0]));
  }

  /**
   * Everything an apply script may change, as the tools print it: iptables and ip6tables of both
   * flavours (without {@code #} lines), the ipsets (lines sorted: a set has no order; without the
   * hash seed {@code initval} each new set draws) and nft's {@code inet} tables.
   */
  static ImmutableMap<String, String> state(Netns node) {
    ImmutableMap.Builder<String, String> out = ImmutableMap.builder();
    for (String tool :
        List.of(
            "iptables-legacy-save",
            "ip6tables-legacy-save",
            "iptables-nft-save",
            "ip6tables-nft-save")) {
      out.put(
          tool,
          Splitter.on('\n')
              .splitToStream(node.run(tool))
              .filter(l -> !l.startsWith("#"))
              .collect(Collectors.joining("\n")));
    }
    out.put(
        "ipset save",
        Splitter.on('\n')
            .omitEmptyStrings()
            .splitToStream(node.run("ipset", "save"))
            .map(l -> l.replaceAll(" initval 0x[0-9a-f]+", "")) // a new set's random hash seed
            .sorted()
            .collect(Collectors.joining("\n")));
    out.put("nft list tables inet", node.run("nft", "list", "tables", "inet"));
    for (String table :
        Splitter.on('\n').omitEmptyStrings().split(node.run("nft", "list", "tables", "inet"))) {
      String name = table.substring("table inet ".length());
      out.put("nft " + name, node.run("nft", "list", "table", "inet", name));
    }
    return out.build();
  }

  /**
   * Our jumps from INPUT: the iptables backend's marked jump {@code -A INPUT ... -j RAMPART-INPUT}
   * (its layout, see {@code dev.rampart.core.Coexist}) or ferm's {@code -A INPUT ... -j FILTERS},
   * in the backend's flavour (both families), or {@code jump FILTERS ...} in nft's table {@code
   * rampart}.
   */
  static long inputJumps(Netns node, String backend) {
    String text;
    if (backend.equals("nftables")) {
      text = node.run("nft", "list", "table", "inet", "rampart");
    } else {
      String six = flavour(backend).replace("iptables", "ip6tables");
      text =
          node.run(flavour(backend) + "-save", "-t", "filter")
              + node.run(six + "-save", "-t", "filter");
    }
    return Splitter.on('\n')
        .trimResults()
        .splitToStream(text)
        .filter(
            l ->
                (l.startsWith("-A INPUT ")
                        && (l.endsWith(" -j FILTERS") || l.endsWith(" -j RAMPART-INPUT")))
                    || l.startsWith("jump FILTERS"))
        .count();
  }

  /**
   * Docker's rules reloaded as a restart of Docker rewrites them: the filter table of both families
   * emptied (rules, user chains, policies ACCEPT), then {@code dumps} restored whole.
   */
  static void reloadDocker(Netns node, ImmutableMap<String, String> dumps) {
    dumps.forEach(
        (binary, dump) -> {
          node.run(binary, "-t", "filter", "-F");
          node.run(binary, "-t", "filter", "-X");
          for (String chain : List.of("INPUT", "FORWARD", "OUTPUT")) {
            node.run(binary, "-t", "filter", "-P", chain, "ACCEPT");
          }
          node.runWithInput(dump, binary + "-restore");
        });
  }

  /** What {@link #reset} restores: the backend flavour's dumps, both families. */
  static ImmutableMap<String, String> dumps(Netns node, String backend) {
    String six = flavour(backend).replace("iptables", "ip6tables");
    return ImmutableMap.of(
        flavour(backend), node.run(flavour(backend) + "-save"), six, node.run(six + "-save"));
  }

  /**
   * Puts {@code node} back to {@code dumps} (iptables-restore of whole tables), then destroys every
   * ipset and deletes every nft {@code inet} table: the node as Docker left it, without the tools
   * under test.
   */
  static void reset(Netns node, ImmutableMap<String, String> dumps) {
    reloadDocker(node, dumps);
    node.run("ipset", "destroy");
    for (String table :
        Splitter.on('\n').omitEmptyStrings().split(node.run("nft", "list", "tables", "inet"))) {
      node.run("nft", "delete", "table", "inet", table.substring("table inet ".length()));
    }
  }
}
