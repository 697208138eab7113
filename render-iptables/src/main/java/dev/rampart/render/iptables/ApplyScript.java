package dev.rampart.render.iptables;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.internal.ApplyFrame;
import dev.rampart.core.internal.CoexistMerge;

/**
 * Writes the POSIX shell script that applies a bundle ({@code coexist.v4}, {@code coexist.v6} or
 * {@code own.v4}, {@code own.v6}, and {@code ipset.rules}): the shared {@link ApplyFrame} (lock,
 * MANIFEST check, address sets put back when a step fails, {@code --confirm} rollback) around the
 * commands below, which read the checked copy of the bundle. Every word that comes from the model
 * is single-quoted. The restore files are named after the mode, never {@code rules.v4} / {@code
 * rules.v6} (netfilter-persistent's names) or {@code iptables.rules} (Arch's {@code
 * iptables.service}): loaded alone, by such a tool at boot, they are not the firewall.
 *
 * <p>Coexist mode: {@code ipset restore -exist}, then per family ONE {@code iptables-restore
 * --noflush -w SECONDS} transaction whose input the script computes from what the host holds
 * ({@code iptables-save}) and the bundle's {@code coexist.v4} / {@code coexist.v6} (see {@link
 * RestoreWriter}), which are that computation's input, not loadable files, with core's {@link
 * CoexistMerge#PROGRAM}: every marked jump of ours in a built-in chain is deleted (duplicates
 * included) before the one of the new policy is inserted, the chains the registry lists that the
 * new policy no longer has are flushed and deleted ({@code DOCKER-USER} only flushed), the built-in
 * policies the new policy no longer sets get back the value they had before Rampart set them, and
 * the registry records the policies it sets. Both inputs are checked with {@code --test} before
 * either is loaded. A failing step exits 1 and says what failed; a failed transaction changes
 * nothing in its family. Applying P1, ..., Pn leaves what applying Pn alone leaves.
 *
 * <p>Own mode: {@code ipset restore -exist}, then per family a full {@code iptables-restore} of
 * {@code own.v4} / {@code own.v6}, both tested first, IPv4 put back when IPv6 fails, as above.
 *
 * <p>Either mode: when a step fails, the frame puts the sets {@code ipset.rules} touches back as
 * they were (their rules never changed, or were put back), so a failed apply leaves {@code ipset
 * save} as it found it.
 */
final class ApplyScript {
  /** Seconds every iptables command waits for the xtables lock before it fails. */
  static final int WAIT_SECONDS = 10;

  private ApplyScript() {}

  /** One family's input to the script: whether its restore file has content. */
  record FamilyPart(Family family, boolean hasRestore) {}

  /** The systemd units of the bundle, by file name. */
  static ImmutableMap<String, String> units() {
    return ApplyFrame.builder("iptables").build().units();
  }

  static String write(RenderMode mode, boolean hasSets, FamilyPart v4, FamilyPart v6) {
    ApplyFrame.Builder frame =
        ApplyFrame.builder("iptables")
            .describe(
                "Loads "
                    + file(mode, Family.IPV4)
                    + ", "
                    + file(mode, Family.IPV6)
                    + " and ipset.rules ("
                    + (mode == RenderMode.OWN ? "own" : "coexist")
                    + " mode).")
            .iptables(true)
            .ipsets(hasSets)
            .setsBackOnFailure(true);
    if (mode == RenderMode.COEXIST) {
      frame.describe(
          "Docker's chains are left alone; the host ends up holding what this policy alone gives,");
      frame.describe("whatever earlier policies were applied; running it again changes nothing.");
    }
    return frame.build().script(body(mode, hasSets, v4, v6));
  }

  /** The commands the frame wraps; they read the bundle's files from the working directory. */
  private static String body(RenderMode mode, boolean hasSets, FamilyPart v4, FamilyPart v6) {
    StringBuilder out = new StringBuilder();
    if (mode == RenderMode.COEXIST) {
      coexist(out, hasSets);
    } else {
      own(out, hasSets, v4, v6);
    }
    transaction(out, mode);
    return out.toString();
  }

