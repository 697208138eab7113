package dev.rampart.render.ferm;

/**
 * The POSIX {@code apply.sh} of a ferm bundle: ipset restore, then ferm. Safe to run again. Paths
 * reach commands only as quoted shell variables, never as text of ferm.conf. It fails (status 1,
 * one line saying which step) when ipset, ferm or one of ferm.conf's hooks fails: ferm ignores the
 * exit status of hooks, so every hook reports its failure on file descriptor 3 (see {@link
 * Hooks#hook}), which the script reads. Its arguments are passed on to ferm (e.g. {@code --def}).
 */
final class ApplyScript {
  private ApplyScript() {}

  /** The script; {@code withSets} adds the ipset step. */
  static String of(boolean withSets) {
    StringBuilder out = new StringBuilder();
    out.append("#!/bin/sh\n")
        .append("# Applies the ferm rules of this directory: ")
        .append(withSets ? "ipset restore, then ferm.\n" : "ferm.\n")
        .append("# ")
        .append(Header.EDIT)
        .append('\n')
        .append("# Idempotent: ferm rewrites its tables whole and keeps Docker's chains\n")
        .append("# (@preserve), so running it again changes nothing. Arguments go to ferm.\n")
        .append("# Fails when any step or hook fails (hooks report on descriptor 3).\n")
        .append("set -eu\n")
        .append("dir=$(CDPATH= cd -- \"$(dirname -- \"$0\")\" && pwd)\n")
        .append(
            "command -v ferm >/dev/null 2>&1 || { echo \"apply.sh: ferm not found\" >&2; exit 1;")
        .append(" }\n")
        .append("if command -v iptables-legacy >/dev/null 2>&1 &&")
        .append(" iptables -V 2>/dev/null | grep -q nf_tables; then\n")
        .append(
            "  echo \"apply.sh: note: ferm will use iptables-legacy, iptables here is nf_tables;")
        .append(" see the top of ferm.conf\" >&2\n")
        .append("fi\n");
    if (withSets) {
      out.append("ipset restore -exist < \"$dir/ipset.rules\" ||")
          .append(" { echo \"apply.sh: ipset restore failed\" >&2; exit 1; }\n");
    }
    out.append("exec 4>&1\n")
        .append("failed=$(ferm \"$@\" \"$dir/ferm.conf\" 3>&1 1>&4 4>&-) ||")
        .append(" { echo \"apply.sh: ferm failed\" >&2; exit 1; }\n")
        .append("exec 4>&-\n")
        .append("if [ -n \"$failed\" ]; then\n")
        .append("  echo \"apply.sh: a ferm hook failed: our rules or policies of the built-in")
        .append(" chains are not all in place (see above)\" >&2\n")
        .append("  exit 1\n")
        .append("fi\n");
    return out.toString();
  }
}
