package dev.rampart.render.ferm;

import com.google.common.collect.ImmutableMap;
import dev.rampart.core.internal.ApplyFrame;

/**
 * The POSIX {@code apply.sh} of a ferm bundle: ipset restore, then ferm, inside core's {@link
 * ApplyFrame} (lock, manifest check, {@code --confirm} rollback). Safe to run again. Paths reach
 * commands only as quoted shell variables, never as text of ferm.conf. It fails (status 1, a line
 * saying which step or hook) when ipset, ferm or one of ferm.conf's hooks fails: ferm ignores the
 * exit status of hooks, so every hook reports its failure on file descriptor 3 (see {@link
 * Hooks#hook}), which the script reads. A failure may come after ferm loaded a family's tables and
 * after ipset changed the sets, so the frame saves the whole state first (iptables-save of both
 * families and flavours, every set) and restores it exactly when a step fails ({@link
 * ApplyFrame.Builder#restoresOnFailure}). Its arguments are passed on to ferm (e.g. {@code --def}).
 */
final class ApplyScript {
  /**
   * Which iptables flavour ferm will use (iptables-legacy whenever installed, as ferm 2.5 looks it
   * up; else whatever {@code iptables} is) and where Docker's rules are: its jumps to {@code
   * DOCKER} from nat {@code PREROUTING} / {@code OUTPUT}, which only Docker writes (empty chains
   * named DOCKER prove nothing: ferm's {@code @preserve} creates them). When they are only in the
   * other flavour, ferm would neither see nor keep them: refuse unless {@code
   * RAMPART_FERM_ANY_FLAVOUR=1}.
   */
  private static final String FLAVOUR =
      """
      if (PATH=/usr/sbin:/sbin:$PATH; command -v iptables-legacy) >/dev/null 2>&1; then
        flavour=legacy
      elif iptables -V 2>/dev/null | grep -q nf_tables; then
        flavour=nft
      else
        flavour=legacy
      fi
      if [ "$flavour" = legacy ]; then other=nft; else other=legacy; fi
      docker_in() {
        (PATH=/usr/sbin:/sbin:$PATH; "iptables-$1-save") 2>/dev/null \\
          | grep -q -E -- '^-A (PREROUTING|OUTPUT) .*-j DOCKER( |$)'
      }
      if docker_in "$flavour"; then
        echo "apply.sh: note: ferm will use iptables-$flavour, where Docker's rules are" >&2
      elif docker_in "$other"; then
        if [ "${RAMPART_FERM_ANY_FLAVOUR:-}" != 1 ]; then
          echo "apply.sh: Docker's rules are in iptables-$other, but ferm will use \
      iptables-$flavour, where it would neither see nor keep them: make Docker and ferm use one \
      flavour (see the top of ferm.conf), or set RAMPART_FERM_ANY_FLAVOUR=1" >&2
          exit 1
        fi
        echo "apply.sh: warning: Docker's rules are in iptables-$other, but ferm will use \
      iptables-$flavour; going on (RAMPART_FERM_ANY_FLAVOUR=1)" >&2
      else
        echo "apply.sh: note: ferm will use iptables-$flavour; no Docker rules in either flavour" >&2
      fi
      """;

  private ApplyScript() {}

  /** The systemd units that run the script from {@code /etc/rampart/ferm}, by file name. */
  static ImmutableMap<String, String> units() {
    return ApplyFrame.builder("ferm").build().units();
  }

  /** The script; {@code withSets} adds the ipset step. */
  static String of(boolean withSets) {
    return ApplyFrame.builder("ferm")
        .describe(
            "Applies the ferm rules of this directory: "
                + (withSets ? "ipset restore, then ferm." : "ferm."))
        .describe(Header.EDIT)
        .describe("ferm rewrites its tables whole and keeps Docker's chains (@preserve); its hooks")
        .describe("leave one marked jump per built-in chain: the host holds what this policy")
        .describe("alone gives, whatever was applied before. Arguments go to ferm.")
        .describe("Fails when any step or hook fails (hooks report on descriptor 3).")
        .describe("A failing step or hook puts back all it saved first: rules and sets.")
        .iptables(true)
        .ipsets(withSets)
        .restoresOnFailure(true)
        .build()
        .script(body(withSets));
  }

  /** The commands the frame wraps; {@code $dir} is the checked copy of the bundle. */
  private static String body(boolean withSets) {
    StringBuilder out = new StringBuilder();
    out.append(
            "command -v ferm >/dev/null 2>&1 || { echo \"apply.sh: ferm not found\" >&2; exit 1;")
        .append(" }\n")
        .append(FLAVOUR);
    if (withSets) {
      out.append("ipset restore -exist < \"$dir/ipset.rules\" ||")
          .append(" { echo \"apply.sh: ipset restore failed\" >&2; exit 1; }\n");
    }
    out.append("exec 4>&1\n")
        .append("failed=$(ferm \"$@\" \"$dir/ferm.conf\" 3>&1 1>&4 4>&-) ||")
        .append(" { echo \"apply.sh: ferm failed\" >&2; exit 1; }\n")
        .append("exec 4>&-\n")
        .append("if [ -n \"$failed\" ]; then\n")
        .append("  printf '%s\\n' \"$failed\" | sed -e 's/^\\(.*\\) ")
        .append(Hooks.FAILED)
        .append("$/apply.sh: a ferm hook failed: \\1/' >&2\n")
        .append("  exit 1\n")
        .append("fi\n");
    return out.toString();
  }
}