  /** Own mode: the inputs are the bundle's whole tables ({@code own.v4}, {@code own.v6}). */
  private static void own(StringBuilder out, boolean hasSets, FamilyPart v4, FamilyPart v6) {
    out.append("fail() { echo \"apply.sh: $*\" >&2; exit 1; }\n");
    if (hasSets) {
      out.append("ipset restore -exist < ipset.rules")
          .append(" || fail \"ipset restore failed: no rule changed\"\n");
    }
    for (FamilyPart part : ImmutableList.of(v4, v6)) {
      Family family = part.family();
      save(out, family);
      out.append(input(family)).append('=');
      if (part.hasRestore()) {
        out.append("$(cat ").append(file(RenderMode.OWN, family)).append(')');
      }
      out.append('\n');
    }
  }

  /** {@code saveN=$(iptables-save)}: what the family holds, put back if the other family fails. */
  private static void save(StringBuilder out, Family family) {
    String cmd = command(family);
    out.append("save").append(family == Family.IPV4 ? "4" : "6").append("=$(").append(cmd);
    out.append("-save) || fail \"").append(cmd);
    out.append("-save failed: no rule changed\"\n");
  }

  private static void coexist(StringBuilder out, boolean hasSets) {
    out.append("fail() { echo \"apply.sh: $*\" >&2; exit 1; }\n");
    out.append("merge() {\n  awk ")
        .append(CoexistMerge.VARIABLES)
        .append(" '\n")
        .append(CoexistMerge.PROGRAM.indent(4))
        .append("  ' \"$1\" -\n}\n");
    if (hasSets) {
      out.append("ipset restore -exist < ipset.rules")
          .append(" || fail \"ipset restore failed: no rule changed\"\n");
    }
    for (Family family : Family.values()) {
      String cmd = command(family);
      String in = input(family);
      save(out, family);
      out.append(in).append("=$(printf '%s\\n' \"$save").append(family == Family.IPV4 ? "4" : "6");
      out.append("\" | merge ").append(file(RenderMode.COEXIST, family));
      out.append(") || fail \"cannot compute the ").append(cmd).append(" transaction\"\n");
    }
  }

  /**
   * Both families' inputs ({@code $in4}, {@code $in6}) tested, then loaded, IPv4 first; when IPv6
   * fails, IPv4 gets back what it held ({@code $save4}).
   */
  private static void transaction(StringBuilder out, RenderMode mode) {
    String noflush = mode == RenderMode.COEXIST ? "--noflush " : "";
    for (Family family : Family.values()) {
      String cmd = command(family);
      out.append("[ -z \"$").append(input(family)).append("\" ] || printf '%s\\n' \"$");
      out.append(input(family)).append("\" | ").append(cmd).append("-restore ").append(noflush);
      out.append("--test -w ")
          .append(WAIT_SECONDS)
          .append(" || fail \"")
          .append(file(mode, family));
      out.append(" refused by ").append(cmd).append("-restore --test: no rule changed\"\n");
    }
    out.append("[ -z \"$in4\" ] || printf '%s\\n' \"$in4\" | iptables-restore ")
        .append(noflush)
        .append("-w ")
        .append(WAIT_SECONDS)
        .append(" || fail \"iptables-restore failed: no rule changed\"\n");
    out.append("if [ -n \"$in6\" ] && ! printf '%s\\n' \"$in6\" | ip6tables-restore ")
        .append(noflush)
        .append("-w ")
        .append(WAIT_SECONDS)
        .append("; then\n");
    out.append("  [ -z \"$in4\" ] || printf '%s\\n' \"$save4\" | iptables-restore -w ")
        .append(WAIT_SECONDS)
        .append(" || fail \"ip6tables-restore failed, and so did putting the IPv4 rules back:")
        .append(" IPv4 holds the new policy, IPv6 the old one\"\n");
    out.append("  fail \"ip6tables-restore failed: no rule changed (IPv4 rules put back)\"\n");
    out.append("fi\n");
  }

  private static String input(Family family) {
    return family == Family.IPV4 ? "in4" : "in6";
  }

  /**
   * The bundle's restore file of {@code family} in {@code mode}: {@code coexist.v4}, {@code
   * coexist.v6}, {@code own.v4} or {@code own.v6}.
   */
  static String file(RenderMode mode, Family family) {
    return (mode == RenderMode.OWN ? "own" : "coexist") + (family == Family.IPV4 ? ".v4" : ".v6");
  }

  private static String command(Family family) {
    return family == Family.IPV4 ? "iptables" : "ip6tables";
  }
}
