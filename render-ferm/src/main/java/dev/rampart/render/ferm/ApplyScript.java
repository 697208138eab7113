package dev.rampart.render.ferm;

/** The POSIX {@code apply.sh} of a ferm bundle: ipset restore, then ferm. Safe to run again. */
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
        .append("# (@preserve), so running it again changes nothing.\n")
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
      out.append("ipset restore -exist < \"$dir/ipset.rules\"\n");
    }
    out.append("ferm \"$dir/ferm.conf\"\n");
    return out.toString();
  }
}
