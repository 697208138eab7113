package dev.rampart.render.ferm;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Chain;
import dev.rampart.core.Coexist;
import dev.rampart.core.Family;
import dev.rampart.core.Ruleset;
import dev.rampart.core.Table;
import dev.rampart.core.TableName;
import dev.rampart.core.internal.CoexistMerge;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code @hook post} commands of coexist mode, one per family. ferm keeps the built-in chains
 * as they are ({@code @preserve}: Docker's rules and our marked jump survive) and writes our rules
 * of each built-in chain into the managed chain {@code RAMPART-<chain>}, which it flushes and
 * refills like every chain it owns. After ferm has loaded both domains, each hook runs ONE {@code
 * iptables-restore --noflush} transaction computed from {@code iptables-save} by core's {@link
 * CoexistMerge} program, as the iptables backend's {@code apply.sh} does: every marked jump of ours
 * is deleted (duplicates included) and one is inserted at position 1 of each built-in chain whose
 * managed chain has rules in that family, the managed chains no built-in chain jumps to any more
 * are deleted, and the built-in policies are set, or restored to what they were before Rampart set
 * them (recorded in the registry chain {@value Coexist#REGISTRY}, which ferm preserves). The
 * registry also records {@code DOCKER-USER} while ferm writes it ({@link #own}), so that a later
 * policy without it flushes Docker's and deletes one ferm created. A failed transaction changes
 * nothing: INPUT never gets DROP without its jump. A managed chain the new policy does not use is
 * kept by ferm as it is ({@link Preserves#unusedManagedChains}), so between ferm's load and the
 * hook a built-in chain still holding an earlier policy's jump and DROP policy still has that
 * policy's accepts; the hook's transaction removes jump and chain and puts the policy back at once.
 * The hooks call the tools ferm itself uses: ferm looks for {@code iptables-legacy} (resp. {@code
 * ip6tables-legacy}) in {@code /usr/sbin}, {@code /sbin} and then {@code PATH}, and only then for
 * {@code iptables}; the variables {@code $RAMPART_IPTABLES} and {@code $RAMPART_IP6TABLES} do the
 * same lookup in the shell that runs the hook.
 */
final class Hooks {
  /** What a failed hook writes to file descriptor 3, one line per failure. */
  static final String FAILED = "rampart-hook-failed";

  /** Seconds {@code iptables-restore} waits for the xtables lock before it fails. */
  static final int WAIT_SECONDS = 10;

  /** The ferm variable holding {@link CoexistMerge#withLeftovers()} on one line. */
  private static final String MERGE = "$RAMPART_MERGE";

  /**
   * Per family and table: the shell words of the transaction lines of our text (jumps, policies,
   * {@code OWNED} records).
   */
  private final Map<Family, Map<TableName, List<String>>> text = new EnumMap<>(Family.class);

  /** The chains of the Docker layout that ferm writes ({@code DOCKER-USER}), per table. */
  private final Map<TableName, List<String>> owned = new LinkedHashMap<>();

  /** Adds the marked jump and the policy of the built-in {@code chain} of {@code table}. */
  void add(Ruleset ruleset, Table table, Chain chain) {
    for (Family family : Family.values()) {
      List<String> lines = new ArrayList<>();
      boolean rules = chain.rules().stream().anyMatch(r -> ruleset.familiesOf(r).contains(family));
      if (rules) {
        lines.add(
            "-I "
                + chain.name()
                + " 1 -m comment --comment "
                + Coexist.MARK
                + " -j "
                + Coexist.chainFor(chain.name()));
      }
      chain
          .policyFor(family)
          .ifPresent(p -> lines.add(":" + chain.name() + " " + p.name() + " [0:0]"));
      if (!lines.isEmpty()) {
        lines.forEach(l -> words(family, table.name()).add(FermText.shellWord(l)));
      }
    }
  }

  /**
   * Records in the registry that ferm writes {@code chain} of {@code table}, a chain of the Docker
   * layout the host may already have ({@code DOCKER-USER}): when a later policy no longer manages
   * it, ferm preserves it where the host has it and that policy's hook flushes it if the host had
   * it before ferm first wrote it (Docker's), else deletes it. Whether the host had it is asked
   * when ferm reads its configuration ({@link HostChains#kindVariable}); the registry's record wins
   * once there is one.
   */
  void own(TableName table, String chain) {
    owned.computeIfAbsent(table, t -> new ArrayList<>()).add(chain);
    for (Family family : Family.values()) {
      words(family, table)
          .add(
              FermText.shellWord("OWNED " + chain + " ")
                  + HostChains.kindVariable(family, table, chain));
    }
  }

  /** The {@link HostChains#kindDefinition}s of the chains {@link #own} recorded. */
  ImmutableList<String> kindDefinitions() {
    ImmutableList.Builder<String> out = ImmutableList.builder();
    owned.forEach(
        (table, chains) -> {
          for (String chain : chains) {
            for (Family family : Family.values()) {
              out.add(HostChains.kindDefinition(family, table, chain));
            }
          }
        });
    return out.build();
  }

  private List<String> words(Family family, TableName table) {
    return text.computeIfAbsent(family, f -> new LinkedHashMap<>())
        .computeIfAbsent(table, t -> new ArrayList<>());
  }

  /** The {@code @def} lines the hooks use, with their comment. */
  static ImmutableList<String> definitions() {
    ImmutableList.Builder<String> out = ImmutableList.builder();
    out.add("# The tools the hooks below call: the ones ferm itself uses (iptables-legacy when");
    out.add("# installed, looked up in /usr/sbin, /sbin, then PATH; else iptables).");
    for (Family family : Family.values()) {
      String name = family == Family.IPV4 ? "iptables" : "ip6tables";
      out.add(
          "@def "
              + tool(family)
              + " = \"$(PATH=/usr/sbin:/sbin:${PATH}; command -v "
              + name
              + "-legacy || command -v "
              + name
              + ")\";");
    }
    out.add("# The awk program that computes each hook's iptables-restore transaction.");
    out.add("@def " + MERGE + " = '" + CoexistMerge.oneLine(CoexistMerge.withLeftovers()) + "';");
    return out.build();
  }

  /** The hooks with their comment, IPv4 first. */
  ImmutableList<String> lines() {
    ImmutableList.Builder<String> out = ImmutableList.builder();
    out.add("# The built-in chains, kept as they are: in one iptables-restore transaction per");
    out.add("# family, each holds exactly one marked jump into its chain RAMPART-<chain> when");
    out.add("# that chain has rules, unused RAMPART-<chain> chains go, and the policies are set");
    out.add("# or put back as they were before Rampart set them (registry RAMPART-OWNED).");
    for (Family family : Family.values()) {
      out.add(hook("post", "post " + label(family), command(family)));
    }
    return out.build();
  }

  private String command(Family family) {
    List<String> words = new ArrayList<>();
    text.getOrDefault(family, Map.of())
        .forEach(
            (table, lines) -> {
              words.add(FermText.shellWord("*" + table.label()));
              words.add(FermText.shellWord(":" + Coexist.REGISTRY + " - [0:0]"));
              words.addAll(lines);
              words.add("COMMIT");
            });
    String ours =
        words.isEmpty()
            ? ": > ${f}/ours"
            : "printf '%s\\n' " + String.join(" ", words) + " > ${f}/ours";
    String tool = tool(family);
    return "f=$(TMPDIR=/tmp mktemp -d) && { "
        + ours
        + " && "
        + tool
        + "-save > ${f}/save && awk "
        + CoexistMerge.VARIABLES
        + " '"
        + MERGE
        + "' ${f}/ours - < ${f}/save > ${f}/in && "
        + tool
        + "-restore --noflush -w "
        + WAIT_SECONDS
        + " < ${f}/in; s=$?; rm -rf ${f}; [ ${s} = 0 ]; }";
  }

  /**
   * The {@code @hook} statement ({@code when}: {@code pre}, {@code post}) running {@code command},
   * which reports its failure on file descriptor 3 as a line {@code LABEL rampart-hook-failed}:
   * ferm ignores the exit status of hooks, and {@code apply.sh} reads that descriptor to fail, and
   * say which hook failed, when one did. {@code command} is made of plain or single-quoted shell
   * words, ferm variables and {@code ${name}} shell variables only; {@code label} of letters,
   * digits and spaces.
   */
  static String hook(String when, String label, String command) {
    return "@hook " + when + " \"" + command + " || echo " + label + " " + FAILED + " >&3\";";
  }

  private static String label(Family family) {
    return family == Family.IPV4 ? "ipv4" : "ipv6";
  }

  private static String tool(Family family) {
    return family == Family.IPV4 ? "$RAMPART_IPTABLES" : "$RAMPART_IP6TABLES";
  }
}
