package dev.rampart.render.ferm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Run twice in a namespace by PreservesKernelTest. */
class ApplyScriptTest {
  @Test
  void restoresTheSetsThenRunsFermOnTheConfigurationBesideIt() {
    assertThat(ApplyScript.of(true))
        .isEqualTo(
            """
            #!/bin/sh
            # Applies the ferm rules of this directory: ipset restore, then ferm.
            # Rendered by Rampart: change the Java policy and render again, not this file.
            # Idempotent: ferm rewrites its tables whole and keeps Docker's chains
            # (@preserve), so running it again changes nothing. Arguments go to ferm.
            # Fails when any step or hook fails (hooks report on descriptor 3).
            set -eu
            dir=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
            command -v ferm >/dev/null 2>&1 || { echo "apply.sh: ferm not found" >&2; exit 1; }
            if command -v iptables-legacy >/dev/null 2>&1 && iptables -V 2>/dev/null | grep -q nf_tables; then
              echo "apply.sh: note: ferm will use iptables-legacy, iptables here is nf_tables; see the top of ferm.conf" >&2
            fi
            ipset restore -exist < "$dir/ipset.rules" || { echo "apply.sh: ipset restore failed" >&2; exit 1; }
            exec 4>&1
            failed=$(ferm "$@" "$dir/ferm.conf" 3>&1 1>&4 4>&-) || { echo "apply.sh: ferm failed" >&2; exit 1; }
            exec 4>&-
            if [ -n "$failed" ]; then
              echo "apply.sh: a ferm hook failed: our rules or policies of the built-in chains are not all in place (see above)" >&2
              exit 1
            fi
            """);
  }

  @Test
  void skipsTheIpsetStepWithoutSets() {
    assertThat(ApplyScript.of(false))
        .doesNotContain("ipset")
        .contains("\nfailed=$(ferm \"$@\" \"$dir/ferm.conf\" 3>&1 1>&4 4>&-)");
  }
}
